/**
 * Conduct (rèn luyện, Thông tư 22/2021 Điều 8), absences and the homeroom teacher's remarks of a
 * lower or upper secondary learner for one term: what the homeroom teacher enters and the học bạ
 * prints. Pure: the use case loads the class's learners and maps each problem onto its fields.
 * Nothing here throws on bad input.
 */
import { fail, ok, Problem, problem, Result } from './problems';
import type { SecondaryLevel } from './secondary';

/** The most absent sessions (buổi) a term can hold: well above any school term's sessions. */
export const ABSENT_SESSIONS_MAX = 400;
/** The longest remarks kept (characters after NFC normalisation). */
export const REMARKS_MAX_LENGTH = 1000;

const LEVEL_WORDS: Readonly<Record<string, SecondaryLevel>> = {
  good: 'good',
  fair: 'fair',
  pass: 'pass',
  fail: 'fail',
  t: 'good',
  tốt: 'good',
  tot: 'good',
  k: 'fair',
  khá: 'fair',
  kha: 'fair',
  đ: 'pass',
  đạt: 'pass',
  d: 'pass',
  dat: 'pass',
  cđ: 'fail',
  'chưa đạt': 'fail',
  cd: 'fail',
  'chua dat': 'fail',
};

/**
 * A conduct level as teachers type it: `good`/`fair`/`pass`/`fail`, the letters T/K/Đ/CĐ or the
 * words Tốt/Khá/Đạt/Chưa đạt, any case; the ASCII D/CD (keyboards without Vietnamese input) too.
 * NFC first: "Đạt" typed on macOS arrives decomposed.
 */
export function parseConductLevel(raw: string, field = 'conduct'): Result<SecondaryLevel> {
  const key = raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
  const level = LEVEL_WORDS[key];
  return level
    ? ok(level)
    : fail(
        problem(field, 'conduct.unknownLevel', `not Tốt/Khá/Đạt/Chưa đạt: "${raw.trim()}"`, {
          value: raw.trim().slice(0, 30),
        }),
      );
}

/** Absent sessions (buổi nghỉ học, excused or not): a whole number 0..400; "12" is taken as 12. */
export function parseAbsentSessions(raw: unknown, field = 'absentSessions'): Result<number> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
    return fail(problem(field, 'conduct.absentSessions', 'missing (0 when none)'));
  const n =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  if (!Number.isInteger(n))
    return fail(problem(field, 'conduct.absentSessions', 'must be a whole number of sessions'));
  if (n < 0 || n > ABSENT_SESSIONS_MAX)
    return fail(
      problem(field, 'conduct.absentSessions', `must be 0 to ${ABSENT_SESSIONS_MAX}`, {
        min: 0,
        max: ABSENT_SESSIONS_MAX,
      }),
    );
  return ok(n);
}

/** Remarks as kept: NFC, trimmed, at most {@link REMARKS_MAX_LENGTH} characters; blank = none. */
export function normaliseRemarks(raw: unknown, field = 'remarks'): Result<string | null> {
  if (raw === undefined || raw === null) return ok(null);
  if (typeof raw !== 'string') return fail(problem(field, 'comment.format', 'must be text'));
  const text = raw.normalize('NFC').trim();
  if (text === '') return ok(null);
  const length = [...text].length;
  if (length > REMARKS_MAX_LENGTH)
    return fail(
      problem(field, 'comment.tooLong', `${length} characters, at most ${REMARKS_MAX_LENGTH}`, {
        length,
        max: REMARKS_MAX_LENGTH,
      }),
    );
  return ok(text);
}

/** One learner's term as typed. */
export interface RawConductEntry {
  studentId: unknown;
  conduct?: unknown;
  absentSessions?: unknown;
  remarks?: unknown;
}

/** One learner's term as stored. */
export interface ConductEntry {
  studentId: string;
  level: SecondaryLevel;
  absentSessions: number;
  remarks: string | null;
}

export type ConductCheck =
  { ok: true; entries: ConductEntry[] } | { ok: false; problems: Problem[] };

/**
 * Every entry of one write: the learner is in the class (when `learners` is given) and named once,
 * the level one of the four, the absences a whole number 0..400, the remarks text of at most 1000
 * characters. Fields are `entries[i].studentId`, `.conduct`, `.absentSessions`, `.remarks`. All
 * or nothing: any problem and the caller saves none.
 */
export function checkConductEntries(
  entries: readonly RawConductEntry[],
  learners?: ReadonlySet<string>,
): ConductCheck {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const valid: ConductEntry[] = [];
  entries.forEach((raw, i) => {
    const at = (field: string) => `entries[${i}].${field}`;
    const before = problems.length;
    const studentId = typeof raw.studentId === 'string' ? raw.studentId : '';
    if (!studentId)
      problems.push(problem(at('studentId'), 'marks.learnerNotInClass', 'learner missing'));
    else {
      if (learners && !learners.has(studentId))
        problems.push(
          problem(at('studentId'), 'marks.learnerNotInClass', 'is not a learner of this class'),
        );
      if (seen.has(studentId))
        problems.push(problem(at('studentId'), 'marks.duplicateLearner', 'appears twice'));
      seen.add(studentId);
    }

    let level: SecondaryLevel | undefined;
    if (raw.conduct === undefined || raw.conduct === null || String(raw.conduct).trim() === '')
      problems.push(problem(at('conduct'), 'conduct.missingLevel', 'level missing (T/K/Đ/CĐ)'));
    else if (typeof raw.conduct !== 'string')
      problems.push(problem(at('conduct'), 'conduct.unknownLevel', 'must be T, K, Đ or CĐ'));
    else {
      const r = parseConductLevel(raw.conduct, at('conduct'));
      if (r.ok) level = r.value;
      else problems.push(...r.problems);
    }

    const absences = parseAbsentSessions(raw.absentSessions, at('absentSessions'));
    if (!absences.ok) problems.push(...absences.problems);
    const remarks = normaliseRemarks(raw.remarks, at('remarks'));
    if (!remarks.ok) problems.push(...remarks.problems);

    if (problems.length === before && level && absences.ok && remarks.ok)
      valid.push({ studentId, level, absentSessions: absences.value, remarks: remarks.value });
  });
  return problems.length ? { ok: false, problems } : { ok: true, entries: valid };
}

/** Whether a stored term already says what a write would save (a repeat changes nothing). */
export function sameConduct(a: ConductEntry, b: ConductEntry): boolean {
  return a.level === b.level && a.absentSessions === b.absentSessions && a.remarks === b.remarks;
}

/** Conduct terms are Circular 22's (grades 6-12); a primary class has qualities instead. */
export function conductGradeProblem(grade: number): Problem | null {
  return grade >= 6 && grade <= 12
    ? null
    : problem(
        'classId',
        'conduct.notSecondary',
        `is grade ${grade} (primary, Circular 27): it has qualities and competencies (…/qualities), not conduct`,
        { grade },
      );
}
