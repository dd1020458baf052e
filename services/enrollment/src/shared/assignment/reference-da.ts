/**
 * Reference implementations, deliberately simple: the textbook round-by-round deferred
 * acceptance written straight from the definition (a cross-check for `assign` in tests, and
 * the naive baseline of the benchmark), and serial dictatorship.
 */
import type { AssignmentInput, AssignmentResult } from './deferred-acceptance';

/**
 * Textbook deferred acceptance: in each round every unplaced applicant proposes to the next
 * school on their list; each school pools the applicants it holds with its new proposers,
 * sorts the pool by calling `rank` and keeps the first `capacity`. No precomputation: every
 * round re-sorts every school's pool (O(rounds · n log n) rank calls).
 */
export function textbookDeferredAcceptance(input: AssignmentInput): AssignmentResult {
  const capacity = new Map(input.schools.map((s) => [s.id, s.capacity] as const));
  const held = new Map<string, string[]>(input.schools.map((s) => [s.id, []]));
  const nextWish = new Map<string, number>(input.applicants.map((a) => [a.id, 0]));
  const wishesOf = new Map(input.applicants.map((a) => [a.id, a.wishes] as const));
  let free = input.applicants.map((a) => a.id);
  let rounds = 0;
  let proposals = 0;
  for (;;) {
    const proposers = new Map<string, string[]>();
    for (const a of free) {
      const wishes = wishesOf.get(a)!;
      let k = nextWish.get(a)!;
      while (k < wishes.length && input.rank(wishes[k], a) === Infinity) k++;
      if (k >= wishes.length) {
        nextWish.set(a, k);
        continue;
      }
      nextWish.set(a, k + 1);
      const list = proposers.get(wishes[k]) ?? [];
      list.push(a);
      proposers.set(wishes[k], list);
      proposals++;
    }
    if (proposers.size === 0) break;
    rounds++;
    const rejected: string[] = [];
    for (const [schoolId, newcomers] of proposers) {
      const pool = held.get(schoolId)!.concat(newcomers);
      pool.sort((x, y) => input.rank(schoolId, x) - input.rank(schoolId, y));
      const keep = capacity.get(schoolId)!;
      held.set(schoolId, pool.slice(0, keep));
      rejected.push(...pool.slice(keep));
    }
    free = rejected;
  }
  const assignments = new Map<string, string | null>(input.applicants.map((a) => [a.id, null]));
  for (const [schoolId, list] of held) for (const a of list) assignments.set(a, schoolId);
  return { assignments, admittedBySchool: held, rounds, proposals };
}

/**
 * Serial dictatorship: applicants in the given order each take their most preferred school
 * that still has a place and may admit them. Equals deferred acceptance when every school
 * uses that same order (grade 10 with one exam configuration).
 */
export function serialDictatorship(
  input: Pick<AssignmentInput, 'schools' | 'applicants'> & { rank?: AssignmentInput['rank'] },
  order: readonly string[],
): Pick<AssignmentResult, 'assignments' | 'admittedBySchool'> {
  const left = new Map(input.schools.map((s) => [s.id, s.capacity] as const));
  const wishesOf = new Map(input.applicants.map((a) => [a.id, a.wishes] as const));
  const admittedBySchool = new Map<string, string[]>(input.schools.map((s) => [s.id, []]));
  const assignments = new Map<string, string | null>(input.applicants.map((a) => [a.id, null]));
  for (const a of order) {
    for (const schoolId of wishesOf.get(a) ?? []) {
      if ((left.get(schoolId) ?? 0) <= 0) continue;
      if (input.rank && input.rank(schoolId, a) === Infinity) continue;
      left.set(schoolId, left.get(schoolId)! - 1);
      admittedBySchool.get(schoolId)!.push(a);
      assignments.set(a, schoolId);
      break;
    }
  }
  return { assignments, admittedBySchool };
}
