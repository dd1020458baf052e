/**
 * Whether a subject's term can be confirmed: every learner of the class has every assessment the
 * subject requires (Circular 22: a missed assessment without a make-up is entered as 0 or CĐ,
 * explicitly; a blank never passes). Pure: the caller loads the class's learners and cells.
 */
import { findSubject, PRIMARY_RULES } from '../../gradebook/domain/level-rules';
import type { Grade, SecondaryLevelRules } from '../../gradebook/domain/level-rules';
import { hasPeriodicTest } from '../../gradebook/domain/primary';
import {
  checkpointOf,
  QUALITY_CODES,
  TERM_SLOTS,
  type TermSlot,
} from '../../gradebook/domain/primary-assessments';
import type { StoredTermMarks } from '../../gradebook/domain/term-marks';
import { validateSecondaryTermMarks } from '../../gradebook/domain/validate';

export interface MissingMark {
  /** `marks[<student id>].<cell>`: the learner and what is missing or wrong. */
  field: string;
  message: string;
}

export function missingMarks(
  rules: SecondaryLevelRules,
  grade: number,
  subjectCode: string,
  learners: readonly string[],
  marks: ReadonlyMap<string, StoredTermMarks>,
): MissingMark[] {
  const missing: MissingMark[] = [];
  for (const studentId of learners) {
    const m = marks.get(studentId);
    if (!m) {
      missing.push({ field: `marks[${studentId}]`, message: 'has no marks entered' });
      continue;
    }
    const check = validateSecondaryTermMarks(
      rules,
      grade as Grade,
      subjectCode,
      { regular: m.regular, midTerm: m.midTerm ?? undefined, endOfTerm: m.endOfTerm ?? undefined },
      { complete: true },
    );
    if (!check.ok)
      for (const p of check.problems)
        missing.push({ field: `marks[${studentId}].${p.field}`, message: p.message });
  }
  return missing;
}

/** A primary learner's stored assessment of a subject at one of the term's checkpoints. */
export interface StoredPrimaryCheckpoint {
  checkpoint: TermSlot;
  level: string;
  testScore: number | null;
}

/**
 * Whether a primary subject's term can be confirmed (Thông tư 27): every learner has a level at
 * both of the term's checkpoints (mid and end), and a test mark where the subject has a periodic
 * test at that checkpoint in the grade. Pure.
 */
export function missingPrimaryAssessments(
  grade: Grade,
  subjectCode: string,
  term: 1 | 2,
  learners: readonly string[],
  stored: ReadonlyMap<string, readonly StoredPrimaryCheckpoint[]>,
): MissingMark[] {
  const subject = findSubject(PRIMARY_RULES, subjectCode);
  const missing: MissingMark[] = [];
  for (const studentId of learners) {
    for (const slot of TERM_SLOTS) {
      const at = `assessments[${studentId}].${slot}`;
      const a = stored.get(studentId)?.find((x) => x.checkpoint === slot);
      if (!a) {
        missing.push({ field: `${at}.level`, message: 'no level at this checkpoint' });
        continue;
      }
      if (
        subject &&
        hasPeriodicTest(subject, grade, checkpointOf(term, slot)) &&
        a.testScore === null
      )
        missing.push({ field: `${at}.testScore`, message: 'the periodic test is not marked' });
    }
  }
  return missing;
}

/**
 * Whether a primary class's qualities and competencies of a term are complete: every learner has
 * every one of the 15 levels at both checkpoints. Pure.
 */
export function missingQualities(
  learners: readonly string[],
  stored: ReadonlyMap<string, Partial<Record<TermSlot, Record<string, string>>>>,
): MissingMark[] {
  const missing: MissingMark[] = [];
  for (const studentId of learners)
    for (const slot of TERM_SLOTS) {
      const levels = stored.get(studentId)?.[slot] ?? {};
      const absent = QUALITY_CODES.filter((c) => levels[c] === undefined);
      if (absent.length)
        missing.push({
          field: `qualities[${studentId}].${slot}`,
          message: `missing ${absent.join(', ')}`,
        });
    }
  return missing;
}
