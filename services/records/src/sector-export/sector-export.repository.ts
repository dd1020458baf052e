import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StoredTermMarks } from '../gradebook/domain/term-marks';
import type {
  TermConduct,
  TermResultAnswer,
  TermResultBatch,
} from '../shared/sector-database/records-sector-database';

export interface QueuedClassTerm {
  classId: string;
  term: 1 | 2;
  schoolId: string;
  schoolYear: string;
  grade: number;
  subjectCodes: string[];
}

export interface StoredBatch {
  id: string;
  batch: TermResultBatch;
  attempts: number;
}

/** The export's tables (sector_export_queue, _batch, _record) and what it reads of the gradebook. */
@Injectable()
export class SectorExportRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Queues a signed class term for the export, in the signing's transaction, any grade (1-5:
   * Circular 27's levels; 6-12: Circular 22's results); again: no change.
   */
  async queue(
    tx: EntityManager,
    c: { classId: string; term: number; schoolId: string; schoolYear: string; grade: number },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO sector_export_queue (class_id, term, school_id, school_year, queued_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [c.classId, c.term, c.schoolId, c.schoolYear, at],
    );
  }

  /** Queued class terms not in a batch yet, locked for the caller's transaction. */
  async claimQueued(tx: EntityManager): Promise<QueuedClassTerm[]> {
    const rows: Array<QueuedClassTerm & { term: number }> = await tx.query(
      `SELECT q.class_id AS "classId", q.term, q.school_id AS "schoolId", q.school_year AS "schoolYear",
              ct.grade, ct.subject_codes AS "subjectCodes"
         FROM sector_export_queue q JOIN class_term ct ON ct.class_id = q.class_id AND ct.term = q.term
        WHERE q.batched_at IS NULL
        ORDER BY q.queued_at, q.class_id
        FOR UPDATE OF q SKIP LOCKED`,
    );
    return rows.map((r) => ({ ...r, term: Number(r.term) as 1 | 2 }));
  }

  /** The class's learners with their confirmed cells and conduct of the term. */
  async classTermLearners(
    tx: EntityManager,
    c: QueuedClassTerm,
  ): Promise<
    Array<{ studentId: string; cells: Map<string, StoredTermMarks>; conduct: TermConduct | null }>
  > {
    const learners: Array<{ id: string }> = await tx.query(
      `SELECT student_id AS id FROM roster_learner_year
        WHERE class_id = $1 AND school_year = $2 AND status = 'enrolled' ORDER BY student_id`,
      [c.classId, c.schoolYear],
    );
    const marks: Array<StoredTermMarks & { studentId: string; subjectCode: string }> =
      await tx.query(
        `SELECT m.student_id AS "studentId", m.subject_code AS "subjectCode", m.regular,
                m.mid_term AS "midTerm", m.end_of_term AS "endOfTerm"
           FROM term_mark m
           JOIN gradebook_term g ON g.class_id = m.class_id AND g.subject_code = m.subject_code AND g.term = m.term
          WHERE m.class_id = $1 AND m.term = $2 AND g.status = 'confirmed'`,
        [c.classId, c.term],
      );
    const conduct: Array<{ studentId: string; level: TermConduct }> = await tx.query(
      `SELECT student_id AS "studentId", level FROM conduct_term WHERE class_id = $1 AND term = $2`,
      [c.classId, c.term],
    );
    return learners.map(({ id }) => ({
      studentId: id,
      cells: new Map(
        marks
          .filter((m) => m.studentId === id)
          .map((m) => [
            m.subjectCode,
            { regular: m.regular, midTerm: m.midTerm, endOfTerm: m.endOfTerm },
          ]),
      ),
      conduct: conduct.find((k) => k.studentId === id)?.level ?? null,
    }));
  }

  /**
   * A primary class's learners (Circular 27) with what they have at the term's `end` checkpoint:
   * their assessments in the confirmed subjects, and their quality and competency levels.
   */
  async primaryClassTermLearners(
    tx: EntityManager,
    c: QueuedClassTerm,
  ): Promise<
    Array<{
      studentId: string;
      assessments: Map<string, { level: string; testScore: number | null }>;
      qualities: Record<string, string> | null;
    }>
  > {
    const learners: Array<{ id: string }> = await tx.query(
      `SELECT student_id AS id FROM roster_learner_year
        WHERE class_id = $1 AND school_year = $2 AND status = 'enrolled' ORDER BY student_id`,
      [c.classId, c.schoolYear],
    );
    const assessed: Array<{
      studentId: string;
      subjectCode: string;
      level: string;
      testScore: number | null;
    }> = await tx.query(
      `SELECT a.student_id AS "studentId", a.subject_code AS "subjectCode", a.level,
              a.test_score AS "testScore"
         FROM primary_subject_assessment a
         JOIN gradebook_term g ON g.class_id = a.class_id AND g.subject_code = a.subject_code AND g.term = a.term
        WHERE a.class_id = $1 AND a.term = $2 AND a.checkpoint = 'end' AND g.status = 'confirmed'`,
      [c.classId, c.term],
    );
    const qualities: Array<{ studentId: string; levels: Record<string, string> }> = await tx.query(
      `SELECT student_id AS "studentId", levels FROM primary_quality_assessment
        WHERE class_id = $1 AND term = $2 AND checkpoint = 'end'`,
      [c.classId, c.term],
    );
    return learners.map(({ id }) => ({
      studentId: id,
      assessments: new Map(
        assessed
          .filter((a) => a.studentId === id)
          .map((a) => [
            a.subjectCode,
            { level: a.level, testScore: a.testScore === null ? null : Number(a.testScore) },
          ]),
      ),
      qualities: qualities.find((q) => q.studentId === id)?.levels ?? null,
    }));
  }

  /** A batch as it will be sent (and sent again), with one pending row per record. */
  async insertBatch(tx: EntityManager, batch: TermResultBatch, term: 1 | 2, at: Date) {
    await tx.query(
      `INSERT INTO sector_export_batch (id, school_id, school_year, term, batch, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [batch.batchId, batch.schoolId, batch.schoolYear, term, JSON.stringify(batch), at],
    );
    for (const [i, r] of batch.records.entries())
      await tx.query(
        `INSERT INTO sector_export_record (batch_id, position, student_id, class_id, status)
         VALUES ($1, $2, $3, $4, 'pending')`,
        [batch.batchId, i, r.ref, r.classId],
      );
  }

  async markBatched(tx: EntityManager, c: QueuedClassTerm, at: Date): Promise<void> {
    await tx.query(
      `UPDATE sector_export_queue SET batched_at = $3 WHERE class_id = $1 AND term = $2`,
      [c.classId, c.term, at],
    );
  }

  /** Ids of the batches not answered yet, oldest first. */
  async unansweredBatchIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM sector_export_batch WHERE answered_at IS NULL ORDER BY created_at, id`,
    );
    return rows.map((r) => r.id);
  }

  /** The batch, locked for the caller's transaction; null when answered meanwhile or locked by another sender. */
  async lockUnanswered(tx: EntityManager, id: string): Promise<StoredBatch | null> {
    const [row]: StoredBatch[] = await tx.query(
      `SELECT id, batch, attempts FROM sector_export_batch
        WHERE id = $1 AND answered_at IS NULL FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return row ?? null;
  }

  async recordAnswers(
    tx: EntityManager,
    id: string,
    provider: string,
    answers: TermResultAnswer[],
    at: Date,
  ): Promise<void> {
    for (const [i, a] of answers.entries())
      await tx.query(
        `UPDATE sector_export_record SET status = $3, reason = $4, answered_at = $5
          WHERE batch_id = $1 AND position = $2`,
        [id, i, a.status, a.status === 'rejected' ? a.reason : null, at],
      );
    await tx.query(
      `UPDATE sector_export_batch SET answered_at = $2, provider = $3, attempts = attempts + 1,
              last_attempt_at = $2, last_error = NULL WHERE id = $1`,
      [id, at, provider],
    );
  }

  async recordFailure(tx: EntityManager, id: string, error: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE sector_export_batch SET attempts = attempts + 1, last_attempt_at = $2, last_error = $3 WHERE id = $1`,
      [id, at, error.slice(0, 500)],
    );
  }

  // ------------------------------------------------------------------ the report

  /** The school's classes of the year (primary and secondary), each with its term's state and learners. */
  async classesOf(schoolId: string, schoolYear: string, term: 1 | 2) {
    const rows: Array<{
      classId: string;
      name: string | null;
      grade: number;
      status: 'confirmed' | 'signed' | null;
      learners: string[] | null;
    }> = await this.ds.query(
      `SELECT c.id AS "classId", c.name, c.grade, ct.status,
              (SELECT array_agg(y.student_id ORDER BY y.student_id) FROM roster_learner_year y
                WHERE y.class_id = c.id AND y.school_year = c.school_year AND y.status = 'enrolled') AS learners
         FROM roster_class c
         LEFT JOIN class_term ct ON ct.class_id = c.id AND ct.term = $3
        WHERE c.school_id = $1 AND c.school_year = $2
        ORDER BY c.name, c.id`,
      [schoolId, schoolYear, term],
    );
    return rows.map((r) => ({
      classId: r.classId,
      name: r.name,
      grade: r.grade,
      status: r.status ?? ('open' as const),
      learners: r.learners ?? [],
    }));
  }

  /** Every record of the school's batches for the term, the latest answer first per learner and class. */
  async recordsOf(schoolId: string, schoolYear: string, term: 1 | 2) {
    const rows: Array<{
      studentId: string;
      classId: string;
      status: 'pending' | 'accepted' | 'rejected';
      reason: string | null;
      answeredAt: Date | null;
    }> = await this.ds.query(
      `SELECT DISTINCT ON (r.student_id, r.class_id)
              r.student_id AS "studentId", r.class_id AS "classId", r.status, r.reason,
              r.answered_at AS "answeredAt"
         FROM sector_export_record r JOIN sector_export_batch b ON b.id = r.batch_id
        WHERE b.school_id = $1 AND b.school_year = $2 AND b.term = $3
        ORDER BY r.student_id, r.class_id, (r.status = 'pending'), r.answered_at DESC NULLS LAST`,
      [schoolId, schoolYear, term],
    );
    return rows;
  }

  async batchesOf(schoolId: string, schoolYear: string, term: 1 | 2) {
    const [row]: Array<{
      batches: number;
      unanswered: number;
      lastSentAt: Date | null;
      lastAttemptAt: Date | null;
      lastError: string | null;
    }> = await this.ds.query(
      `SELECT count(*)::int AS batches,
              count(*) FILTER (WHERE answered_at IS NULL)::int AS unanswered,
              max(answered_at) AS "lastSentAt",
              max(last_attempt_at) AS "lastAttemptAt",
              (array_agg(last_error ORDER BY last_attempt_at DESC NULLS LAST)
                 FILTER (WHERE answered_at IS NULL AND last_error IS NOT NULL))[1] AS "lastError"
         FROM sector_export_batch WHERE school_id = $1 AND school_year = $2 AND term = $3`,
      [schoolId, schoolYear, term],
    );
    return row!;
  }

  async queuedClassIds(schoolId: string, schoolYear: string, term: 1 | 2): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT class_id AS id FROM sector_export_queue
        WHERE school_id = $1 AND school_year = $2 AND term = $3 AND batched_at IS NULL`,
      [schoolId, schoolYear, term],
    );
    return rows.map((r) => r.id);
  }
}
