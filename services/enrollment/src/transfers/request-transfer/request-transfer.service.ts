import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Conflict, RuleViolation } from '@qn/contracts';
import { AccessContext } from '@qn/auth';
import { OrgDirectory } from '@qn/org-directory';
import { idempotentTransaction } from '@qn/service-kit';
import { transferProblems } from '../domain/transfer-rules';
import { TransferRepository, TransferRow } from '../transfer.repository';
import { RequestTransferDto } from './request-transfer.dto';

interface StudentPlace {
  schoolId: string;
  grade: number;
  schoolYear: string;
  applicantHash: string;
}

function studentOf(tx: EntityManager, studentId: string, lock: boolean): Promise<StudentPlace[]> {
  return tx.query(
    `SELECT s.school_id AS "schoolId", s.grade, s.school_year AS "schoolYear", s.applicant_hash AS "applicantHash"
       FROM student s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
    [studentId],
  );
}

/** The family or a school asks for a transfer (chuyển trường) to another school. */
@Injectable()
export class RequestTransferService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transfers: TransferRepository,
    private readonly directory: OrgDirectory,
  ) {}

  async request(dto: RequestTransferDto, access: AccessContext): Promise<TransferRow> {
    // Who may ask is checked before the transaction (scope reads the org tree on another connection).
    // The child's guardians, either school, or the department; anyone else gets the answer a
    // missing student gets (no "this child is enrolled" oracle).
    const [pre] = await studentOf(this.ds.manager, dto.studentId, false);
    await access.requireOrNotFound(
      pre && { orgUnitIds: [pre.schoolId, dto.toSchoolId], learnerId: pre.applicantHash },
      dto.studentId,
      'student',
    );
    return idempotentTransaction(this.ds, async (tx) => {
      const [student] = await studentOf(tx, dto.studentId, true);
      const to = await this.directory.get(dto.toSchoolId, tx);
      const errors = transferProblems(student, dto.toSchoolId, to?.school ?? undefined);
      if (errors.length)
        throw RuleViolation.ofFields('transfer-rule', 'The transfer cannot be requested', errors);
      const id = uuidv7();
      await insertTransfer(tx, id, dto, student, access.principal.subject);
      return (await this.transfers.get(id, tx))!;
    });
  }
}

async function insertTransfer(
  tx: EntityManager,
  id: string,
  dto: RequestTransferDto,
  student: StudentPlace,
  requestedBy: string,
): Promise<void> {
  try {
    await tx.query(
      `INSERT INTO transfer (id, student_id, from_school_id, to_school_id, grade, school_year, reason, effective_date, requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        dto.studentId,
        student.schoolId,
        dto.toSchoolId,
        student.grade,
        student.schoolYear,
        dto.reason.normalize('NFC'),
        dto.effectiveDate,
        requestedBy,
      ],
    );
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new Conflict(
        'transfer-open',
        'A transfer is already open',
        'this student has a transfer in progress',
      );
    throw err;
  }
}
