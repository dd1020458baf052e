/**
 * Whether a subject's term can be confirmed: every learner of the class has every assessment the
 * subject requires (Circular 22: a missed assessment without a make-up is entered as 0 or CĐ,
 * explicitly; a blank never passes). Pure: the caller loads the class's learners and cells.
 */
import type { Grade, SecondaryLevelRules } from '../../gradebook/domain/level-rules';
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
