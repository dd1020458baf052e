/**
 * Demo marks and conduct of a secondary class (grades 6-12, Thông tư 22), pure and seeded: the
 * same seed, learner, subject and term give the same cells, whatever order or run.
 *
 * - Each learner has an ability: most between 5.0 and 9.5 (about 7 on average), about one in
 *   twenty weak (3.5-5.0). Each subject shifts it a little (strong in some, weaker in others),
 *   each assessment a little more; scores are whole or half points from 0 to 10, in the API's
 *   form ("8", "7.5").
 * - Commented subjects (GDTC, NT, HDTN, ...): Đ, with a rare CĐ in a regular assessment, and a CĐ
 *   at the end of the term for a few weak learners.
 * - Regular assessments per term as the circular asks (`regularAssessmentsPerTerm`), one mid-term
 *   and one end-of-term assessment.
 * - Conduct: mostly Tốt, then Khá, a few Đạt, rarely Chưa đạt (weak learners more often lower);
 *   a few absences (0-6 sessions a term, rarely more); remarks for about a third of the class.
 */
import { seededRandom } from '@qn/demo-kit';
import {
  findSubject,
  Grade,
  LOWER_SECONDARY_RULES,
  regularAssessmentsPerTerm,
  SecondarySubjectRule,
  UPPER_SECONDARY_RULES,
} from '../src/gradebook/domain/level-rules';

export interface LearnerMarks {
  studentId: string;
  regular: string[];
  midTerm: string;
  endOfTerm: string;
}

export type ConductLevel = 'good' | 'fair' | 'pass' | 'fail';

export interface LearnerConduct {
  studentId: string;
  conduct: ConductLevel;
  absentSessions: number;
  remarks?: string;
}

/** A seed from texts (FNV-1a over the parts, then the demo seed). */
export function hashSeed(seed: number, ...parts: string[]): number {
  let h = 0x811c9dc5 ^ seed;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The gradebook's rule of a subject in a grade (undefined: not taught there). */
export function subjectRule(grade: number, code: string): SecondarySubjectRule | undefined {
  if (grade < 6 || grade > 12) return undefined;
  const rule = findSubject(grade <= 9 ? LOWER_SECONDARY_RULES : UPPER_SECONDARY_RULES, code);
  return rule?.periodsByGrade[grade as Grade] === undefined ? undefined : rule;
}

/** A learner's ability (0-10, not rounded): the same for every subject and term. */
export function ability(seed: number, studentId: string): number {
  const rnd = seededRandom(hashSeed(seed, 'ability', studentId));
  if (rnd() < 0.05) return 3.5 + rnd() * 1.5;
  // The mean of three uniforms: most learners near the middle of 5.0-9.5, few at the ends.
  return 5 + ((rnd() + rnd() + rnd()) / 3) * 4.5;
}

const clampHalf = (x: number) => Math.min(10, Math.max(0, Math.round(x * 2) / 2));
/** "8", "7.5" (the API's form: a decimal only when it is not zero). */
const score = (x: number) => {
  const v = clampHalf(x);
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
};

/** One learner's cells of a subject for a term (`rule`: the subject's gradebook rule). */
export function learnerMarks(
  seed: number,
  studentId: string,
  grade: number,
  rule: SecondarySubjectRule,
  term: 1 | 2,
): LearnerMarks {
  const a = ability(seed, studentId);
  const count = regularAssessmentsPerTerm(rule, grade as Grade) ?? 2;
  const rnd = seededRandom(hashSeed(seed, 'marks', studentId, rule.code, String(term)));
  if (rule.mode === 'commented') {
    const weak = a < 5;
    const cell = (failShare: number) => (rnd() < failShare ? 'CĐ' : 'Đ');
    return {
      studentId,
      regular: Array.from({ length: count }, () => cell(weak ? 0.25 : 0.02)),
      midTerm: cell(weak ? 0.2 : 0.01),
      endOfTerm: cell(weak ? 0.15 : 0),
    };
  }
  // The learner's level in this subject (stable over both terms), a little better in term 2.
  const subject = seededRandom(hashSeed(seed, 'subject', studentId, rule.code));
  const level = a + (subject() - 0.5) * 1.6 + (term === 2 ? 0.2 : 0);
  const noisy = (spread: number) => score(level + (rnd() - 0.5) * 2 * spread);
  return {
    studentId,
    regular: Array.from({ length: count }, () => noisy(1.2)),
    midTerm: noisy(1),
    endOfTerm: noisy(1),
  };
}

/** Every learner's cells of a subject for a term, in the order given. */
export function classMarks(
  seed: number,
  studentIds: readonly string[],
  grade: number,
  rule: SecondarySubjectRule,
  term: 1 | 2,
): LearnerMarks[] {
  return studentIds.map((s) => learnerMarks(seed, s, grade, rule, term));
}

const REMARKS: Record<ConductLevel, string[]> = {
  good: [
    'Chăm ngoan, học tập tích cực',
    'Lễ phép, hoà nhã với bạn bè',
    'Tích cực tham gia các hoạt động của lớp',
    'Có ý thức tự giác, cần phát huy',
  ],
  fair: [
    'Cần tập trung hơn trong giờ học',
    'Cần mạnh dạn phát biểu xây dựng bài',
    'Có tiến bộ, cần cố gắng hơn',
  ],
  pass: ['Cần chấp hành tốt hơn nội quy lớp học', 'Cần đi học đúng giờ'],
  fail: ['Vi phạm nội quy nhiều lần, cần rèn luyện thêm'],
};

/** One learner's conduct for a term (the homeroom teacher's entry). */
export function learnerConduct(seed: number, studentId: string, term: 1 | 2): LearnerConduct {
  const a = ability(seed, studentId);
  // Stable over the year, with a small chance of a better term 2.
  const who = seededRandom(hashSeed(seed, 'conduct', studentId))();
  const rnd = seededRandom(hashSeed(seed, 'conduct', studentId, String(term)));
  const x = Math.max(0, who - (a < 5 ? 0.25 : 0) + (term === 2 && rnd() < 0.3 ? 0.1 : 0));
  const conduct: ConductLevel = x < 0.01 ? 'fail' : x < 0.07 ? 'pass' : x < 0.28 ? 'fair' : 'good';
  const absentSessions =
    rnd() < 0.45 ? 0 : rnd() < 0.92 ? 1 + Math.floor(rnd() * 6) : 7 + Math.floor(rnd() * 10);
  const entry: LearnerConduct = { studentId, conduct, absentSessions };
  if (conduct !== 'good' || rnd() < 0.3) {
    const list = REMARKS[conduct];
    entry.remarks = list[Math.floor(rnd() * list.length)];
  }
  return entry;
}

/** The conduct of every learner of a class for a term, in the order given. */
export function classConduct(
  seed: number,
  studentIds: readonly string[],
  term: 1 | 2,
): LearnerConduct[] {
  return studentIds.map((s) => learnerConduct(seed, s, term));
}
