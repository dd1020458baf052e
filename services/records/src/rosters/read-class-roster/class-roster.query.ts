import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LearnerYearStatus } from '../domain/learner-years';

export interface ClassRoster {
  classId: string;
  schoolId: string;
  schoolYear: string;
  grade: number | null;
  name: string | null;
  homeroomTeacherStaffId: string | null;
  /** false while the class is known only from an assignment or a placement (no `class.formed` yet). */
  formed: boolean;
  /** Everyone placed in the class that year, with how their year stands (left and transferred-out included). */
  learners: Array<{ studentId: string; status: LearnerYearStatus }>;
  /** Subject teachers (staff ids), each with the subject codes they teach the class. */
  teachers: Array<{ staffId: string; subjects: string[] }>;
}

/** A class's roster from the projection: ids only. */
@Injectable()
export class ClassRosterQuery {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One snapshot (repeatable read): the class, its learners and teachers as of one moment. */
  find(classId: string): Promise<ClassRoster | undefined> {
    return this.ds.transaction('REPEATABLE READ', async (tx) => {
      const [klass]: Array<Omit<ClassRoster, 'learners' | 'teachers'>> = await tx.query(
        `SELECT id AS "classId", school_id AS "schoolId", school_year AS "schoolYear", grade, name,
                homeroom_staff_id AS "homeroomTeacherStaffId", revision > 0 AS formed
           FROM roster_class WHERE id = $1`,
        [classId],
      );
      if (!klass) return undefined;
      const learners: ClassRoster['learners'] = await tx.query(
        `SELECT student_id AS "studentId", status FROM roster_learner_year
          WHERE class_id = $1 AND school_year = $2 ORDER BY student_id`,
        [classId, klass.schoolYear],
      );
      const teachers: ClassRoster['teachers'] = await tx.query(
        `SELECT staff_id AS "staffId", array_agg(subject_code ORDER BY subject_code) AS subjects
           FROM roster_teaching_assignment WHERE class_id = $1 GROUP BY staff_id ORDER BY staff_id`,
        [classId],
      );
      return { ...klass, learners, teachers };
    });
  }
}
