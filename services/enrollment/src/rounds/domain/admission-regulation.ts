/**
 * Which admission regulation a grade-10 round follows, and what that regulation fixes (pure).
 *
 * From the 2025-2026 intake: the Quy chế tuyển sinh THCS và tuyển sinh THPT issued with Circular
 * 30/2024/TT-BGDĐT. Before: the Quy chế issued with Circular 11/2014/TT-BGDĐT, under which the
 * department could weight Toán and Ngữ văn (hệ số 2) and added bonus points (điểm khuyến khích).
 * Rounds of earlier school years keep the rules they were run under, so their results can be
 * re-run as they were published.
 */

import { toHundredths } from '../../shared/assignment/priority';

export type AdmissionRegulation = 'circular-30-2024' | 'circular-11-2014';

/** The first intake under Circular 30/2024. */
export const CIRCULAR_30_FIRST_YEAR = 2025;

export function regulationFor(schoolYear: string): AdmissionRegulation {
  return Number(schoolYear.slice(0, 4)) >= CIRCULAR_30_FIRST_YEAR
    ? 'circular-30-2024'
    : 'circular-11-2014';
}

/**
 * Circular 30/2024, Art. 13 (thi tuyển): three exam subjects or tests — Toán, Ngữ văn and a third
 * the province chooses (a subject or a combined test) — each marked on a 10-point scale; the
 * admission score (điểm xét tuyển) is their plain sum plus the priority points. No weights.
 */
export const REQUIRED_EXAM_SUBJECTS = ['TOAN', 'VAN'] as const;
export const EXAM_SUBJECT_COUNT = 3;

/**
 * Circular 30/2024, Art. 14(2): điểm ưu tiên, added to the admission score on the 10-point scale
 * of each subject: group 1 (con liệt sĩ, con thương binh/bệnh binh ≥ 81 %, …) 2.0; group 2 (con
 * Anh hùng, con thương binh/bệnh binh < 81 %, …) 1.5; group 3 (người dân tộc thiểu số, cha or
 * mẹ dân tộc thiểu số, vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn) 1.0. In hundredths.
 */
export const PRIORITY_POINTS_HUNDREDTHS = [200, 150, 100] as const;

/** Bonus points (điểm khuyến khích) count only in rounds under the old regulation. */
export function bonusPointsCount(schoolYear: string): boolean {
  return regulationFor(schoolYear) === 'circular-11-2014';
}

export interface Grade10Settings {
  schoolYear: string;
  priorityCategories: ReadonlyArray<{ points: number }>;
  exam: { subjects: ReadonlyArray<{ code: string; weight: number }> };
}

/** What a grade-10 round's settings break of Circular 30/2024 (nothing for earlier years). */
export function grade10SettingsProblems(
  round: Grade10Settings,
): Array<{ field: string; message: string }> {
  if (regulationFor(round.schoolYear) !== 'circular-30-2024') return [];
  const problems: Array<{ field: string; message: string }> = [];
  const codes = round.exam.subjects.map((s) => s.code);
  if (codes.length !== EXAM_SUBJECT_COUNT || new Set(codes).size !== codes.length)
    problems.push({
      field: 'exam.subjects',
      message:
        'three different exam subjects: Toán, Ngữ văn and the third the province chooses (Circular 30/2024, Art. 13)',
    });
  for (const required of REQUIRED_EXAM_SUBJECTS)
    if (!codes.includes(required))
      problems.push({
        field: 'exam.subjects',
        message: `${required} is an exam subject of every grade-10 round (Circular 30/2024, Art. 13)`,
      });
  round.exam.subjects.forEach((s, i) => {
    if (s.weight !== 1)
      problems.push({
        field: `exam.subjects.${i}.weight`,
        message:
          'must be 1: the admission score is the plain sum of the three scores on a 10-point scale (Circular 30/2024, Art. 13)',
      });
  });
  round.priorityCategories.forEach((c, i) => {
    if (!(PRIORITY_POINTS_HUNDREDTHS as readonly number[]).includes(toHundredths(c.points)))
      problems.push({
        field: `priorityCategories.${i}.points`,
        message: 'must be 2, 1.5 or 1: the three priority groups (Circular 30/2024, Art. 14)',
      });
  });
  return problems;
}
