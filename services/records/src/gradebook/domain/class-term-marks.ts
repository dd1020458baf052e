/**
 * One write of a class's marks in a subject and term, checked learner by learner: what the PUT
 * form and the file import both run, so a row of a file is judged exactly as a learner of the
 * form. Pure: the use case loads the class's learners and maps each problem onto its own fields.
 */
import type { Grade, SecondaryLevelRules } from './level-rules';
import { problem, type Problem } from './problems';
import { canonicalCells, type StoredTermMarks } from './term-marks';
import { validateSecondaryTermMarks, type RawTermMarks } from './validate';

/** A learner's stored cells in one subject and term. */
export type LearnerMarks = StoredTermMarks & { studentId: string };

/** One learner's cells as entered (blank = not entered). */
export interface LearnerEntry extends RawTermMarks {
  studentId: string;
}

export interface ClassTermContext {
  rules: SecondaryLevelRules;
  grade: number;
  subjectCode: string;
  /** The learners placed in the class this school year and still in it. */
  learners: ReadonlySet<string>;
}

/**
 * A problem of one entry (`index`, with the field inside the entry: `studentId`, `regular[2]`,
 * `regular`, `midTerm`, `endOfTerm`), or of the whole write (`index` null: the subject is unknown
 * or not taught in the grade, said once).
 */
export interface EntryProblem {
  index: number | null;
  problem: Problem;
}

export type ClassTermCheck =
  { ok: true; marks: LearnerMarks[] } | { ok: false; problems: EntryProblem[] };

/**
 * Every entry: the learner is in the class and named once, and the cells pass Circular 22's
 * checks (`validateSecondaryTermMarks`); the valid ones in canonical cells. All or nothing: any
 * problem and the caller saves none.
 */
export function checkClassTermMarks(
  ctx: ClassTermContext,
  entries: readonly LearnerEntry[],
): ClassTermCheck {
  const problems: EntryProblem[] = [];
  const seen = new Set<string>();
  const marks: LearnerMarks[] = [];
  let subjectProblems = false;
  entries.forEach((entry, index) => {
    if (!ctx.learners.has(entry.studentId))
      problems.push({
        index,
        problem: problem('studentId', 'marks.learnerNotInClass', 'is not a learner of this class'),
      });
    if (seen.has(entry.studentId))
      problems.push({
        index,
        problem: problem('studentId', 'marks.duplicateLearner', 'appears twice'),
      });
    seen.add(entry.studentId);
    const valid = validateSecondaryTermMarks(ctx.rules, ctx.grade as Grade, ctx.subjectCode, entry);
    if (valid.ok) {
      marks.push({ studentId: entry.studentId, ...canonicalCells(valid.value) });
      return;
    }
    for (const p of valid.problems)
      if (p.field !== 'subject') problems.push({ index, problem: p });
      else if (!subjectProblems) problems.push({ index: null, problem: p });
    subjectProblems ||= valid.problems.some((p) => p.field === 'subject');
  });
  return problems.length ? { ok: false, problems } : { ok: true, marks };
}

/** Whether stored cells already say what a write would save (a repeat changes nothing). */
export function sameCells(a: StoredTermMarks, b: StoredTermMarks): boolean {
  return (
    a.midTerm === b.midTerm &&
    a.endOfTerm === b.endOfTerm &&
    a.regular.length === b.regular.length &&
    a.regular.every((v, i) => v === b.regular[i])
  );
}
