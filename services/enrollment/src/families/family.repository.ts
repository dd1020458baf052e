import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ChildRow } from './domain/family-views';

/** What a family reads of the learner register: its own children, through the guardian relation. */
@Injectable()
export class FamilyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * The learners this family is a guardian of (applied online for, or named as the guardian
   * account on a school roster) who are in the register at a school now: active, with an open
   * place (`student_year` enrolled) at their current school and school year. Learners who left,
   * moved out of the platform, or completed their level with no place since are not listed.
   */
  childrenOf(guardianSubject: string): Promise<ChildRow[]> {
    return this.ds.query(
      `SELECT s.id AS "studentId", s.full_name AS "fullName", to_char(s.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              s.school_id AS "schoolId", s.grade, s.class_name AS "className", s.school_year AS "schoolYear"
         FROM guardian g JOIN student s ON s.applicant_hash = g.applicant_hash
        WHERE g.guardian_subject = $1 AND s.status = 'active'
          AND EXISTS (SELECT 1 FROM student_year y
                       WHERE y.student_id = s.id AND y.school_id = s.school_id AND y.school_year = s.school_year
                         AND y.status = 'enrolled')`,
      [guardianSubject],
    );
  }
}
