/**
 * The end of a school year for a school's learners (tổng kết năm học), pure. Each learner still
 * on the roster of the year closes with one outcome: promoted to the next grade (lên lớp),
 * repeating the grade (lưu ban), or having completed the level (hoàn thành chương trình tiểu
 * học / THCS / THPT) in its last grade. A promoted or repeating learner is on the school's roster
 * of the next year at once, without a class until the school places them; one who completed the
 * level leaves the school's roster and goes on through admission to the next level.
 */
import type { GraduationLevel, YearOutcome } from '@qn/contracts';

/** Last grade of each level of general education: 5 primary, 9 lower-secondary, 12 upper-secondary. */
export const LEVEL_END_GRADES = [5, 9, 12] as const;

export interface OpenPlace {
  studentId: string;
  grade: number;
}

export interface YearEndDecision {
  studentId: string;
  grade: number;
  outcome: YearOutcome;
  /** The grade on next year's roster (promoted or repeating), or null (completed the level). */
  nextGrade: number | null;
}

export interface YearEndProblem {
  field: string;
  message: string;
}

/**
 * The outcome of every open place: completed-level in grades 5, 9 and 12, promoted otherwise,
 * repeating for the learners the school names (in any grade; a learner who fails the last grade
 * of a level repeats it). Naming a learner not on the roster is a problem, not ignored.
 */
export function decideYearEnd(
  open: OpenPlace[],
  repeating: string[],
): { decisions: YearEndDecision[]; problems: YearEndProblem[] } {
  const onRoster = new Set(open.map((p) => p.studentId));
  const problems: YearEndProblem[] = [];
  const seen = new Set<string>();
  repeating.forEach((id, i) => {
    if (!onRoster.has(id))
      problems.push({
        field: `repeating[${i}]`,
        message: 'is not on the school roster of this school year (or its year is closed already)',
      });
    if (seen.has(id)) problems.push({ field: `repeating[${i}]`, message: 'is listed twice' });
    seen.add(id);
  });
  const repeats = new Set(repeating);
  const decisions = open.map((p): YearEndDecision => {
    if (repeats.has(p.studentId))
      return { studentId: p.studentId, grade: p.grade, outcome: 'repeating', nextGrade: p.grade };
    if ((LEVEL_END_GRADES as readonly number[]).includes(p.grade))
      return {
        studentId: p.studentId,
        grade: p.grade,
        outcome: 'completed-level',
        nextGrade: null,
      };
    return { studentId: p.studentId, grade: p.grade, outcome: 'promoted', nextGrade: p.grade + 1 };
  });
  return { decisions, problems };
}

/** `2025-2026` → `2026-2027`. */
export function nextSchoolYear(schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}

/** The grade whose learners are the candidates for graduation at a level. */
export const GRADUATION_GRADE: Record<GraduationLevel, number> = {
  'lower-secondary': 9,
  'upper-secondary': 12,
};

/** Whether a school teaches the grade graduation at this level is taken from. */
export const teachesGraduationGrade = (grades: number[], level: GraduationLevel) =>
  grades.includes(GRADUATION_GRADE[level]);
