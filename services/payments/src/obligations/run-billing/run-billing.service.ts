import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { idempotentTransaction } from '@qn/service-kit';
import { TermNo } from '../domain/fees';
import { StudentAccounts } from '../../accounts/student-accounts';
import { StudentBillingService } from '../bill-student/student-billing.service';

@Injectable()
export class RunBillingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: StudentAccounts,
    private readonly billing: StudentBillingService,
  ) {}

  /** Bills every student of a school (or all) for a term, one transaction per student. */
  async run(schoolYear: string, term: TermNo, schoolId: string | undefined) {
    const ids: Array<{ studentId: string }> = await this.ds.query(
      `SELECT student_id AS "studentId" FROM student_account WHERE school_year = $1 AND ($2::uuid IS NULL OR school_id = $2) ORDER BY student_id`,
      [schoolYear, schoolId ?? null],
    );
    let issued = 0;
    let cancelled = 0;
    for (const { studentId } of ids) {
      await this.ds.transaction(async (tx) => {
        const account = await this.accounts.lock(tx, studentId);
        if (!account) return;
        const r = await this.billing.syncTerm(tx, account, schoolYear, term, new Date());
        issued += r.issued.length;
        cancelled += r.cancelled.length;
      });
    }
    // Billing a student is itself idempotent (a second run issues nothing new), so the run needs
    // no transaction of its own: its answer is recorded last, and a retry after a crash finishes
    // the students left and answers for what it did.
    const answer = {
      schoolYear,
      term,
      students: ids.length,
      invoicesIssued: issued,
      invoicesReplaced: cancelled,
    };
    return idempotentTransaction(this.ds, async () => answer);
  }
}
