import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ConductEntry } from './domain/conduct';

/**
 * The homeroom teacher's conduct, absences and remarks per learner and term (`conduct_term`,
 * secondary classes). Their state is the class's term close: once `class_term` has the class's
 * term, they do not change.
 */
@Injectable()
export class ConductRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Serialises the writes of a class's term conduct with its confirmation (both call this in
   * their transaction, before reading): a write never lands after the term was confirmed, and a
   * confirmation never misses a write. Says whether the class's term is confirmed already.
   */
  async lockClassTerm(tx: EntityManager, classId: string, term: number): Promise<boolean> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `records.conduct_term:${classId}:${term}`,
    ]);
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM class_term WHERE class_id = $1 AND term = $2`,
      [classId, term],
    );
    return rows.length > 0;
  }

  async isConfirmed(classId: string, term: number): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM class_term WHERE class_id = $1 AND term = $2`,
      [classId, term],
    );
    return rows.length > 0;
  }

  async entries(
    classId: string,
    term: number,
    tx: EntityManager = this.ds.manager,
  ): Promise<ConductEntry[]> {
    return tx.query(
      `SELECT student_id AS "studentId", level, absent_sessions AS "absentSessions", remarks
         FROM conduct_term WHERE class_id = $1 AND term = $2 ORDER BY student_id`,
      [classId, term],
    );
  }

  /** Each learner of the class this school year (still in it) with their term, or null. */
  async learnerTerms(
    classId: string,
    schoolYear: string,
    term: number,
  ): Promise<Array<{ studentId: string; conduct: Omit<ConductEntry, 'studentId'> | null }>> {
    const rows: Array<ConductEntry & { level: ConductEntry['level'] | null }> = await this.ds.query(
      `SELECT y.student_id AS "studentId", c.level, c.absent_sessions AS "absentSessions", c.remarks
         FROM roster_learner_year y
         LEFT JOIN conduct_term c ON c.class_id = y.class_id AND c.term = $3 AND c.student_id = y.student_id
        WHERE y.class_id = $1 AND y.school_year = $2 AND y.status = 'enrolled'
        ORDER BY y.student_id`,
      [classId, schoolYear, term],
    );
    return rows.map(({ studentId, level, absentSessions, remarks }) => ({
      studentId,
      conduct: level === null ? null : { level, absentSessions, remarks },
    }));
  }

  /** Replaces each named learner's term (the others keep theirs). */
  async save(
    tx: EntityManager,
    key: { classId: string; term: number },
    rows: ConductEntry[],
    by: string,
    at: Date,
  ): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO conduct_term (class_id, term, student_id, level, absent_sessions, remarks, entered_by, entered_at)
       SELECT $1, $2, u.student_id, u.level, u.absent_sessions, u.remarks, $3, $4
         FROM jsonb_to_recordset($5::jsonb) AS u(student_id uuid, level text, absent_sessions integer, remarks text)
       ON CONFLICT (class_id, term, student_id) DO UPDATE
         SET level = EXCLUDED.level, absent_sessions = EXCLUDED.absent_sessions, remarks = EXCLUDED.remarks,
             entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
      [
        key.classId,
        key.term,
        by,
        at,
        JSON.stringify(
          rows.map((r) => ({
            student_id: r.studentId,
            level: r.level,
            absent_sessions: r.absentSessions,
            remarks: r.remarks,
          })),
        ),
      ],
    );
  }

  /** The class's learners this school year (still in it) without a conduct row for the term. */
  async learnersWithout(
    tx: EntityManager,
    classId: string,
    schoolYear: string,
    term: number,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT y.student_id AS id FROM roster_learner_year y
        WHERE y.class_id = $1 AND y.school_year = $2 AND y.status = 'enrolled'
          AND NOT EXISTS (SELECT 1 FROM conduct_term c
                           WHERE c.class_id = $1 AND c.term = $3 AND c.student_id = y.student_id)
        ORDER BY y.student_id`,
      [classId, schoolYear, term],
    );
    return rows.map((r) => r.id);
  }
}
