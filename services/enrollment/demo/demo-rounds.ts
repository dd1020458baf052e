/** Names of the demo's admission rounds: how the demo scripts find them again (`GET /rounds`). */
export const DEMO_ROUND_NAMES: Record<1 | 6 | 10, string> = {
  1: 'Tuyển sinh lớp 1 năm học 2026-2027',
  6: 'Tuyển sinh lớp 6 năm học 2026-2027',
  10: 'Tuyển sinh lớp 10 năm học 2026-2027',
};

/** The rounds that close a few minutes after loading and are decided by `decide-demo.ts`. */
export const DEMO_SHORT_ROUNDS = [1, 6, 10] as const;

/** The rounds whose families answer and schools confirm in the demo (students, then fees). */
export const DEMO_ENROLLED_ROUNDS: readonly number[] = [1, 6];
