import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFound } from '@qn/contracts';
import { Policy, Reach } from '@qn/auth';

/** Who reads a school's roster: the department, the commune for the schools it manages, the school. */
const ROSTER_READERS = {
  province: Reach.All,
  commune: Reach.ManagedSchools,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
} as const;

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('schools/:schoolId/rosters/:schoolYear')
export class FindRosterController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The school's classes of the year with their learner counts and homeroom teachers (no personal data). */
  @Get()
  @Policy({
    action: 'read',
    resource: 'roster',
    users: ROSTER_READERS,
    target: { orgUnitParam: 'schoolId' },
  })
  async summary(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
  ) {
    const classes: Array<{
      id: string;
      name: string;
      grade: number;
      homeroomTeacherId: string | null;
      learners: number;
    }> = await this.ds.query(
      `SELECT c.id, c.name, c.grade, c.homeroom_teacher_id AS "homeroomTeacherId",
                count(y.student_id)::int AS learners
           FROM school_class c
           LEFT JOIN student_year y ON y.class_id = c.id AND y.status = 'enrolled'
          WHERE c.school_id = $1 AND c.school_year = $2
          GROUP BY c.id ORDER BY c.grade, c.name`,
      [schoolId, schoolYear],
    );
    const [counts]: Array<{ learners: number; unplaced: number; staff: number }> =
      await this.ds.query(
        `SELECT (SELECT count(*)::int FROM student_year WHERE school_id = $1 AND school_year = $2 AND status = 'enrolled') AS learners,
              (SELECT count(*)::int FROM student_year WHERE school_id = $1 AND school_year = $2 AND status = 'enrolled' AND class_id IS NULL) AS unplaced,
              (SELECT count(*)::int FROM staff_member WHERE school_id = $1 AND active) AS staff`,
        [schoolId, schoolYear],
      );
    return { schoolId, schoolYear, ...counts, classes };
  }

  /**
   * A class list (danh sách lớp): its learners and teachers. Also for the class's own teachers
   * (assigned a subject, or its homeroom teacher). A class out of the caller's reach answers 404
   * like a missing one. Personal data: access is logged.
   */
  @Get('classes/:classId')
  @Policy({
    action: 'read',
    resource: 'class-list',
    users: { ...ROSTER_READERS, teacher: Reach.Classes },
    target: { idParam: 'classId' },
    personalData: true,
  })
  async classList(
    @Param('schoolId', new ParseUUIDPipe()) schoolId: string,
    @Param('schoolYear') schoolYear: string,
    @Param('classId', new ParseUUIDPipe()) classId: string,
  ) {
    const [klass]: Array<{
      id: string;
      name: string;
      grade: number;
      homeroomTeacherId: string | null;
    }> = await this.ds.query(
      `SELECT id, name, grade, homeroom_teacher_id AS "homeroomTeacherId" FROM school_class
          WHERE id = $1 AND school_id = $2 AND school_year = $3`,
      [classId, schoolId, schoolYear],
    );
    if (!klass)
      throw new NotFound(
        'class-unknown',
        'No such class',
        'the school has no class with this id that year',
      );
    const learners = await this.ds.query(
      `SELECT s.id AS "studentId", s.full_name AS "fullName", to_char(s.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              s.gender, '********' || COALESCE(s.personal_id_last4, '') AS "personalId",
              s.identity_result AS "identityResult"
         FROM student_year y JOIN student s ON s.id = y.student_id
        WHERE y.class_id = $1 AND y.status = 'enrolled'
        ORDER BY s.full_name COLLATE "C", s.id`,
      [classId],
    );
    const teachers = await this.ds.query(
      `SELECT m.id AS "staffId", m.full_name AS "fullName", m.role, array_agg(a.subject_code ORDER BY a.subject_code) AS subjects
         FROM teaching_assignment a JOIN staff_member m ON m.id = a.staff_id
        WHERE a.class_id = $1 GROUP BY m.id ORDER BY m.full_name COLLATE "C"`,
      [classId],
    );
    return { ...klass, schoolYear, learners, teachers };
  }
}
