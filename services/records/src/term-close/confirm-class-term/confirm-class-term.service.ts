import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Conflict,
  EventTypes,
  newTypedEvent,
  NotFound,
  OutOfScope,
  RuleViolation,
} from '@qn/contracts';
import { Principal } from '@qn/auth';
import { MessagingService } from '@qn/messaging';
import { GradebookRepository } from '../../gradebook/gradebook.repository';
import { TermCloseRepository } from '../term-close.repository';

/**
 * Term close, step two: the homeroom teacher confirms the class's term once every subject the
 * class is taught (its teaching assignments) has its marks confirmed. The principal signs next.
 */
@Injectable()
export class ConfirmClassTermService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: TermCloseRepository,
    private readonly gradebook: GradebookRepository,
    private readonly messaging: MessagingService,
  ) {}

  async confirm(classId: string, term: number, principal: Principal) {
    const klass = await this.repo.findClass(classId);
    if (!klass)
      throw new NotFound('class-unknown', 'No such class', 'records knows no class with this id');
    const me = await this.repo.staffIdOf(principal.subject, klass.schoolId);
    if (!klass.homeroomStaffId || klass.homeroomStaffId !== me)
      throw new OutOfScope(
        'not-the-homeroom-teacher',
        'Only the homeroom teacher confirms the class’s term',
        'the class has another homeroom teacher',
      );
    if (klass.grade === null)
      throw new Conflict(
        'class-not-formed',
        'The class is not formed yet',
        'its grade is not known yet',
      );
    const subjects = await this.repo.classSubjects(classId);
    if (!subjects.length)
      throw new Conflict('class-has-no-subjects', 'The class has no subjects assigned yet');
    const grade = klass.grade;

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
      const at = new Date();
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
