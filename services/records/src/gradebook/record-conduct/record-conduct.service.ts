import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { checkConductEntries, sameConduct } from '../domain/conduct';
import { ConductRepository } from '../conduct.repository';
import { conductClass } from '../conduct-class';
import { GradebookRepository } from '../gradebook.repository';
import { PrimaryAssessmentsRepository } from '../primary-assessments.repository';
import { RecordConductDto } from './record-conduct.dto';

/** What a write did, without any value (a child's personal data). */
export interface ConductWritten {
  classId: string;
  term: 1 | 2;
  schoolYear: string;
  status: 'open';
  /** Learners named. */
  learners: number;
  /** Learners whose term changed (or was new). */
  saved: number;
  /** Learners whose term already said this. */
  unchanged: number;
}

/**
 * The homeroom teacher enters learners' conduct level, absent sessions and remarks for a term
 * (Circular 22, grades 6-12), all or nothing: every learner must be in the class and named once,
 * one bad field refuses the request with every failing field named. Each entry replaces that
 * learner's term; learners not named keep theirs. Once the class's term is confirmed nothing
 * changes here. The answer counts learners only: the values are read with GET (access-logged).
 */
@Injectable()
export class RecordConductService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly gradebook: GradebookRepository,
    private readonly primary: PrimaryAssessmentsRepository,
    private readonly conduct: ConductRepository,
  ) {}

  async record(
    key: { classId: string; term: 1 | 2 },
    dto: RecordConductDto,
    principal: Principal,
  ): Promise<ConductWritten> {
    const klass = await conductClass(this.gradebook, key.classId);
    if (!(await this.primary.isHomeroomTeacher(principal.subject, key.classId)))
      throw new OutOfScope(
        'not-the-homeroom-teacher',
        'Only the class’s homeroom teacher enters conduct, absences and remarks',
        'the class has another homeroom teacher',
      );
    return this.ds.transaction(async (tx) => {
      if (await this.conduct.lockClassTerm(tx, key.classId, key.term))
        throw new Conflict(
          'class-term-confirmed',
          'The class’s term is confirmed',
          'a confirmed term does not change in place; a correction is a new version of the record, with a reason',
        );
      const learners = await this.gradebook.learnersInClass(tx, key.classId, klass.schoolYear);
      const checked = checkConductEntries(dto.entries, learners);
      if (!checked.ok)
        throw RuleViolation.ofFields(
          'conduct-invalid',
          'The conduct entries are not valid',
          checked.problems.map((p) => ({ field: p.field, message: p.message })),
        );
      const stored = new Map(
        (await this.conduct.entries(key.classId, key.term, tx)).map((e) => [e.studentId, e]),
      );
      const changed = checked.entries.filter((e) => {
        const before = stored.get(e.studentId);
        return !before || !sameConduct(before, e);
      });
      await this.conduct.save(tx, key, changed, principal.subject, new Date());
      return {
        ...key,
        schoolYear: klass.schoolYear,
        status: 'open' as const,
        learners: checked.entries.length,
        saved: changed.length,
        unchanged: checked.entries.length - changed.length,
      };
    });
  }
}
