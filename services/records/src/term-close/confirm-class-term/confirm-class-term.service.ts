import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, EventTypes, newTypedEvent, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { ConductRepository } from '../../gradebook/conduct.repository';
import { conductGradeProblem } from '../../gradebook/domain/conduct';
import { GradebookRepository } from '../../gradebook/gradebook.repository';
import type { TermSlot } from '../../gradebook/domain/primary-assessments';
import { PrimaryAssessmentsRepository } from '../../gradebook/primary-assessments.repository';
import { missingQualities } from '../domain/completeness';
import { formedClass, knownClass } from '../../gradebook/formed-class';
import { TermCloseRepository } from '../term-close.repository';

/**
 * Term close, step two: the homeroom teacher confirms the class's term once every subject the
 * class is taught (its teaching assignments) has its marks confirmed and, in a secondary class,
 * every learner has their conduct for the term (`conduct_term`), in a primary class their qualities
 * and competencies at both checkpoints (which the confirmation freezes). The principal signs next.
 */
@Injectable()
export class ConfirmClassTermService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: TermCloseRepository,
    private readonly gradebook: GradebookRepository,
    private readonly conduct: ConductRepository,
    private readonly primary: PrimaryAssessmentsRepository,
    private readonly messaging: MessagingService,
  ) {}

  async confirm(classId: string, term: number, principal: Principal) {
    const klass = await knownClass((id) => this.repo.findClass(id), classId);
    const me = await this.repo.staffIdOf(principal.subject, klass.schoolId);
    if (!klass.homeroomStaffId || klass.homeroomStaffId !== me)
      throw new OutOfScope(
        'not-the-homeroom-teacher',
        'Only the homeroom teacher confirms the class’s term',
        'the class has another homeroom teacher',
      );
    const grade = formedClass(klass).grade;
    const subjects = await this.repo.classSubjects(classId);
    if (!subjects.length)
      throw new Conflict('class-has-no-subjects', 'The class has no subjects assigned yet');

    return this.ds.transaction(async (tx) => {
      const open = await this.repo.unconfirmedSubjects(tx, classId, term, subjects);
      if (open.length)
        throw new RuleViolation(
          'subjects-unconfirmed',
          'Some subjects’ marks are not confirmed',
          `waiting for ${open.join(', ')}`,
          {
            errors: open.map((code) => ({
              field: `subjects.${code}`,
              message: 'marks not confirmed by its teacher',
            })),
          },
        );
      // Secondary (Circular 22): the học bạ needs each learner's conduct, absences and remarks.
      // The lock keeps a conduct write from landing between this check and the confirmation.
      if (!conductGradeProblem(grade)) {
        await this.conduct.lockClassTerm(tx, classId, term);
        const missing = await this.conduct.learnersWithout(tx, classId, klass.schoolYear, term);
        if (missing.length)
          throw new RuleViolation(
            'conduct-missing',
            'Some learners have no conduct for the term',
            `${missing.length} learner(s) without conduct, absences and remarks`,
            {
              errors: missing.map((studentId) => ({
                field: `conduct.${studentId}`,
                message: 'no conduct level for the term (enter it at …/terms/{term}/conduct)',
              })),
            },
          );
      }
      // Primary (Circular 27): every learner's qualities and competencies at both checkpoints;
      // the lock keeps a qualities write from landing between this check and the confirmation.
      const at = new Date();
      if (conductGradeProblem(grade)) {
        await this.primary.lockQualityTerm(tx, { ...klass, grade }, term);
        const learners = [...(await this.gradebook.learnersInClass(tx, classId, klass.schoolYear))];
        const levels = new Map<string, Partial<Record<TermSlot, Record<string, string>>>>();
        for (const r of await this.primary.qualityLevels(classId, term, tx))
          levels.set(r.studentId, { ...levels.get(r.studentId), [r.checkpoint]: r.levels });
        const missing = missingQualities(learners.sort(), levels);
        if (missing.length)
          throw new RuleViolation(
            'qualities-missing',
            'Some learners’ qualities and competencies are not assessed',
            `${missing.length} checkpoint(s) incomplete (enter them at …/terms/{term}/qualities)`,
            { errors: missing },
          );
        await this.primary.confirmQualityTerm(tx, classId, term, principal.subject, at);
      }
      if (
        !(await this.repo.confirmClass(
          tx,
          { ...klass, grade },
          term,
          subjects,
          principal.subject,
          at,
        ))
      )
        throw new Conflict('class-term-confirmed', 'The class’s term is already confirmed');
      const learners = await this.gradebook.learnersInClass(tx, classId, klass.schoolYear);
      await this.messaging.outbox.enqueue(tx, [
        newTypedEvent(EventTypes.classTermConfirmed, {
          source: 'records',
          subjectId: classId,
          orgUnitId: klass.schoolId,
          occurredAt: at,
          data: {
            classId,
            schoolId: klass.schoolId,
            schoolYear: klass.schoolYear,
            grade,
            term,
            subjectCodes: subjects,
            homeroomTeacherStaffId: me!,
            learners: learners.size,
            confirmedAt: at.toISOString(),
          },
        }),
      ]);
      return {
        classId,
        term,
        schoolYear: klass.schoolYear,
        status: 'confirmed' as const,
        subjectCodes: subjects,
        learners: learners.size,
        confirmedAt: at,
      };
    });
  }
}
