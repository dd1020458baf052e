import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SectorChange, SectorRecordAnswer } from '../shared/ports/sector-database';
import { Fingerprint, LearnerState } from './domain/sector-changes';

/** A learner of the school in the school year, with what the sector database last accepted. */
export interface SyncLearner extends LearnerState {
  studentId: string;
  sealed: string | null;
  sealingContext: string | null;
  accepted: Fingerprint | null;
}

export interface PlannedItem {
  studentId: string;
  change: SectorChange;
  fingerprint: Fingerprint;
}

/** sector_sync_batch and sector_sync_item, and the learners they are about. */
@Injectable()
export class SectorSyncRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Every learner with a place at the school in the school year (student_year), the class by
   * its name, the personal id sealed (on `student` for roster learners, context `student:<id>`;
   * on the application for admitted ones, `application:<id>`), and the latest accepted state.
   */
  async learners(tx: EntityManager, schoolId: string, schoolYear: string): Promise<SyncLearner[]> {
    const rows: Array<Omit<SyncLearner, 'accepted'> & { accepted: string | null }> = await tx.query(
      `SELECT s.id AS "studentId", sy.status AS "yearStatus", sy.grade,
              COALESCE(c.name, CASE WHEN sy.class_id IS NULL AND s.school_id = sy.school_id THEN s.class_name END) AS "className",
              to_char(sy.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", to_char(sy.ended_on, 'YYYY-MM-DD') AS "endedOn",
              s.full_name AS "fullName", to_char(s.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", s.gender,
              COALESCE(s.personal_id_sealed, a.applicant_pid_sealed) AS sealed,
              CASE WHEN s.personal_id_sealed IS NOT NULL THEN 'student:' || s.id
                   WHEN a.applicant_pid_sealed IS NOT NULL THEN 'application:' || a.id END AS "sealingContext",
              (SELECT i.fingerprint FROM sector_sync_item i JOIN sector_sync_batch b ON b.id = i.batch_id
                WHERE i.student_id = s.id AND b.school_id = sy.school_id AND b.school_year = sy.school_year
                  AND i.status = 'accepted'
                ORDER BY b.sent_at DESC, b.id DESC LIMIT 1) AS accepted
         FROM student_year sy
         JOIN student s ON s.id = sy.student_id
         LEFT JOIN school_class c ON c.id = sy.class_id
         LEFT JOIN application a ON a.id = s.application_id
        WHERE sy.school_id = $1 AND sy.school_year = $2
        ORDER BY s.id`,
      [schoolId, schoolYear],
    );
    return rows.map((r) => ({
      ...r,
      accepted: r.accepted ? (JSON.parse(r.accepted) as Fingerprint) : null,
    }));
  }

  /** Serialises syncs of one school; true when another is still sending (within 10 minutes). */
  async lockSchool(tx: EntityManager, schoolId: string): Promise<boolean> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sector-sync:' || $1))`, [schoolId]);
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM sector_sync_batch WHERE school_id = $1 AND status = 'sending'
          AND sent_at > now() - interval '10 minutes' LIMIT 1`,
      [schoolId],
    );
    return rows.length > 0;
  }

  async insertBatch(
    tx: EntityManager,
    b: {
      id: string;
      schoolId: string;
      schoolYear: string;
      term: string;
      provider: string;
      requestedBy: string;
      sentAt: Date;
    },
    items: PlannedItem[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO sector_sync_batch (id, school_id, school_year, term, provider, status, record_count, requested_by, sent_at)
       VALUES ($1, $2, $3, $4, $5, 'sending', $6, $7, $8)`,
      [b.id, b.schoolId, b.schoolYear, b.term, b.provider, items.length, b.requestedBy, b.sentAt],
    );
    await tx.query(
      `INSERT INTO sector_sync_item (batch_id, student_id, change, fingerprint, status)
       SELECT $1, x.student_id, x.change, x.fingerprint, 'pending'
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(student_id, change, fingerprint)`,
      [
        b.id,
        items.map((i) => i.studentId),
        items.map((i) => i.change),
        items.map((i) => JSON.stringify(i.fingerprint)),
      ],
    );
  }

  async recordAnswers(
    tx: EntityManager,
    batchId: string,
    answers: SectorRecordAnswer[],
  ): Promise<void> {
    await tx.query(
      `UPDATE sector_sync_item i SET status = x.status, reason = x.reason
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(student_id, status, reason)
        WHERE i.batch_id = $1 AND i.student_id = x.student_id`,
      [
        batchId,
        answers.map((a) => a.ref),
        answers.map((a) => a.status),
        answers.map((a) => (a.status === 'rejected' ? a.reason : null)),
      ],
    );
    await tx.query(
      `UPDATE sector_sync_batch SET status = 'answered', answered_at = now(),
              accepted_count = $2, rejected_count = $3 WHERE id = $1`,
      [
        batchId,
        answers.filter((a) => a.status === 'accepted').length,
        answers.filter((a) => a.status === 'rejected').length,
      ],
    );
  }

  async markFailed(batchIds: string[], failure: string): Promise<void> {
    if (!batchIds.length) return;
    await this.ds.transaction(async (tx) => {
      await tx.query(
        `UPDATE sector_sync_batch SET status = 'failed', failure = $2 WHERE id = ANY($1::uuid[])`,
        [batchIds, failure],
      );
      await tx.query(
        `UPDATE sector_sync_item SET status = 'unsent' WHERE batch_id = ANY($1::uuid[])`,
        [batchIds],
      );
    });
  }

  /** The term's report: batches and items of the term, and the school year's roster. */
  async report(schoolId: string, term: string, schoolYear: string) {
    const [totals]: Array<{
      batches: number;
      failed: number;
      sent: number;
      accepted: number;
      rejected: number;
      lastSentAt: Date | null;
    }> = await this.ds.query(
      `SELECT count(*)::int AS batches,
                count(*) FILTER (WHERE status = 'failed')::int AS failed,
                COALESCE(sum(record_count) FILTER (WHERE status = 'answered'), 0)::int AS sent,
                COALESCE(sum(accepted_count), 0)::int AS accepted,
                COALESCE(sum(rejected_count), 0)::int AS rejected,
                max(sent_at) FILTER (WHERE status = 'answered') AS "lastSentAt"
           FROM sector_sync_batch WHERE school_id = $1 AND term = $2`,
      [schoolId, term],
    );
    // Rejected in this term and not accepted in a later batch since.
    const rejections: Array<{
      studentId: string;
      change: string;
      reason: string;
      fullName: string;
    }> = await this.ds.query(
      `SELECT DISTINCT ON (i.student_id) i.student_id AS "studentId", i.change, i.reason, s.full_name AS "fullName"
           FROM sector_sync_item i JOIN sector_sync_batch b ON b.id = i.batch_id JOIN student s ON s.id = i.student_id
          WHERE b.school_id = $1 AND b.term = $2 AND i.status = 'rejected'
            AND NOT EXISTS (SELECT 1 FROM sector_sync_item j JOIN sector_sync_batch c ON c.id = j.batch_id
                             WHERE j.student_id = i.student_id AND c.school_id = b.school_id
                               AND j.status = 'accepted' AND c.sent_at > b.sent_at)
          ORDER BY i.student_id, b.sent_at DESC`,
      [schoolId, term],
    );
    // On the roster of the school year and never accepted (in any term of it).
    const missing: Array<{ studentId: string; fullName: string; grade: number }> =
      await this.ds.query(
        `SELECT s.id AS "studentId", s.full_name AS "fullName", sy.grade
         FROM student_year sy JOIN student s ON s.id = sy.student_id
        WHERE sy.school_id = $1 AND sy.school_year = $2 AND sy.status NOT IN ('left', 'transferred-out')
          AND NOT EXISTS (SELECT 1 FROM sector_sync_item i JOIN sector_sync_batch b ON b.id = i.batch_id
                           WHERE i.student_id = s.id AND b.school_id = sy.school_id
                             AND b.school_year = sy.school_year AND i.status = 'accepted')
        ORDER BY sy.grade, s.full_name, s.id`,
        [schoolId, schoolYear],
      );
    return { totals: totals!, rejections, missing };
  }
}
