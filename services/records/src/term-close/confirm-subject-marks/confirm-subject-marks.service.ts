import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, EventTypes, newTypedEvent, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { secondaryRulesFor } from '../../gradebook/domain/term-marks';
import type { Grade } from '../../gradebook/domain/level-rules';
import { PrimaryAssessmentsRepository } from '../../gradebook/primary-assessments.repository';
import { missingMarks, missingPrimaryAssessments } from '../domain/completeness';
import { GradebookRepository } from '../../gradebook/gradebook.repository';
import { formedClass, knownClass } from '../../gradebook/formed-class';
import { TermCloseRepository } from '../term-close.repository';

/** Rows by learner. */
function groupBy<T extends { studentId: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(r.studentId, [...(m.get(r.studentId) ?? []), r]);
  return m;
}

/**
 * Term close, step one: the subject's teacher confirms the class's marks for the term. Every
 * learner must have every required assessment; after this the marks do not change in place.
 */
@Injectable()
export class ConfirmSubjectMarksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: TermCloseRepository,
    private readonly gradebook: GradebookRepository,
    private readonly primary: PrimaryAssessmentsRepository,
    private readonly messaging: MessagingService,
  ) {}

  async confirm(key: { classId: string; subjectCode: string; term: number }, principal: Principal) {
    const klass = await knownClass((id) => this.repo.findClass(id), key.classId);
    const teacher = await this.repo.subjectTeacher(key.classId, key.subjectCode);
    const me = await this.repo.staffIdOf(principal.subject, klass.schoolId);
    if (!teacher || teacher !== me)
      throw new OutOfScope(
        'not-the-subject-teacher',
        'Only the subject’s teacher confirms its marks',
        `${key.subjectCode} of this class is not assigned to you`,
      );
    const grade = formedClass(klass).grade;
    const rules = secondaryRulesFor(grade);

    return this.ds.transaction(async (tx) => {
      const state = await this.gradebook.lockTerm(
        tx,
        { ...klass, grade },
        key.subjectCode,
        key.term,
      );
      if (state.status === 'confirmed')
        throw new Conflict('marks-confirmed', 'The term’s marks are already confirmed');
      const learners = [
        ...(await this.gradebook.learnersInClass(tx, key.classId, klass.schoolYear)),
      ].sort();
      // Secondary (Circular 22): every required mark; primary (Circular 27): every checkpoint.
      const gaps = rules.ok
        ? missingMarks(
            rules.rules,
            grade,
            key.subjectCode,
            learners,
            new Map(
              (await this.gradebook.marks(key.classId, key.subjectCode, key.term, tx)).map(
                ({ studentId, ...cells }) => [studentId, cells],
              ),
            ),
          )
        : missingPrimaryAssessments(
            grade as Grade,
            key.subjectCode,
            key.term as 1 | 2,
            learners,
            groupBy(
              await this.primary.subjectAssessments(key.classId, key.subjectCode, key.term, tx),
            ),
          );
      if (gaps.length)
        throw new RuleViolation(
          'marks-incomplete',
          'Some learners’ marks are missing',
          rules.ok
            ? `${gaps.length} missing or incomplete: enter them (a missed assessment is 0 or CĐ) before confirming`
            : `${gaps.length} missing: every checkpoint's level, and the periodic test where there is one`,
          { errors: gaps },
        );
      const at = new Date();
      await this.repo.confirmSubject(tx, key, principal.subject, at);
      await this.messaging.outbox.enqueue(tx, [
        newTypedEvent(EventTypes.termMarksConfirmed, {
          source: 'records',
          subjectId: key.classId,
          orgUnitId: klass.schoolId,
          occurredAt: at,
          data: {
            classId: key.classId,
            schoolId: klass.schoolId,
            schoolYear: klass.schoolYear,
            grade,
            term: key.term,
            subjectCode: key.subjectCode,
            teacherStaffId: teacher,
            learners: learners.length,
            confirmedAt: at.toISOString(),
          },
        }),
      ]);
      return {
        ...key,
        schoolYear: klass.schoolYear,
        status: 'confirmed' as const,
        learners: learners.length,
        confirmedAt: at,
      };
    });
  }
}
