import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  Conflict,
  EventTypes,
  newEvent,
  StudentEnrolledV2,
  TransferCompletedV1,
} from '@qn/contracts';
import { AccessContext } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { idempotentTransaction } from '@qn/service-kit';
import { nextStatus, TRANSITIONS, TransferAction } from '../domain/transfer-workflow';
import { TransferNotFound, TransferRepository, TransferRow } from '../transfer.repository';

/** The receiving school approves or rejects a transfer; the school the student leaves completes it. */
@Injectable()
export class DecideTransferService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transfers: TransferRepository,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  async act(
    id: string,
    action: TransferAction,
    access: AccessContext,
    note?: string,
  ): Promise<TransferRow> {
    // The schools of a transfer never change: check scope before the transaction.
    const pre = await this.transfers.get(id);
    if (!pre) throw new TransferNotFound(id);
    // The receiving school approves or rejects, the old school releases.
    await access.require({
      orgUnitIds: [TRANSITIONS[action].by === 'destination' ? pre.toSchoolId : pre.fromSchoolId],
    });
    return idempotentTransaction(this.ds, async (tx) => {
      const t = await this.transfers.lock(tx, id);
      const next = nextStatus(t.status, action);
      if (typeof next !== 'string')
        throw new Conflict('transfer-state', 'The transfer cannot do that now', next.error);
      await tx.query(
        `UPDATE transfer SET status = $2, decision_note = COALESCE($3, decision_note), decided_at = CASE WHEN $2 IN ('approved', 'rejected') THEN now() ELSE decided_at END,
           completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END WHERE id = $1`,
        [id, next, note ?? null],
      );
      if (next === 'completed') await this.complete(tx, t);
      return { ...t, status: next };
    });
  }

  /** The student moves to the new school; enrollment there is announced like an admission. */
  private async complete(tx: EntityManager, t: TransferRow): Promise<void> {
    await tx.query(
      `UPDATE student SET school_id = $2, class_name = NULL, class_id = NULL WHERE id = $1`,
      [t.studentId, t.toSchoolId],
    );
    // The year's place moves with the student: out of the old school's roster, onto the new one's.
    await tx.query(
      `UPDATE student_year SET status = 'transferred-out', ended_on = $4
        WHERE student_id = $1 AND school_year = $2 AND school_id = $3 AND status = 'enrolled'`,
      [t.studentId, t.schoolYear, t.fromSchoolId, t.effectiveDate],
    );
    await tx.query(
      `INSERT INTO student_year (student_id, school_year, school_id, grade, enrolled_on)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (student_id, school_year, school_id) DO UPDATE
         SET status = 'enrolled', ended_on = NULL, grade = EXCLUDED.grade, class_id = NULL`,
      [t.studentId, t.schoolYear, t.toSchoolId, t.grade, t.effectiveDate],
    );
    const to = await this.directory.get(t.toSchoolId, tx);
    await this.messaging.outbox.enqueue(tx, completedEvents(t, to!.school!.segment, new Date()));
  }
}

function completedEvents(t: TransferRow, segment: StudentEnrolledV2['segment'], now: Date) {
  const done = newEvent<TransferCompletedV1>({
    ...EventTypes.transferCompleted,
    source: 'enrollment',
    subjectId: t.studentId,
    orgUnitId: t.toSchoolId,
    occurredAt: now,
    data: {
      transferId: t.id,
      studentId: t.studentId,
      fromSchoolId: t.fromSchoolId,
      toSchoolId: t.toSchoolId,
      grade: t.grade,
      schoolYear: t.schoolYear,
      effectiveDate: t.effectiveDate,
      completedAt: now.toISOString(),
    },
  });
  return [
    done,
    newEvent<StudentEnrolledV2>({
      ...EventTypes.studentEnrolled,
      source: 'enrollment',
      subjectId: t.studentId,
      orgUnitId: t.toSchoolId,
      correlationId: done.correlationId,
      causationId: done.id,
      occurredAt: now,
      data: {
        studentId: t.studentId,
        schoolId: t.toSchoolId,
        grade: t.grade,
        classId: null,
        className: null,
        schoolYear: t.schoolYear,
        segment,
        reason: 'transfer',
        enrolledOn: t.effectiveDate,
      },
    }),
  ];
}
