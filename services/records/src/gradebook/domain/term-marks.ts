/**
 * One learner's marks in one subject and term as the gradebook keeps and shows them: the cells
 * in canonical text, and the term result when the marks allow one. Pure: the use cases load the
 * class's grade and the stored cells.
 */
import { findSubject, levelOfGrade, LEVEL_RULES, regularAssessmentsPerTerm } from './level-rules';
import type { Grade, SecondaryLevelRules } from './level-rules';
import { problem, type Problem } from './problems';
import { formatScore, type Tenths } from './score';
import type { PassFail } from './secondary';
import { RawTermMarks, termResultOf, validateSecondaryTermMarks, ValidTermMarks } from './validate';

/** The cells as stored: a score in its shortest form ("8.5", "10"), a comment as "Đ" / "CĐ". */
export interface StoredTermMarks {
  regular: string[];
  midTerm: string | null;
  endOfTerm: string | null;
}

const COMMENT_CELL: Readonly<Record<PassFail, string>> = { pass: 'Đ', fail: 'CĐ' };

export function canonicalCells(marks: ValidTermMarks): StoredTermMarks {
  const cell = (v: number | PassFail) =>
    typeof v === 'number' ? formatScore(v as Parameters<typeof formatScore>[0]) : COMMENT_CELL[v];
  return {
    regular: (marks.regular as Array<number | PassFail>).map(cell),
    midTerm: marks.midTerm === undefined ? null : cell(marks.midTerm),
    endOfTerm: marks.endOfTerm === undefined ? null : cell(marks.endOfTerm),
  };
}

/**
 * The rules for a class's grade: secondary grades (6-12) follow Circular 22. Primary (1-5) keeps
 * levels and test scores (Circular 27), which this gradebook form does not take.
 */
export function secondaryRulesFor(
  grade: number,
): { ok: true; rules: SecondaryLevelRules } | { ok: false; problem: Problem } {
  const rules = LEVEL_RULES[levelOfGrade(grade as Grade)];
  if (rules.level === 'primary')
    return {
      ok: false,
      problem: problem(
        'grade',
        'marks.subjectNotTaughtInGrade',
        `grade ${grade} is primary: assessed by levels and tests (Circular 27), not by this form`,
        { grade },
      ),
    };
  return { ok: true, rules: rules as SecondaryLevelRules };
}

export interface TermMarksView {
  regular: string[];
  midTerm: string | null;
  endOfTerm: string | null;
  /** ĐTBmhk ("7.8") of a scored subject with every required assessment; "Đ"/"CĐ" for a commented one. */
  termResult: string | null;
}

/**
 * The term result stored cells give (ĐTBmhk in tenths, or pass/fail), or undefined while a
 * required assessment is missing or a cell is not valid for the subject.
 */
export function storedTermResult(
  rules: SecondaryLevelRules,
  grade: number,
  subjectCode: string,
  stored: StoredTermMarks,
): Tenths | PassFail | undefined {
  const raw: RawTermMarks = {
    regular: stored.regular,
    midTerm: stored.midTerm ?? undefined,
    endOfTerm: stored.endOfTerm ?? undefined,
  };
  const valid = validateSecondaryTermMarks(rules, grade as Grade, subjectCode, raw);
  const subject = findSubject(rules, subjectCode);
  const required = subject ? regularAssessmentsPerTerm(subject, grade as Grade) : undefined;
  if (!valid.ok || required === undefined) return undefined;
  const complete =
    stored.midTerm !== null && stored.endOfTerm !== null && stored.regular.length >= required;
  return complete ? termResultOf(valid.value, required) : undefined;
}

/** A learner's stored cells with the term result they give (none while assessments are missing). */
export function termMarksView(
  rules: SecondaryLevelRules,
  grade: number,
  subjectCode: string,
  stored: StoredTermMarks,
): TermMarksView {
  const result = storedTermResult(rules, grade, subjectCode, stored);
  const termResult =
    result === undefined
      ? null
      : typeof result === 'number'
        ? formatScore(result as Parameters<typeof formatScore>[0])
        : COMMENT_CELL[result];
  return { ...stored, termResult };
}
