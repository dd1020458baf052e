import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TermSlot, ValidSubjectAssessment } from './domain/primary-assessments';
import type { GradebookClass, GradebookTerm } from './gradebook.repository';

export type LearnerSubjectAssessment = ValidSubjectAssessment & { studentId: string };
export interface LearnerQualityLevels {
  studentId: string;
  levels: Record<string, string>;
}
export interface StoredSubjectAssessment extends LearnerSubjectAssessment {
  checkpoint: TermSlot;
}
export interface StoredQualityLevels extends LearnerQualityLevels {
  checkpoint: TermSlot;
}

/**
 * The primary gradebook's tables (Circular 27): subject assessments (their state is the subject's
 * `gradebook_term`, see GradebookRepository.lockTerm) and the homeroom teacher's quality and
 * competency levels (their state is `primary_quality_term`).
 */
@Injectable()
export class PrimaryAssessmentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether the signed-in account is the class's homeroom teacher (giáo viên chủ nhiệm). */
  async isHomeroomTeacher(account: string, classId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM roster_class c JOIN roster_staff_member m ON m.id = c.homeroom_staff_id
        WHERE c.id = $1 AND m.account_subject = $2 AND m.active`,
      [classId, account],
    );
    return rows.length > 0;
  }

  async saveSubjectAssessments(
    tx: EntityManager,
    key: { classId: string; subjectCode: string; term: number; checkpoint: TermSlot },
    rows: LearnerSubjectAssessment[],
    by: string,
    at: Date,
  ): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO primary_subject_assessment
         (class_id, subject_code, term, checkpoint, student_id, level, test_score, comment, entered_by, entered_at)
       SELECT $1, $2, $3, $4, u.student_id, u.level, u.test_score, u.comment, $5, $6
         FROM jsonb_to_recordset($7::jsonb) AS u(student_id uuid, level text, test_score smallint, comment text)
       ON CONFLICT (class_id, subject_code, term, checkpoint, student_id) DO UPDATE
         SET level = EXCLUDED.level, test_score = EXCLUDED.test_score, comment = EXCLUDED.comment,
             entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
      [
        key.classId,
        key.subjectCode,
        key.term,
        key.checkpoint,
        by,
        at,
        JSON.stringify(
          rows.map((r) => ({
            student_id: r.studentId,
            level: r.level,
            test_score: r.testScore,
            comment: r.comment,
          })),
        ),
      ],
    );
    await tx.query(
      `UPDATE gradebook_term SET revision = revision + 1, updated_at = $4 WHERE class_id = $1 AND subject_code = $2 AND term = $3`,
      [key.classId, key.subjectCode, key.term, at],
    );
  }

  async subjectAssessments(
    classId: string,
    subjectCode: string,
    term: number,
    tx: EntityManager = this.ds.manager,
  ): Promise<StoredSubjectAssessment[]> {
    return tx.query(
      `SELECT student_id AS "studentId", checkpoint, level, test_score AS "testScore", comment
         FROM primary_subject_assessment WHERE class_id = $1 AND subject_code = $2 AND term = $3
        ORDER BY student_id, checkpoint DESC`,
      [classId, subjectCode, term],
    );
  }

  /** The class's qualities state for the term, created open on first use, locked for the transaction. */
  async lockQualityTerm(
    tx: EntityManager,
    c: GradebookClass & { grade: number },
    term: number,
  ): Promise<GradebookTerm> {
    await tx.query(
      `INSERT INTO primary_quality_term (class_id, term, school_id, school_year, grade)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [c.classId, term, c.schoolId, c.schoolYear, c.grade],
    );
    const [row]: GradebookTerm[] = await tx.query(
      `SELECT status, confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt", revision
         FROM primary_quality_term WHERE class_id = $1 AND term = $2 FOR UPDATE`,
      [c.classId, term],
    );
    return row;
  }

  async findQualityTerm(classId: string, term: number): Promise<GradebookTerm | undefined> {
    const [row]: GradebookTerm[] = await this.ds.query(
      `SELECT status, confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt", revision
         FROM primary_quality_term WHERE class_id = $1 AND term = $2`,
      [classId, term],
    );
    return row;
  }

  /** Sets the levels named for each learner (the others they had stay). */
  async saveQualityLevels(
    tx: EntityManager,
    key: { classId: string; term: number; checkpoint: TermSlot },
    rows: LearnerQualityLevels[],
    by: string,
    at: Date,
  ): Promise<void> {
    if (!rows.length) return;
    await tx.query(
      `INSERT INTO primary_quality_assessment (class_id, term, checkpoint, student_id, levels, entered_by, entered_at)
       SELECT $1, $2, $3, u.student_id, u.levels, $4, $5
         FROM jsonb_to_recordset($6::jsonb) AS u(student_id uuid, levels jsonb)
       ON CONFLICT (class_id, term, checkpoint, student_id) DO UPDATE
         SET levels = primary_quality_assessment.levels || EXCLUDED.levels,
             entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
      [
        key.classId,
        key.term,
        key.checkpoint,
        by,
        at,
        JSON.stringify(rows.map((r) => ({ student_id: r.studentId, levels: r.levels }))),
      ],
    );
    await tx.query(
      `UPDATE primary_quality_term SET revision = revision + 1, updated_at = $3 WHERE class_id = $1 AND term = $2`,
      [key.classId, key.term, at],
    );
  }

  async qualityLevels(
    classId: string,
    term: number,
    tx: EntityManager = this.ds.manager,
  ): Promise<StoredQualityLevels[]> {
    return tx.query(
      `SELECT student_id AS "studentId", checkpoint, levels
         FROM primary_quality_assessment WHERE class_id = $1 AND term = $2
        ORDER BY student_id, checkpoint DESC`,
      [classId, term],
    );
  }

  /** Confirms the class's qualities of the term (with the class's term close). */
  async confirmQualityTerm(
    tx: EntityManager,
    classId: string,
    term: number,
    by: string,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE primary_quality_term SET status = 'confirmed', confirmed_by = $3, confirmed_at = $4, updated_at = $4
        WHERE class_id = $1 AND term = $2`,
      [classId, term, by, at],
    );
  }
}
