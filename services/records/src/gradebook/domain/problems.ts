/**
 * A problem found in a learner's marks, tied to the field it came from so a gradebook form can
 * show it next to the right cell. Domain functions return these instead of throwing: one bad cell
 * must not hide the others.
 */
export type ProblemCode =
  | 'score.empty'
  | 'score.format'
  | 'score.tooManyDecimals'
  | 'score.outOfRange'
  | 'score.decimalNotAllowed'
  | 'comment.format'
  | 'comment.tooLong'
  | 'marks.unknownSubject'
  | 'marks.subjectNotTaughtInGrade'
  | 'marks.scoreOnCommentedSubject'
  | 'marks.commentOnScoredSubject'
  | 'marks.tooManyRegular'
  | 'marks.tooFewRegular'
  | 'marks.missingMidTerm'
  | 'marks.missingEndOfTerm'
  | 'marks.learnerNotInClass'
  | 'marks.duplicateLearner'
  | 'marks.testNotHeld'
  | 'marks.missingTest'
  | 'marks.missingLevel'
  | 'marks.unknownQuality'
  | 'marks.notPrimary'
  | 'conduct.missingLevel'
  | 'conduct.unknownLevel'
  | 'conduct.absentSessions'
  | 'conduct.notSecondary'
  | 'class.missingCompulsorySubject'
  | 'class.wrongElectiveCount'
  | 'class.duplicateSubject'
  | 'class.wrongStudyTopicCount'
  | 'class.studyTopicWithoutSubject';

export interface Problem {
  /** Path of the offending field, e.g. `regular[2]`, `midTerm`, `subjects[3]`. */
  field: string;
  code: ProblemCode;
  /** Short English text for logs; the UI translates from `code` and `params`. */
  message: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...problems: Problem[]): Result<T> => ({ ok: false, problems });

export function problem(
  field: string,
  code: ProblemCode,
  message: string,
  params?: Record<string, string | number>,
): Problem {
  return params ? { field, code, message, params } : { field, code, message };
}

/** Re-roots a problem under a parent field (`regular[1]` → `math.regular[1]`). */
export function under(prefix: string, p: Problem): Problem {
  return { ...p, field: p.field ? `${prefix}.${p.field}` : prefix };
}
