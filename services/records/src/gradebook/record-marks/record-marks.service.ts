import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, FieldError, NotFound, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import { canonicalCells, secondaryRulesFor } from '../domain/term-marks';
import { validateSecondaryTermMarks } from '../domain/validate';
import type { Grade } from '../domain/level-rules';
import { GradebookRepository, LearnerMarks } from '../gradebook.repository';
import { RecordMarksDto } from './record-marks.dto';

export interface TermKey {
  classId: string;
  subjectCode: string;
  term: number;
}

/**
 * A subject teacher enters their class's marks for a term (Circular 22): every cell is checked
 * (range, one decimal, scores only on scored subjects, Đ/CĐ only on commented ones, how many
 * regular assessments the subject has), every learner must be in the class, and one bad cell
 * refuses the whole request with each failing field named: nothing is saved in part. Once the
 * teacher confirmed the term's marks they do not change here.
 */
@Injectable()
export class RecordMarksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly gradebook: GradebookRepository,
  ) {}

  async record(key: TermKey, dto: RecordMarksDto, principal: Principal) {
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
    const rules = secondaryRulesFor(klass.grade);
    if (!rules.ok) throw invalid([{ field: rules.problem.field, message: rules.problem.message }]);

    // PUT sets the cells it names to what it says: repeating it changes nothing. The answer holds
    // no marks (they are a child's personal data: read them with GET, which the access log records).
    return this.ds.transaction(async (tx) => {
      const term = await this.gradebook.lockTerm(
        tx,
        { ...klass, grade: klass.grade! },
        key.subjectCode,
        key.term,
      );
      if (term.status === 'confirmed')
        throw new Conflict(
          'marks-confirmed',
          'The term’s marks are confirmed',
          'confirmed marks do not change in place; a correction is a new version of the record, with a reason',
        );
      const inClass = await this.gradebook.learnersInClass(tx, key.classId, klass.schoolYear);
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      const rows: LearnerMarks[] = [];
      dto.marks.forEach((m, i) => {
        const at = `marks[${i}]`;
        if (!inClass.has(m.studentId))
          errors.push({ field: `${at}.studentId`, message: 'is not a learner of this class' });
        if (seen.has(m.studentId))
          errors.push({ field: `${at}.studentId`, message: 'appears twice' });
        seen.add(m.studentId);
        const valid = validateSecondaryTermMarks(
          rules.rules,
          klass.grade as Grade,
          key.subjectCode,
          m,
        );
        if (!valid.ok)
          for (const p of valid.problems)
            errors.push({
              field: p.field === 'subject' ? 'subjectCode' : `${at}.${p.field}`,
              message: p.message,
            });
        else rows.push({ studentId: m.studentId, ...canonicalCells(valid.value) });
      });
      if (errors.length) throw invalid(dedupe(errors));
      await this.gradebook.saveMarks(tx, key, rows, principal.subject, new Date());
      return { ...key, schoolYear: klass.schoolYear, learners: rows.length, status: term.status };
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

/** The subject's own problem (unknown, not taught in the grade) comes once, not per learner. */
const dedupe = (errors: FieldError[]) =>
  errors.filter(
    (e, i) => errors.findIndex((f) => f.field === e.field && f.message === e.message) === i,
  );
