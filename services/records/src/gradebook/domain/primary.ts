/**
 * Thông tư 27/2020/TT-BGDĐT: assessment of primary learners. Subjects and educational activities
 * are assessed at four checkpoints (giữa HK I, cuối HK I, giữa HK II, cuối năm học) as Hoàn thành
 * tốt / Hoàn thành / Chưa hoàn thành; qualities and competencies as Tốt / Đạt / Cần cố gắng;
 * periodic tests are whole marks out of 10.
 */
import { Grade, PRIMARY_RULES, PrimaryLevelRules, PrimarySubjectRule } from './level-rules';
import { fail, ok, problem, Result } from './problems';

/** T (Hoàn thành tốt) / H (Hoàn thành) / C (Chưa hoàn thành). */
export type SubjectLevel = 'completedWell' | 'completed' | 'notCompleted';
/** Tốt / Đạt / Cần cố gắng, for each quality (phẩm chất) and competency (năng lực). */
export type QualityLevel = 'good' | 'pass' | 'needsEffort';
/** HTXS / HTT / HT / CHT: the end-of-year evaluation of education results. */
export type YearEvaluation = 'excellent' | 'good' | 'completed' | 'notCompleted';

export const SUBJECT_LEVEL_VI: Readonly<Record<SubjectLevel, string>> = {
  completedWell: 'Hoàn thành tốt',
  completed: 'Hoàn thành',
  notCompleted: 'Chưa hoàn thành',
};
export const QUALITY_LEVEL_VI: Readonly<Record<QualityLevel, string>> = {
  good: 'Tốt',
  pass: 'Đạt',
  needsEffort: 'Cần cố gắng',
};
export const YEAR_EVALUATION_VI: Readonly<Record<YearEvaluation, string>> = {
  excellent: 'Hoàn thành xuất sắc',
  good: 'Hoàn thành tốt',
  completed: 'Hoàn thành',
  notCompleted: 'Chưa hoàn thành',
};

/** Những phẩm chất chủ yếu. */
export const QUALITIES = ['yeuNuoc', 'nhanAi', 'chamChi', 'trungThuc', 'trachNhiem'] as const;
/** Năng lực chung: tự chủ và tự học, giao tiếp và hợp tác, giải quyết vấn đề và sáng tạo. */
export const GENERAL_COMPETENCIES = [
  'tuChuTuHoc',
  'giaoTiepHopTac',
  'giaiQuyetVanDeSangTao',
] as const;
/** Năng lực đặc thù: ngôn ngữ, tính toán, khoa học, công nghệ, tin học, thẩm mĩ, thể chất. */
export const SPECIFIC_COMPETENCIES = [
  'ngonNgu',
  'tinhToan',
  'khoaHoc',
  'congNghe',
  'tinHoc',
  'thamMi',
  'theChat',
] as const;
export type Quality = (typeof QUALITIES)[number];
export type Competency =
  (typeof GENERAL_COMPETENCIES)[number] | (typeof SPECIFIC_COMPETENCIES)[number];

export type Checkpoint = 'midTermI' | 'endOfTermI' | 'midTermII' | 'endOfYear';

/** Whether a subject has a periodic test at a checkpoint in a grade (Điều 7.1.b). */
export function hasPeriodicTest(
  subject: PrimarySubjectRule,
  grade: Grade,
  checkpoint: Checkpoint,
): boolean {
  const mid = checkpoint === 'midTermI' || checkpoint === 'midTermII';
  return (mid ? subject.midTermTestGrades : subject.endOfTermTestGrades).includes(grade);
}

/**
 * Parses a periodic test mark: a whole number from `testScoreMin` to 10 ("không cho điểm thập
 * phân"). "8.5"/"8,5" are reported as decimals, not as format errors, so the teacher sees why.
 */
export function parseTestScore(
  raw: string,
  field = '',
  rules: PrimaryLevelRules = PRIMARY_RULES,
): Result<number> {
  const text = raw.trim();
  if (text === '') return fail(problem(field, 'score.empty', 'score is empty'));
  if (/^-?\d+[.,]\d+$/.test(text) && !/^-?\d+[.,]0+$/.test(text))
    return fail(problem(field, 'score.decimalNotAllowed', 'primary test marks are whole numbers'));
  const m = /^(-?)(0|[1-9]\d*)(?:[.,]0+)?$/.exec(text);
  if (!m) return fail(problem(field, 'score.format', `not a mark: "${text}"`));
  const value = Number(m[1] + m[2]);
  if (value < rules.testScoreMin || value > rules.testScoreMax)
    return fail(
      problem(
        field,
        'score.outOfRange',
        `mark outside ${rules.testScoreMin}..${rules.testScoreMax}`,
        {
          min: rules.testScoreMin,
          max: rules.testScoreMax,
        },
      ),
    );
  return ok(value);
}

const SUBJECT_LEVEL_WORDS: Readonly<Record<string, SubjectLevel>> = {
  t: 'completedWell',
  'hoàn thành tốt': 'completedWell',
  h: 'completed',
  'hoàn thành': 'completed',
  c: 'notCompleted',
  'chưa hoàn thành': 'notCompleted',
};
const QUALITY_LEVEL_WORDS: Readonly<Record<string, QualityLevel>> = {
  t: 'good',
  tốt: 'good',
  đ: 'pass',
  d: 'pass',
  đạt: 'pass',
  c: 'needsEffort',
  'cần cố gắng': 'needsEffort',
};
const key = (raw: string) => raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Reads a subject level as teachers write it: T / H / C or the words (Hoàn thành tốt, ...). */
export function parseSubjectLevel(raw: string, field = ''): Result<SubjectLevel> {
  const v = SUBJECT_LEVEL_WORDS[key(raw)];
  return v ? ok(v) : fail(problem(field, 'comment.format', `not T/H/C: "${raw.trim()}"`));
}

/** Reads a quality/competency level: T / Đ / C or the words (Tốt, Đạt, Cần cố gắng). */
export function parseQualityLevel(raw: string, field = ''): Result<QualityLevel> {
  const v = QUALITY_LEVEL_WORDS[key(raw)];
  return v ? ok(v) : fail(problem(field, 'comment.format', `not T/Đ/C: "${raw.trim()}"`));
}

export interface PrimaryYearInput {
  /** End-of-year level of every subject and educational activity the learner takes. */
  subjects: Readonly<Record<string, SubjectLevel>>;
  /** End-of-year level of each quality and competency. */
  qualities: Readonly<Record<string, QualityLevel>>;
  /** End-of-year periodic test marks (cuối năm học), for the subjects that have one. */
  endOfYearTests: Readonly<Record<string, number>>;
}

/**
 * The end-of-year evaluation (Điều 9.2 of the regulation attached to Thông tư 27):
 * - Hoàn thành xuất sắc: every subject/activity Hoàn thành tốt, every quality and competency Tốt,
 *   every end-of-year test ≥ 9.
 * - Hoàn thành tốt: not the above, but every subject Hoàn thành tốt, every quality/competency Tốt,
 *   every end-of-year test ≥ 7.
 * - Hoàn thành: not the above, every subject at least Hoàn thành, every quality/competency at least
 *   Đạt, every end-of-year test ≥ 5.
 * - Chưa hoàn thành: the rest.
 * Inputs must be complete (validate first): a missing test mark is not a pass.
 */
export function primaryYearEvaluation(input: PrimaryYearInput): YearEvaluation {
  const subjects = Object.values(input.subjects);
  const qualities = Object.values(input.qualities);
  const tests = Object.values(input.endOfYearTests);
  const allSubjectsWell = subjects.every((s) => s === 'completedWell');
  const allSubjectsDone = subjects.every((s) => s !== 'notCompleted');
  const allQualitiesGood = qualities.every((q) => q === 'good');
  const allQualitiesPass = qualities.every((q) => q !== 'needsEffort');
  const testsAtLeast = (min: number) => tests.every((t) => t >= min);
  if (allSubjectsWell && allQualitiesGood && testsAtLeast(9)) return 'excellent';
  if (allSubjectsWell && allQualitiesGood && testsAtLeast(7)) return 'good';
  if (allSubjectsDone && allQualitiesPass && testsAtLeast(5)) return 'completed';
  return 'notCompleted';
}

/** Learners who completed the grade's programme (hoàn thành chương trình lớp học). */
export const completesGrade = (e: YearEvaluation): boolean => e !== 'notCompleted';

export type PrimaryAward = 'excellentStudent' | 'exemplaryStudent';

/**
 * Khen thưởng cuối năm (Thông tư 27): "Học sinh Xuất sắc" for Hoàn thành xuất sắc; "Học sinh Tiêu
 * biểu hoàn thành tốt trong học tập và rèn luyện" for Hoàn thành tốt with an outstanding result in
 * a subject or clear progress in a quality/competency, as the class recognises: that is a human
 * judgement, so it comes in as `nominatedExemplary`.
 */
export function primaryAward(
  evaluation: YearEvaluation,
  nominatedExemplary: boolean,
): PrimaryAward | undefined {
  if (evaluation === 'excellent') return 'excellentStudent';
  if (evaluation === 'good' && nominatedExemplary) return 'exemplaryStudent';
  return undefined;
}
