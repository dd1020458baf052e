import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@qn/contracts';
import { IsoDate } from '../../shared/money';
import { computeObligations, FeeCatalogue, ObligationLine, Student, TermNo } from '../domain/fees';
import { termOf, termPeriodKey } from '../domain/terms';
import { StudentAccount, toEventSegment } from '../../accounts/student-accounts';
import { FeeCatalogueRepository } from '../../catalogue/fee-catalogue.repository';
import { INVOICE_SELECT, InvoiceLine, InvoiceRow, Postings } from '../../ledger/postings';
import { ApplyEntitlementsService } from '../../entitlements/apply-entitlements.service';

export type Cause = Pick<EventEnvelope, 'id' | 'correlationId'> | undefined;

const sameLines = (a: InvoiceLine[], b: InvoiceLine[]) =>
  a.length === b.length &&
  a.every((l) => b.some((m) => m.lineId === l.lineId && m.amount === l.amount));

/** The term's obligations the domain computes for the student, by school (nothing for zero lines). */
function obligationsBySchool(account: StudentAccount, catalogue: FeeCatalogue, term: TermNo) {
  const student: Student = {
    studentId: account.studentId,
    enrolments: account.enrolments,
    optedInServices: account.optedInServices,
  };
  const bySchool = new Map<string, ObligationLine[]>();
  for (const l of computeObligations(student, catalogue, { kind: 'term', term })) {
    if (l.amount <= 0n) continue;
    bySchool.set(l.schoolId, [...(bySchool.get(l.schoolId) ?? []), l]);
  }
  return bySchool;
}

const toInvoiceLine = (l: ObligationLine): InvoiceLine => ({
  lineId: l.lineId,
  feeCode: l.feeCode,
  feeName: l.feeName,
  kind: l.kind,
  periodKey: l.periodKey,
  mandatory: l.mandatory,
  amount: l.amount.toString(),
  proration: l.proration,
  schedule: l.schedule,
  serviceFrom: l.serviceFrom,
  serviceUntil: l.serviceUntil,
});

/**
 * Bills a student for a term: the lines the domain computes from the student's enrolments and
 * the catalogue, grouped into one invoice per school. Existing invoices that no longer match
 * (after a transfer, the old school's share is prorated) are cancelled and replaced; matching
 * ones are left alone, so running it twice changes nothing.
 */
@Injectable()
export class StudentBillingService {
  private readonly logger = new Logger(StudentBillingService.name);

  constructor(
    private readonly catalogues: FeeCatalogueRepository,
    private readonly postings: Postings,
    private readonly entitlements: ApplyEntitlementsService,
  ) {}

  async syncTerm(
    tx: EntityManager,
    account: StudentAccount,
    schoolYear: string,
    term: TermNo,
    now: Date,
    cause?: Cause,
  ): Promise<{ issued: InvoiceRow[]; cancelled: string[] }> {
    const schools = [...new Set(account.enrolments.map((e) => e.schoolId))];
    const catalogue = await this.catalogues.catalogueFor(schoolYear, schools, tx);
    if (!catalogue) {
      this.logger.warn(`no fee catalogue for ${schoolYear}: ${account.studentId} not billed yet`);
      return { issued: [], cancelled: [] };
    }
    const periodKey = termPeriodKey(schoolYear, term);
    const desired = obligationsBySchool(account, catalogue, term);
    const existing: InvoiceRow[] = await tx.query(
      `${INVOICE_SELECT} WHERE student_id = $1 AND period_key = $2 AND status <> 'cancelled'`,
      [account.studentId, periodKey],
    );
    const issued: InvoiceRow[] = [];
    const cancelled: string[] = [];
    for (const schoolId of new Set([...desired.keys(), ...existing.map((i) => i.schoolId)])) {
      const lines = (desired.get(schoolId) ?? []).map(toInvoiceLine);
      const current = existing.find((i) => i.schoolId === schoolId);
      if (current && sameLines(current.lines, lines)) continue;
      if (current) {
        await this.postings.cancel(
          tx,
          account,
          current,
          'Tính lại theo thời gian học và dịch vụ đã đăng ký — recomputed after a transfer or a change of services',
          'payments',
          now,
          cause,
        );
        cancelled.push(current.id);
      }
      if (lines.length === 0) continue;
      const enrolment = account.enrolments.find((e) => e.schoolId === schoolId)!;
      issued.push(
        await this.postings.issue(
          tx,
          account,
          {
            schoolId,
            segment: toEventSegment(enrolment.segment),
            schoolYear,
            periodKey,
            lines,
            replacesInvoiceId: current?.id ?? null,
            now,
          },
          cause,
        ),
      );
    }
    // Entitlements already approved reduce the new invoices at once.
    if (issued.length) await this.entitlements.applyTo(tx, account, now);
    return { issued, cancelled };
  }

  /** Terms to (re)bill after an enrolment change on `date`: its term and any later term already billed. */
  async syncFrom(
    tx: EntityManager,
    account: StudentAccount,
    schoolYear: string,
    date: IsoDate,
    now: Date,
    cause?: Cause,
  ): Promise<void> {
    const catalogue = await this.catalogues.catalogueFor(schoolYear, [], tx);
    if (!catalogue) {
      this.logger.warn(`no fee catalogue for ${schoolYear}: ${account.studentId} not billed yet`);
      return;
    }
    const first = termOf(catalogue, date);
    if (first === undefined) return;
    const billed: Array<{ periodKey: string }> = await tx.query(
      `SELECT DISTINCT period_key AS "periodKey" FROM invoice WHERE student_id = $1 AND status <> 'cancelled'`,
      [account.studentId],
    );
    for (const t of catalogue.calendar.terms) {
      if (t.term < first) continue;
      if (t.term === first || billed.some((b) => b.periodKey === termPeriodKey(schoolYear, t.term)))
        await this.syncTerm(tx, account, schoolYear, t.term, now, cause);
    }
  }
}
