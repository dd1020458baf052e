import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { LearnerMarks } from './domain/class-term-marks';

export interface GradebookClass {
  classId: string;
  schoolId: string;
  schoolYear: string;
  grade: number | null;
}

export interface GradebookTerm {
  status: 'open' | 'confirmed';
  confirmedBy: string | null;
  confirmedAt: Date | null;
  revision: number;
}

/** The gradebook's tables and what it reads of the roster projection. */
@Injectable()
export class GradebookRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findClass(classId: string, tx: EntityManager = this.ds.manager) {
    const [row]: GradebookClass[] = await tx.query(
      `SELECT id AS "classId", school_id AS "schoolId", school_year AS "schoolYear", grade FROM roster_class WHERE id = $1`,
      [classId],
    );
    return row;
  }

  /** Whether the signed-in account is the teacher the class's subject is assigned to. */
  async teachesSubject(account: string, classId: string, subjectCode: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM roster_teaching_assignment a JOIN roster_staff_member m ON m.id = a.staff_id
        WHERE a.class_id = $1 AND a.subject_code = $2 AND m.account_subject = $3 AND m.active`,
      [classId, subjectCode, account],
    );
    return rows.length > 0;
  }

  /** The learners placed in the class this school year and still in it. */
  async learnersInClass(
    tx: EntityManager,
    classId: string,
    schoolYear: string,
  ): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT student_id AS id FROM roster_learner_year WHERE class_id = $1 AND school_year = $2 AND status = 'enrolled'`,
      [classId, schoolYear],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The term's state, created open on first use and locked for the caller's transaction. */
  async lockTerm(
    tx: EntityManager,
    c: GradebookClass & { grade: number },
    subjectCode: string,
    term: number,
  ): Promise<GradebookTerm> {
    await tx.query(
      `INSERT INTO gradebook_term (class_id, subject_code, term, school_id, school_year, grade)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [c.classId, subjectCode, term, c.schoolId, c.schoolYear, c.grade],
    );
    const [row]: GradebookTerm[] = await tx.query(
      `SELECT status, confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt", revision
         FROM gradebook_term WHERE class_id = $1 AND subject_code = $2 AND term = $3 FOR UPDATE`,
      [c.classId, subjectCode, term],
    );
    return row;
  }

  async findTerm(
    classId: string,
    subjectCode: string,
    term: number,
  ): Promise<GradebookTerm | undefined> {
    const [row]: GradebookTerm[] = await this.ds.query(
      `SELECT status, confirmed_by AS "confirmedBy", confirmed_at AS "confirmedAt", revision
         FROM gradebook_term WHERE class_id = $1 AND subject_code = $2 AND term = $3`,
      [classId, subjectCode, term],
    );
    return row;
  }

  async saveMarks(
    tx: EntityManager,
    key: { classId: string; subjectCode: string; term: number },
    marks: LearnerMarks[],
    by: string,
    at: Date,
  ): Promise<void> {
    if (!marks.length) return;
    await tx.query(
      `INSERT INTO term_mark (class_id, subject_code, term, student_id, regular, mid_term, end_of_term, entered_by, entered_at)
       SELECT $1, $2, $3, u.student_id, ARRAY(SELECT jsonb_array_elements_text(u.regular)), u.mid_term, u.end_of_term, $4, $5
         FROM jsonb_to_recordset($6::jsonb) AS u(student_id uuid, regular jsonb, mid_term text, end_of_term text)
       ON CONFLICT (class_id, subject_code, term, student_id) DO UPDATE
         SET regular = EXCLUDED.regular, mid_term = EXCLUDED.mid_term, end_of_term = EXCLUDED.end_of_term,
             entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at`,
      [
        key.classId,
        key.subjectCode,
        key.term,
        by,
        at,
        JSON.stringify(
          marks.map((m) => ({
            student_id: m.studentId,
            regular: m.regular,
            mid_term: m.midTerm,
            end_of_term: m.endOfTerm,
          })),
        ),
      ],
    );
    await tx.query(
      `UPDATE gradebook_term SET revision = revision + 1, updated_at = $4 WHERE class_id = $1 AND subject_code = $2 AND term = $3`,
      [key.classId, key.subjectCode, key.term, at],
    );
  }

  async marks(
    classId: string,
    subjectCode: string,
    term: number,
    tx: EntityManager = this.ds.manager,
  ): Promise<LearnerMarks[]> {
    return tx.query(
      `SELECT student_id AS "studentId", regular, mid_term AS "midTerm", end_of_term AS "endOfTerm"
         FROM term_mark WHERE class_id = $1 AND subject_code = $2 AND term = $3 ORDER BY student_id`,
      [classId, subjectCode, term],
    );
  }
}
