import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface CloseClass {
  classId: string;
  schoolId: string;
  schoolYear: string;
  grade: number | null;
  homeroomStaffId: string | null;
}

/**
 * What the term close reads and changes beyond the gradebook's own repository: the rosters' class
 * (with its homeroom teacher) and staff, the confirmations.
 */
@Injectable()
export class TermCloseRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findClass(classId: string): Promise<CloseClass | undefined> {
    const [row]: CloseClass[] = await this.ds.query(
      `SELECT id AS "classId", school_id AS "schoolId", school_year AS "schoolYear", grade,
              homeroom_staff_id AS "homeroomStaffId" FROM roster_class WHERE id = $1`,
      [classId],
    );
    return row;
  }

  /** The active staff record behind a sign-in account at the school, if any. */
  async staffIdOf(account: string, schoolId: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM roster_staff_member WHERE account_subject = $1 AND school_id = $2 AND active`,
      [account, schoolId],
    );
    return row?.id;
  }

  /** The staff member the class's subject is assigned to. */
  async subjectTeacher(classId: string, subjectCode: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await this.ds.query(
      `SELECT staff_id AS id FROM roster_teaching_assignment WHERE class_id = $1 AND subject_code = $2`,
      [classId, subjectCode],
    );
    return row?.id;
  }

  /** The subjects assigned to the class (its timetable, from the teaching assignments). */
  async classSubjects(classId: string): Promise<string[]> {
    const rows: Array<{ code: string }> = await this.ds.query(
      `SELECT subject_code AS code FROM roster_teaching_assignment WHERE class_id = $1 ORDER BY subject_code`,
      [classId],
    );
    return rows.map((r) => r.code);
  }

  async confirmSubject(
    tx: EntityManager,
    key: { classId: string; subjectCode: string; term: number },
    by: string,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE gradebook_term SET status = 'confirmed', confirmed_by = $4, confirmed_at = $5, updated_at = $5
        WHERE class_id = $1 AND subject_code = $2 AND term = $3`,
      [key.classId, key.subjectCode, key.term, by, at],
    );
  }

  /** The class's subjects whose term is not confirmed yet. */
  async unconfirmedSubjects(
    tx: EntityManager,
    classId: string,
    term: number,
    subjects: string[],
  ): Promise<string[]> {
    const rows: Array<{ code: string }> = await tx.query(
      `SELECT s.code FROM unnest($3::text[]) AS s(code)
        WHERE NOT EXISTS (SELECT 1 FROM gradebook_term g WHERE g.class_id = $1 AND g.term = $2
                            AND g.subject_code = s.code AND g.status = 'confirmed')
        ORDER BY s.code`,
      [classId, term, subjects],
    );
    return rows.map((r) => r.code);
  }

  /** Records the homeroom teacher's confirmation; false when the class's term was already confirmed. */
  async confirmClass(
    tx: EntityManager,
    c: CloseClass & { grade: number },
    term: number,
    subjects: string[],
    by: string,
    at: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO class_term (class_id, term, school_id, school_year, grade, status, subject_codes, confirmed_by, confirmed_at)
       VALUES ($1, $2, $3, $4, $5, 'confirmed', $6, $7, $8) ON CONFLICT DO NOTHING RETURNING class_id`,
      [c.classId, term, c.schoolId, c.schoolYear, c.grade, subjects, by, at],
    );
    return rows.length > 0;
  }

  /** The class's term close, if the homeroom teacher confirmed it. */
  async classTerm(
    classId: string,
    term: number,
  ): Promise<{ status: 'confirmed' | 'signed' } | undefined> {
    const [row]: Array<{ status: 'confirmed' | 'signed' }> = await this.ds.query(
      `SELECT status FROM class_term WHERE class_id = $1 AND term = $2`,
      [classId, term],
    );
    return row;
  }

  /** Records the principal's signature; false when the term is not (or no longer) just confirmed. */
  async signClass(
    tx: EntityManager,
    classId: string,
    term: number,
    by: string,
    at: Date,
  ): Promise<boolean> {
    // Through a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with its rows.
    const rows: unknown[] = await tx.query(
      `WITH signed AS (
         UPDATE class_term SET status = 'signed', signed_by = $3, signed_at = $4
          WHERE class_id = $1 AND term = $2 AND status = 'confirmed' RETURNING class_id)
       SELECT class_id FROM signed`,
      [classId, term, by, at],
    );
    return rows.length > 0;
  }
}
