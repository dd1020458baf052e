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

/**
 * The demo family's account: the `sub` of the identity provider's demo user `phu-huynh`. One
 * grade-1 application of the demo is theirs (online, to a school with places to spare), and the
 * follow-up leaves its offer unanswered, for whoever tries the families' page to accept or decline.
 */
export const demoFamilySubject = (env: NodeJS.ProcessEnv = process.env): string =>
  env.DEMO_FAMILY_SUBJECT ?? 'demo-phu-huynh';

/** Which grade-1 application is the demo family's: the first online one to a school not in demand. */
export function demoFamilyApplication(
  applications: ReadonlyArray<{ paper: boolean; wishes: readonly string[] }>,
  popular: readonly string[],
): number {
  return applications.findIndex((a) => !a.paper && !popular.includes(a.wishes[0]!));
}
