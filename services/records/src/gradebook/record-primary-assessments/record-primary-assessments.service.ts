import { primarySubjectTaught } from '../domain/validate';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Conflict, FieldError, OutOfScope, RuleViolation } from '@qn/contracts';
import { Principal } from '@qn/auth';
import {
  checkpointOf,
  validatePrimarySubjectAssessment,
  validateQualityLevels,
} from '../domain/primary-assessments';
import { PRIMARY_RULES } from '../domain/level-rules';
import { GradebookRepository } from '../gradebook.repository';
import {
  LearnerQualityLevels,
  LearnerSubjectAssessment,
  PrimaryAssessmentsRepository,
} from '../primary-assessments.repository';
import { primaryClass } from '../primary-class';
import { RecordPrimaryAssessmentsDto, RecordQualitiesDto } from './record-primary-assessments.dto';

export interface SubjectTermKey {
  classId: string;
  subjectCode: string;
  term: 1 | 2;
}

const confirmed = () =>
  new Conflict(
    'marks-confirmed',
    'The term’s assessments are confirmed',
    'confirmed assessments do not change in place; a correction is a new version of the record, with a reason',
  );

/**
 * Primary teachers' assessments under Circular 27, all or nothing: the subject's teacher enters
 * levels, test marks and comments at a checkpoint; the homeroom teacher enters each learner's
 * quality and competency levels. Every learner must be in the class; one bad field refuses the
 * request with every failing field named; confirmed terms do not change. The answers carry no
 * assessments (a child's personal data: read them with GET, which the access log records).
 */
@Injectable()
export class RecordPrimaryAssessmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly gradebook: GradebookRepository,
    private readonly primary: PrimaryAssessmentsRepository,
  ) {}

  async recordSubject(key: SubjectTermKey, dto: RecordPrimaryAssessmentsDto, principal: Principal) {
    const klass = await primaryClass(this.gradebook, key.classId);
    if (!(await this.gradebook.teachesSubject(principal.subject, key.classId, key.subjectCode)))
      throw new OutOfScope(
        'not-the-subject-teacher',
        'Only the subject’s teacher enters its assessments',
        `${key.subjectCode} of this class is assigned to another teacher`,
      );
    // The subject itself first: an unknown one, or one the grade does not have, opens no term.
    const subject = primarySubjectTaught(PRIMARY_RULES, klass.grade, key.subjectCode);
    if (!subject.ok)
      throw invalid(subject.problems.map((p) => ({ field: 'subjectCode', message: p.message })));
    const checkpoint = checkpointOf(key.term, dto.checkpoint);
    return this.ds.transaction(async (tx) => {
      const term = await this.gradebook.lockTerm(tx, klass, key.subjectCode, key.term);
      if (term.status === 'confirmed') throw confirmed();
      const inClass = await this.gradebook.learnersInClass(tx, key.classId, klass.schoolYear);
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      const rows: LearnerSubjectAssessment[] = [];
      dto.assessments.forEach((a, i) => {
        const at = `assessments[${i}]`;
        errors.push(...membership(inClass, seen, a.studentId, at));
        const valid = validatePrimarySubjectAssessment(
          PRIMARY_RULES,
          klass.grade,
          key.subjectCode,
          checkpoint,
          a,
        );
        if (!valid.ok)
          for (const p of valid.problems)
            errors.push({
              field: p.field === 'subject' ? 'subjectCode' : `${at}.${p.field}`,
              message: p.message,
            });
        else rows.push({ studentId: a.studentId, ...valid.value });
      });
      if (errors.length) throw invalid(errors);
      await this.primary.saveSubjectAssessments(
        tx,
        { ...key, checkpoint: dto.checkpoint },
        rows,
        principal.subject,
        new Date(),
      );
      return {
        ...key,
        checkpoint: dto.checkpoint,
        schoolYear: klass.schoolYear,
        learners: rows.length,
        status: term.status,
      };
    });
  }

  async recordQualities(
    key: { classId: string; term: 1 | 2 },
    dto: RecordQualitiesDto,
    principal: Principal,
  ) {
    const klass = await primaryClass(this.gradebook, key.classId);
    if (!(await this.primary.isHomeroomTeacher(principal.subject, key.classId)))
      throw new OutOfScope(
        'not-the-homeroom-teacher',
        'Only the class’s homeroom teacher enters qualities and competencies',
        'the class has another homeroom teacher',
      );
    return this.ds.transaction(async (tx) => {
      const term = await this.primary.lockQualityTerm(tx, klass, key.term);
      if (term.status === 'confirmed') throw confirmed();
      const inClass = await this.gradebook.learnersInClass(tx, key.classId, klass.schoolYear);
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      const rows: LearnerQualityLevels[] = [];
      dto.assessments.forEach((a, i) => {
        const at = `assessments[${i}]`;
        errors.push(...membership(inClass, seen, a.studentId, at));
        const valid = validateQualityLevels(a.levels);
        if (!valid.ok)
          for (const p of valid.problems)
            errors.push({ field: `${at}.${p.field}`, message: p.message });
        else rows.push({ studentId: a.studentId, levels: valid.value });
      });
      if (errors.length) throw invalid(errors);
      await this.primary.saveQualityLevels(
        tx,
        { ...key, checkpoint: dto.checkpoint },
        rows,
        principal.subject,
        new Date(),
      );
      return {
        ...key,
        checkpoint: dto.checkpoint,
        schoolYear: klass.schoolYear,
        learners: rows.length,
        status: term.status,
      };
    });
  }
}

function membership(
  inClass: Set<string>,
  seen: Set<string>,
  studentId: string,
  at: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!inClass.has(studentId))
    errors.push({ field: `${at}.studentId`, message: 'is not a learner of this class' });
  if (seen.has(studentId)) errors.push({ field: `${at}.studentId`, message: 'appears twice' });
  seen.add(studentId);
  return errors;
}

/** The subject's own problem (unknown, not taught in the grade) comes once, not per learner. */
const invalid = (errors: FieldError[]) => {
  const unique = errors.filter(
    (e, i) => errors.findIndex((f) => f.field === e.field && f.message === e.message) === i,
  );
  return RuleViolation.ofFields('assessments-invalid', 'The assessments are not valid', unique);
};
