import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventTypes, GraduationLevel, newTypedEvent, RuleViolation } from '@qn/contracts';
import { MessagingService } from '@qn/messaging';
import { OrgDirectory } from '@qn/org-directory';
import { schoolOrFail } from '../../shared/schools';
import { gradesOfLevels } from '../../rosters/domain/roster-plan';
import { GRADUATION_GRADE, teachesGraduationGrade } from '../domain/year-end-rules';

export interface CandidateList {
  schoolId: string;
  schoolYear: string;
  level: GraduationLevel;
  studentIds: string[];
}

/** The most candidates one list carries (the event's limit); no school comes near it. */
const MAX_CANDIDATES = 5000;

@Injectable()
export class GraduationCandidatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: OrgDirectory,
    private readonly messaging: MessagingService,
  ) {}

  async list(schoolId: string, schoolYear: string, level: GraduationLevel): Promise<CandidateList> {
    const school = await schoolOrFail(this.directory, schoolId);
    if (!teachesGraduationGrade(gradesOfLevels(school.school.levels), level))
      throw new RuleViolation(
        'no-graduation-grade',
        'The school has no candidates at this level',
        `${level} graduation is taken from grade ${GRADUATION_GRADE[level]}, which the school does not teach`,
      );
    return this.ds.transaction(async (tx) => {
      // Those still on the roster, and those whose year closed with the level completed.
      const rows: Array<{ id: string }> = await tx.query(
        `SELECT student_id AS id FROM student_year
          WHERE school_id = $1 AND school_year = $2 AND grade = $3 AND status IN ('enrolled', 'completed-level')
          ORDER BY student_id`,
        [schoolId, schoolYear, GRADUATION_GRADE[level]],
      );
      if (rows.length > MAX_CANDIDATES)
        throw new RuleViolation(
          'too-many-candidates',
          'Too many candidates for one list',
          `at most ${MAX_CANDIDATES}`,
        );
      const now = new Date();
      const studentIds = rows.map((r) => r.id);
      await this.messaging.outbox.enqueue(
        tx,
        newTypedEvent(EventTypes.graduationCandidatesListed, {
          source: 'enrollment',
          subjectId: schoolId,
          orgUnitId: schoolId,
          occurredAt: now,
          data: { schoolId, schoolYear, level, studentIds, listedAt: now.toISOString() },
        }),
      );
      return { schoolId, schoolYear, level, studentIds };
    });
  }
}
