/**
 * What a primary teacher enters at one checkpoint (Thông tư 27/2020): per subject a level T/H/C,
 * a whole test mark where the circular holds a periodic test, and a short comment; per learner the
 * homeroom teacher's levels T/Đ/C of each quality and competency. Pure: parsing and checking
 * reuse `primary.ts` and `validate.ts`; the use cases load the class and store the result.
 */
import { Grade, levelOfGrade, PRIMARY_RULES, PrimaryLevelRules } from './level-rules';
import {
  Checkpoint,
  GENERAL_COMPETENCIES,
  parseQualityLevel,
  parseSubjectLevel,
  QUALITIES,
  QualityLevel,
  SPECIFIC_COMPETENCIES,
  SubjectLevel,
} from './primary';
import { fail, ok, Problem, problem, Result } from './problems';
import { primarySubjectTaught, validatePrimaryTestMark } from './validate';

/** Where in a term a checkpoint falls: the gradebook's terms are 1 and 2, each with mid and end. */
export type TermSlot = 'mid' | 'end';
export const TERM_SLOTS: readonly TermSlot[] = ['mid', 'end'];

/**
 * The four checkpoints of Thông tư 27 on the gradebook's terms: term 1 mid = giữa HK I, term 1
 * end = cuối HK I, term 2 mid = giữa HK II, term 2 end = cuối năm học (the year's evaluation).
 */
export function checkpointOf(term: 1 | 2, slot: TermSlot): Checkpoint {
  if (term === 1) return slot === 'mid' ? 'midTermI' : 'endOfTermI';
  return slot === 'mid' ? 'midTermII' : 'endOfYear';
}

/** How levels are stored and shown: the letters teachers write. */
export const SUBJECT_LEVEL_CODE: Readonly<Record<SubjectLevel, 'T' | 'H' | 'C'>> = {
  completedWell: 'T',
  completed: 'H',
  notCompleted: 'C',
};
export const QUALITY_LEVEL_CODE: Readonly<Record<QualityLevel, 'T' | 'Đ' | 'C'>> = {
  good: 'T',
  pass: 'Đ',
  needsEffort: 'C',
};

/** Every quality (phẩm chất) and competency (năng lực) code, in the circular's order. */
export const QUALITY_CODES: readonly string[] = [
  ...QUALITIES,
  ...GENERAL_COMPETENCIES,
  ...SPECIFIC_COMPETENCIES,
];

/** The longest comment kept (characters after NFC normalisation). */
export const COMMENT_MAX_LENGTH = 500;

/**
 * The rules for a class's grade when it is primary (1-5); a secondary grade (6-12) is refused with
 * a problem pointing to the Circular 22 marks.
 */
export function primaryRulesFor(
  grade: number,
): { ok: true; rules: PrimaryLevelRules } | { ok: false; problem: Problem } {
  if (levelOfGrade(grade as Grade) === 'primary') return { ok: true, rules: PRIMARY_RULES };
  return {
    ok: false,
    problem: problem(
      'grade',
      'marks.notPrimary',
      `grade ${grade} is secondary: assessed by marks (Circular 22), enter them at …/marks`,
      { grade },
    ),
  };
}

/** A comment as kept: NFC, trimmed, at most {@link COMMENT_MAX_LENGTH} characters; blank = none. */
export function normaliseComment(raw: unknown, field = 'comment'): Result<string | null> {
  if (raw === undefined || raw === null) return ok(null);
  if (typeof raw !== 'string') return fail(problem(field, 'comment.format', 'must be text'));
  const text = raw.normalize('NFC').trim();
  if (text === '') return ok(null);
  const length = [...text].length;
  if (length > COMMENT_MAX_LENGTH)
    return fail(
      problem(field, 'comment.tooLong', `${length} characters, at most ${COMMENT_MAX_LENGTH}`, {
        length,
        max: COMMENT_MAX_LENGTH,
      }),
    );
  return ok(text);
}

/** One learner's subject assessment at a checkpoint, as typed. */
export interface RawSubjectAssessment {
  level?: unknown;
  /** A whole mark "8" or 8; blank or absent = no test mark (yet). */
  testScore?: unknown;
  comment?: unknown;
}

export interface ValidSubjectAssessment {
  level: 'T' | 'H' | 'C';
  testScore: number | null;
  comment: string | null;
}

/**
 * Checks one learner's assessment in one subject at one checkpoint: the subject is taught in the
 * grade, a level T/H/C is there, a test mark only where the circular holds a test (whole, in
 * range), a comment of at most 500 characters. Every problem is returned with its field (`level`,
 * `testScore`, `comment`; `subject` for the subject itself).
 */
export function validatePrimarySubjectAssessment(
  rules: PrimaryLevelRules,
  grade: Grade,
  subjectCode: string,
  checkpoint: Checkpoint,
  raw: RawSubjectAssessment,
): Result<ValidSubjectAssessment> {
  const subject = primarySubjectTaught(rules, grade, subjectCode);
  if (!subject.ok) return subject;
  const problems: Problem[] = [];

  let level: ValidSubjectAssessment['level'] | undefined;
  if (raw.level === undefined || raw.level === null || String(raw.level).trim() === '')
    problems.push(problem('level', 'marks.missingLevel', 'level missing (T/H/C)'));
  else if (typeof raw.level !== 'string')
    problems.push(problem('level', 'comment.format', 'must be T, H or C'));
  else {
    const r = parseSubjectLevel(raw.level, 'level');
    if (r.ok) level = SUBJECT_LEVEL_CODE[r.value];
    else problems.push(...r.problems);
  }

  let testScore: number | null = null;
  const score = raw.testScore;
  if (
    score !== undefined &&
    score !== null &&
    !(typeof score === 'string' && score.trim() === '')
  ) {
    if (typeof score !== 'string' && typeof score !== 'number')
      problems.push(problem('testScore', 'score.format', 'must be a whole mark'));
    else {
      const r = validatePrimaryTestMark(rules, grade, subjectCode, checkpoint, String(score));
      if (r.ok) testScore = r.value;
      else problems.push(...r.problems.map((p) => ({ ...p, field: 'testScore' })));
    }
  }

  const comment = normaliseComment(raw.comment);
  if (!comment.ok) problems.push(...comment.problems);

  if (problems.length > 0 || level === undefined || !comment.ok) return { ok: false, problems };
  return ok({ level, testScore, comment: comment.value });
}

/**
 * Checks the homeroom teacher's levels of one learner at a checkpoint: every key a quality or
 * competency code, every value T / Đ / C (or the words). Only the codes named are set; fields
 * are the codes (`levels.chamChi`).
 */
export function validateQualityLevels(
  raw: Readonly<Record<string, unknown>>,
): Result<Record<string, 'T' | 'Đ' | 'C'>> {
  const problems: Problem[] = [];
  const out: Record<string, 'T' | 'Đ' | 'C'> = {};
  const entries = Object.entries(raw);
  if (entries.length === 0)
    problems.push(problem('levels', 'marks.missingLevel', 'no quality or competency level'));
  for (const [code, value] of entries) {
    const field = `levels.${code}`;
    if (!QUALITY_CODES.includes(code)) {
      problems.push(
        problem(field, 'marks.unknownQuality', `not a quality or competency: ${code}`, { code }),
      );
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(problem(field, 'marks.missingLevel', 'level missing (T/Đ/C)'));
      continue;
    }
    const r = parseQualityLevel(value, field);
    if (r.ok) out[code] = QUALITY_LEVEL_CODE[r.value];
    else problems.push(...r.problems);
  }
  return problems.length ? { ok: false, problems } : ok(out);
}
