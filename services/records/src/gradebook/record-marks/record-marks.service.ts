import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, FieldError, NotFound, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import {
  checkClassTermMarks,
  EntryProblem,
  LearnerEntry,
  sameCells,
} from '../domain/class-term-marks';
import { secondaryRulesFor } from '../domain/term-marks';
import { GradebookRepository } from '../gradebook.repository';
import { RecordMarksDto } from './record-marks.dto';

export interface TermKey {
  classId: string;
  subjectCode: string;
  term: number;
}

/** Where a problem of an entry is shown to the caller (`marks[0].regular[1]`, `rows[3].TX2`). */
export type FieldOf = (p: EntryProblem) => string;

/** What a write did, without any mark (a child's personal data). */
export interface MarksWritten {
  schoolYear: string;
  status: 'open' | 'confirmed';
  /** Learners named. */
  learners: number;
  /** Learners whose cells changed (or were new). */
  saved: number;
  /** Learners whose cells already said this. */
  unchanged: number;
}

/**
 * A subject teacher enters their class's marks for a term (Circular 22): every cell is checked
 * (range, one decimal, scores only on scored subjects, Đ/CĐ only on commented ones, how many
 * regular assessments the subject has), every learner must be in the class, and one bad cell
 * refuses the whole request with each failing field named: nothing is saved in part. Once the
 * teacher confirmed the term's marks they do not change here. The form (PUT) and the file import
 * both write through `write`.
 */
@Injectable()
export class RecordMarksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly gradebook: GradebookRepository,
  ) {}

  async record(key: TermKey, dto: RecordMarksDto, principal: Principal) {
    const done = await this.write(key, dto.marks, principal, ({ index, problem }) =>
      index === null ? 'subjectCode' : `marks[${index}].${problem.field}`,
    );
    // PUT sets the cells it names to what it says: repeating it changes nothing. The answer holds
    // no marks (they are a child's personal data: read them with GET, which the access log records).
    return { ...key, schoolYear: done.schoolYear, learners: done.learners, status: done.status };
  }

  /**
   * Checks and saves learners' cells, all or nothing, in one transaction: the subject's own
   * teacher only, the term still open, every entry as `checkClassTermMarks` judges it.
   * `earlier` are problems the caller found already (a file's layout): they refuse the write with
   * the others, in one answer.
   */
  async write(
    key: TermKey,
    entries: readonly LearnerEntry[],
    principal: Principal,
    fieldOf: FieldOf,
    earlier: FieldError[] = [],
  ): Promise<MarksWritten> {
    const klass = await this.gradebook.findClass(key.classId);
    if (!klass)
      throw new NotFound('class-unknown', 'No such class', 'records knows no class with this id');
    // The policy let the class's teachers in; only the subject's own teacher writes its marks.
    if (!(await this.gradebook.teachesSubject(principal.subject, key.classId, key.subjectCode)))
      throw new OutOfScope(
        'not-the-subject-teacher',
        'Only the subject’s teacher enters its marks',
        `${key.subjectCode} of this class is assigned to another teacher`,
      );
    if (klass.grade === null)
      throw new Conflict(
        'class-not-formed',
        'The class is not formed yet',
        'its grade is not known yet',
      );
    const grade = klass.grade;
    const rules = secondaryRulesFor(grade);
    if (!rules.ok) throw invalid([{ field: rules.problem.field, message: rules.problem.message }]);

    return this.ds.transaction(async (tx) => {
      const term = await this.gradebook.lockTerm(
        tx,
        { ...klass, grade },
        key.subjectCode,
        key.term,
      );
      if (term.status === 'confirmed')
        throw new Conflict(
          'marks-confirmed',
          'The term’s marks are confirmed',
          'confirmed marks do not change in place; a correction is a new version of the record, with a reason',
        );
      const learners = await this.gradebook.learnersInClass(tx, key.classId, klass.schoolYear);
      const checked = checkClassTermMarks(
        { rules: rules.rules, grade, subjectCode: key.subjectCode, learners },
        entries,
      );
      const errors = [
        ...earlier,
        ...(checked.ok
          ? []
          : checked.problems.map((p) => ({ field: fieldOf(p), message: p.problem.message }))),
      ];
      if (errors.length || !checked.ok) throw invalid(errors);
      const stored = new Map(
        (await this.gradebook.marks(key.classId, key.subjectCode, key.term, tx)).map((m) => [
          m.studentId,
          m,
        ]),
      );
      const changed = checked.marks.filter((m) => {
        const before = stored.get(m.studentId);
        return !before || !sameCells(before, m);
      });
      await this.gradebook.saveMarks(tx, key, changed, principal.subject, new Date());
      return {
        schoolYear: klass.schoolYear,
        status: term.status,
        learners: checked.marks.length,
        saved: changed.length,
        unchanged: checked.marks.length - changed.length,
      };
    });
  }
}

const invalid = (errors: FieldError[]) =>
  new RuleViolation(
    'marks-invalid',
    'The marks are not valid',
    errors.map((e) => `${e.field} ${e.message}`).join('; '),
    { errors },
  );
