/**
 * Thông tư 22/2021/TT-BGDĐT: assessment of THCS and THPT learners. Pure functions over marks
 * already validated (see validate.ts); they decide results, so each one states the article it
 * implements.
 */
import { Rational, roundHalfUpToTenths, weightedMeanTenths } from './rational';
import { Tenths, tenths } from './score';

/** Tốt / Khá / Đạt / Chưa đạt, used for learning results (kết quả học tập) and conduct (rèn luyện). */
export type SecondaryLevel = 'good' | 'fair' | 'pass' | 'fail';
/** Đạt / Chưa đạt, the result of a commented subject and of each of its assessments. */
export type PassFail = 'pass' | 'fail';

export const SECONDARY_LEVEL_VI: Readonly<Record<SecondaryLevel, string>> = {
  good: 'Tốt',
  fair: 'Khá',
  pass: 'Đạt',
  fail: 'Chưa đạt',
};
export const PASS_FAIL_VI: Readonly<Record<PassFail, string>> = { pass: 'Đạt', fail: 'Chưa đạt' };

const RANK: Readonly<Record<SecondaryLevel, number>> = { good: 3, fair: 2, pass: 1, fail: 0 };
const BY_RANK: readonly SecondaryLevel[] = ['fail', 'pass', 'fair', 'good'];
export const atLeast = (level: SecondaryLevel, min: SecondaryLevel): boolean =>
  RANK[level] >= RANK[min];

// ---------------------------------------------------------------- subject averages (Điều 9.1.b)

/** A scored subject's marks in one term: ĐĐGtx (hệ số 1), ĐĐGgk (hệ số 2), ĐĐGck (hệ số 3). */
export interface ScoredTermMarks {
  regular: Tenths[];
  midTerm: Tenths;
  endOfTerm: Tenths;
}

/** ĐTBmhk before rounding: (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), exact. */
export function termAverageExact(marks: ScoredTermMarks): Rational {
  return weightedMeanTenths([
    ...marks.regular.map((score) => ({ score, weight: 1 })),
    { score: marks.midTerm, weight: 2 },
    { score: marks.endOfTerm, weight: 3 },
  ]);
}

/** ĐTBmhk, rounded half up to one decimal (Điều 9.1.b). */
export function termAverage(marks: ScoredTermMarks): Tenths {
  return roundHalfUpToTenths(termAverageExact(marks));
}

/**
 * ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, from the term averages as recorded (already rounded, as the
 * gradebook shows them), rounded half up to one decimal. A subject taught in one term only has
 * that term's average as its year average (we pass `termI` undefined, or `termII` undefined).
 */
export function yearAverage(termI: Tenths | undefined, termII: Tenths | undefined): Tenths {
  if (termI === undefined && termII === undefined) throw new RangeError('no term average');
  if (termI === undefined) return termII!;
  if (termII === undefined) return termI;
  return roundHalfUpToTenths(
    weightedMeanTenths([
      { score: termI, weight: 1 },
      { score: termII, weight: 2 },
    ]),
  );
}

// ------------------------------------------------------ commented subjects (Điều 9.1.a)

/** A commented subject's assessments in one term: regular ones, mid-term and end-of-term. */
export interface CommentedTermMarks {
  regular: PassFail[];
  midTerm: PassFail | undefined;
  endOfTerm: PassFail | undefined;
}

/**
 * Term result of a commented subject: Đạt when the learner has every required assessment and all
 * of them are Đạt; otherwise Chưa đạt. (The "2/3 of the assessments" rule belonged to the old
 * Thông tư 58/2011 and is not in Thông tư 22.) A missing assessment without a make-up is Chưa đạt
 * (Điều 7), so the caller passes what was recorded and the required regular count.
 */
export function commentedTermResult(marks: CommentedTermMarks, requiredRegular: number): PassFail {
  const complete =
    marks.regular.length >= requiredRegular &&
    marks.midTerm !== undefined &&
    marks.endOfTerm !== undefined;
  const allPass =
    marks.regular.every((r) => r === 'pass') &&
    marks.midTerm === 'pass' &&
    marks.endOfTerm === 'pass';
  return complete && allPass ? 'pass' : 'fail';
}

/** Year result of a commented subject: the term II result (Điều 9.1.a); one-term subjects: that term. */
export function commentedYearResult(
  termI: PassFail | undefined,
  termII: PassFail | undefined,
): PassFail {
  if (termII !== undefined) return termII;
  if (termI !== undefined) return termI;
  throw new RangeError('no term result');
}

// ------------------------------------------------------------ learning result (Điều 9.2, 9.3)

/** One subject's outcome for a term (ĐTBmhk) or the year (ĐTBmcn). */
export type SubjectOutcome =
  | { code: string; mode: 'scored'; average: Tenths }
  | { code: string; mode: 'commented'; result: PassFail };

/** "Ít nhất 06 môn": the circular fixes six, whatever the number of scored subjects. */
export const MIN_SUBJECTS_AT_THRESHOLD = 6;
const T35 = tenths(35);
const T50 = tenths(50);
const T65 = tenths(65);
const T80 = tenths(80);
const T90 = tenths(90);

/** The level by Điều 9.2 alone, before the adjustment of Điều 9.3. */
export function learningLevelUnadjusted(outcomes: readonly SubjectOutcome[]): SecondaryLevel {
  const scored = outcomes.flatMap((o) => (o.mode === 'scored' ? [o.average] : []));
  const commentedFails = outcomes.filter(
    (o) => o.mode === 'commented' && o.result === 'fail',
  ).length;
  const countAtLeast = (t: Tenths) => scored.filter((a) => a >= t).length;
  const allAtLeast = (t: Tenths) => scored.every((a) => a >= t);
  // a) Tốt: every commented subject Đạt; every scored ≥ 6.5, at least 6 of them ≥ 8.0.
  if (commentedFails === 0 && allAtLeast(T65) && countAtLeast(T80) >= MIN_SUBJECTS_AT_THRESHOLD)
    return 'good';
  // b) Khá: every commented subject Đạt; every scored ≥ 5.0, at least 6 of them ≥ 6.5.
  if (commentedFails === 0 && allAtLeast(T50) && countAtLeast(T65) >= MIN_SUBJECTS_AT_THRESHOLD)
    return 'fair';
  // c) Đạt: at most one commented subject Chưa đạt; at least 6 scored ≥ 5.0; none below 3.5.
  if (commentedFails <= 1 && countAtLeast(T50) >= MIN_SUBJECTS_AT_THRESHOLD && allAtLeast(T35))
    return 'pass';
  // d) Chưa đạt: the rest.
  return 'fail';
}

export interface LearningLevel {
  level: SecondaryLevel;
  /** The level of Điều 9.2 before any adjustment. */
  unadjusted: SecondaryLevel;
  /** Set when Điều 9.3 raised the level: the one subject that alone pulled it down. */
  adjustedBecauseOf?: string;
}

/** The best result a subject can have: what "only because of this subject" compares against. */
const best = (o: SubjectOutcome): SubjectOutcome =>
  o.mode === 'scored' ? { ...o, average: tenths(100) } : { ...o, result: 'pass' };

/**
 * Kết quả học tập of a term (from ĐTBmhk) or the year (from ĐTBmcn), Điều 9.2, with Điều 9.3:
 * when the level falls two or more levels below Tốt or Khá only because of the result of a single
 * subject, it is raised to the level just below that one (Tốt → Khá, Khá → Đạt). "Only because of
 * one subject" is read as: with that subject's result at its best, the learner would reach Tốt or
 * Khá.
 */
export function learningLevel(outcomes: readonly SubjectOutcome[]): LearningLevel {
  const unadjusted = learningLevelUnadjusted(outcomes);
  for (const target of ['good', 'fair'] as const) {
    if (RANK[target] - RANK[unadjusted] < 2) continue;
    for (let i = 0; i < outcomes.length; i++) {
      const counterfactual = outcomes.map((o, j) => (j === i ? best(o) : o));
      if (atLeast(learningLevelUnadjusted(counterfactual), target))
        return {
          level: BY_RANK[RANK[target] - 1],
          unadjusted,
          adjustedBecauseOf: outcomes[i].code,
        };
    }
  }
  return { level: unadjusted, unadjusted };
}

// ---------------------------------------------------------------- conduct (Điều 8)

/**
 * Kết quả rèn luyện cả năm from the two terms' levels (each the homeroom teacher's judgement),
 * Điều 8.3; term II weighs more:
 * - Tốt: II Tốt and I at least Khá.
 * - Khá: II Khá and I at least Đạt; or II Đạt and I Tốt; or II Tốt and I Đạt or Chưa đạt.
 * - Đạt: II Đạt and I Khá, Đạt or Chưa đạt; or II Khá and I Chưa đạt.
 * - Chưa đạt: the rest (II Chưa đạt).
 */
export function conductYearLevel(termI: SecondaryLevel, termII: SecondaryLevel): SecondaryLevel {
  switch (termII) {
    case 'good':
      return atLeast(termI, 'fair') ? 'good' : 'fair';
    case 'fair':
      return termI === 'fail' ? 'pass' : 'fair';
    case 'pass':
      return termI === 'good' ? 'fair' : 'pass';
    case 'fail':
      return 'fail';
  }
}

// ------------------------------------------------- promotion (Điều 12, 13, 14)

/** Subjects to re-assess in summer (Điều 14): commented ones Chưa đạt, scored ones with ĐTBmcn < 5.0. */
export function subjectsToReassess(yearOutcomes: readonly SubjectOutcome[]): string[] {
  return yearOutcomes
    .filter((o) => (o.mode === 'scored' ? o.average < T50 : o.result === 'fail'))
    .map((o) => o.code);
}

/**
 * The year outcomes after the summer re-assessment: each re-assessed subject's result replaces its
 * year result (Điều 14), then the learning level is computed again with learningLevel.
 */
export function applyReassessment(
  yearOutcomes: readonly SubjectOutcome[],
  retakes: Readonly<Record<string, Tenths | PassFail>>,
): SubjectOutcome[] {
  return yearOutcomes.map((o) => {
    const r = retakes[o.code];
    if (r === undefined) return o;
    if (o.mode === 'scored' && typeof r === 'number') return { ...o, average: r };
    if (o.mode === 'commented' && typeof r === 'string') return { ...o, result: r };
    throw new TypeError(`retake for ${o.code} does not match the subject's mode`);
  });
}

export interface PromotionInput {
  /** Kết quả rèn luyện cả năm. */
  yearConduct: SecondaryLevel;
  /** Kết quả học tập cả năm (after Điều 9.3). */
  yearLearning: SecondaryLevel;
  /** Sessions missed in the year, excused or not (1 session a day, as the programme plans). */
  absentSessions: number;
  /** Conduct re-assessed after summer training (rèn luyện trong kì nghỉ hè, Điều 13), if done. */
  conductAfterSummer?: SecondaryLevel;
  /** Learning level re-computed after the summer re-assessment (Điều 14), if done. */
  learningAfterReassessment?: SecondaryLevel;
}

export type PromotionDecision =
  | { outcome: 'promoted' }
  | { outcome: 'retained'; reason: 'absences' | 'conduct' | 'learning' }
  /** Not decided yet: the next step the learner must go through in summer. */
  | { outcome: 'pending'; next: 'summerConductTraining' | 'reassessment' };

/**
 * Lên lớp (or completion of the THCS/THPT programme), Điều 12: year conduct at least Đạt and year
 * learning at least Đạt (both including the summer re-assessments) and at most 45 absent sessions.
 * - More than 45 absent sessions: retained (ở lại lớp), nothing in summer changes that.
 * - Conduct Chưa đạt: summer conduct training first (Điều 13); still Chưa đạt → retained.
 * - Learning Chưa đạt: re-assessment only once conduct is at least Đạt (Điều 14; the Ministry's
 *   answer on this order, báo Lao Động); still Chưa đạt afterwards → retained.
 */
export function promotionDecision(input: PromotionInput): PromotionDecision {
  if (input.absentSessions > 45) return { outcome: 'retained', reason: 'absences' };
  let conduct = input.yearConduct;
  if (conduct === 'fail') {
    if (input.conductAfterSummer === undefined)
      return { outcome: 'pending', next: 'summerConductTraining' };
    conduct = input.conductAfterSummer;
    if (conduct === 'fail') return { outcome: 'retained', reason: 'conduct' };
  }
  let learning = input.yearLearning;
  if (learning === 'fail') {
    if (input.learningAfterReassessment === undefined)
      return { outcome: 'pending', next: 'reassessment' };
    learning = input.learningAfterReassessment;
    if (learning === 'fail') return { outcome: 'retained', reason: 'learning' };
  }
  return { outcome: 'promoted' };
}

// ------------------------------------------------------------------- awards (Điều 15)

export type SecondaryAward = 'excellentStudent' | 'goodStudent';

/**
 * Khen thưởng cuối năm (Điều 15): "Học sinh Xuất sắc" for conduct Tốt, learning Tốt and at least
 * 6 scored subjects with ĐTBmcn ≥ 9.0; "Học sinh Giỏi" for conduct Tốt and learning Tốt. Other
 * commendations (outstanding achievement in a subject) are the principal's decision, not a rule.
 */
export function yearAward(
  yearConduct: SecondaryLevel,
  yearLearning: SecondaryLevel,
  yearOutcomes: readonly SubjectOutcome[],
): SecondaryAward | undefined {
  if (yearConduct !== 'good' || yearLearning !== 'good') return undefined;
  const nineOrMore = yearOutcomes.filter((o) => o.mode === 'scored' && o.average >= T90).length;
  return nineOrMore >= MIN_SUBJECTS_AT_THRESHOLD ? 'excellentStudent' : 'goodStudent';
}
