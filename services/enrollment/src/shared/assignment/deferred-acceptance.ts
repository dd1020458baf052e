/**
 * Student-proposing deferred acceptance (Gale–Shapley, "college admissions" with capacities)
 * over all schools of an admission round.
 *
 * Each round, every applicant who is not tentatively held proposes to the most preferred
 * school (nguyện vọng, in order) that has not rejected them yet; each school keeps the best
 * `capacity` applicants, by its own strict order, among those it held and the new proposers,
 * and rejects the rest. It stops when no applicant has anything left to propose. The result
 * is the student-optimal stable assignment: no applicant and school would both rather be
 * together (no blocking pair), no applicant gets a school they did not wish, and no applicant
 * can get a better school by misreporting their wishes (strategy-proof for applicants). It is
 * unique for given wishes, capacities and school orders, so the output is deterministic.
 *
 * Cost: ranks are read once per (applicant, wish) into typed arrays; each school keeps its
 * held applicants in a bounded max-heap (worst on top), so a proposal costs O(log capacity).
 * Total O(E log c) for E wishes, independent of the number of schools × applicants.
 */

export interface AssignmentApplicant {
  id: string;
  /** School ids, most preferred first (nguyện vọng 1, 2, 3…). */
  wishes: readonly string[];
}

export interface AssignmentSchool {
  id: string;
  /** Chỉ tiêu: places offered, a non-negative integer. */
  capacity: number;
}

/**
 * The school's order: lower = better; must be a strict order among the applicants who wished
 * the school. Return `Infinity` for an applicant the school may not admit (not eligible):
 * the proposal is skipped as if rejected at once.
 */
export type RankFn = (schoolId: string, applicantId: string) => number;

export interface AssignmentInput {
  applicants: readonly AssignmentApplicant[];
  schools: readonly AssignmentSchool[];
  rank: RankFn;
  /** Maximum wishes per applicant (3 for grade 10); absent = no limit. */
  maxWishes?: number;
}

export interface AssignmentResult {
  /** Every applicant, in input order → school id, or null when unplaced. */
  assignments: Map<string, string | null>;
  /** Every school, in input order → admitted applicant ids, the school's best first. */
  admittedBySchool: Map<string, string[]>;
  /** Rounds in which at least one proposal was made. */
  rounds: number;
  /** Proposals made (each wish is proposed to at most once). */
  proposals: number;
}

/** Runs student-proposing deferred acceptance. Throws on malformed input (see {@link AssignmentInput}). */
export function assign(input: AssignmentInput): AssignmentResult {
  const { applicants, schools, rank } = input;
  const n = applicants.length;
  const m = schools.length;

  const schoolIndex = new Map<string, number>();
  const capacity = new Int32Array(m);
  for (let s = 0; s < m; s++) {
    const school = schools[s];
    if (schoolIndex.has(school.id))
      throw new Error(`assign: duplicate school id ${JSON.stringify(school.id)}`);
    if (!Number.isInteger(school.capacity) || school.capacity < 0) {
      throw new Error(`assign: capacity of school ${school.id} must be a non-negative integer`);
    }
    schoolIndex.set(school.id, s);
    capacity[s] = Math.min(school.capacity, n);
  }

  // Flatten the wishes: applicant i's wishes are edges wishStart[i] .. wishStart[i+1]-1.
  const maxWishes = input.maxWishes ?? Infinity;
  const wishStart = new Int32Array(n + 1);
  const seenApplicant = new Set<string>();
  for (let i = 0; i < n; i++) {
    const a = applicants[i];
    if (seenApplicant.has(a.id))
      throw new Error(`assign: duplicate applicant id ${JSON.stringify(a.id)}`);
    seenApplicant.add(a.id);
    if (a.wishes.length > maxWishes)
      throw new Error(
        `assign: applicant ${a.id} has ${a.wishes.length} wishes, at most ${maxWishes} allowed`,
      );
    wishStart[i + 1] = wishStart[i] + a.wishes.length;
  }
  const edges = wishStart[n];
  const edgeSchool = new Int32Array(edges);
  const edgeApplicant = new Int32Array(edges);
  const edgeRank = new Float64Array(edges);
  const demand = new Int32Array(m); // acceptable proposals each school may receive
  for (let i = 0; i < n; i++) {
    const a = applicants[i];
    const start = wishStart[i];
    for (let k = 0; k < a.wishes.length; k++) {
      const schoolId = a.wishes[k];
      const s = schoolIndex.get(schoolId);
      if (s === undefined)
        throw new Error(
          `assign: applicant ${a.id} wishes unknown school ${JSON.stringify(schoolId)}`,
        );
      for (let j = start; j < start + k; j++) {
        if (edgeSchool[j] === s)
          throw new Error(`assign: applicant ${a.id} lists school ${schoolId} twice`);
      }
      const r = rank(schoolId, a.id);
      if (typeof r !== 'number' || Number.isNaN(r) || r === -Infinity) {
        throw new Error(`assign: rank(${schoolId}, ${a.id}) = ${String(r)} is not a number`);
      }
      const e = start + k;
      edgeSchool[e] = s;
      edgeApplicant[e] = i;
      edgeRank[e] = r;
      if (r !== Infinity) demand[s]++;
    }
  }
  assertStrict(schools, edgeSchool, edgeRank, demand);

  // One bounded max-heap of held edges per school, all in one array.
  const heapBase = new Int32Array(m + 1);
  for (let s = 0; s < m; s++) heapBase[s + 1] = heapBase[s] + Math.min(capacity[s], demand[s]);
  const heap = new Int32Array(heapBase[m]);
  const heapSize = new Int32Array(m);
  const heapCap = new Int32Array(m);
  for (let s = 0; s < m; s++) heapCap[s] = heapBase[s + 1] - heapBase[s];

  const nextWish = wishStart.slice(0, n);
  const heldAt = new Int32Array(n).fill(-1);
  let free = new Int32Array(n);
  let nextFree = new Int32Array(n);
  let freeLen = 0;
  for (let i = 0; i < n; i++) if (wishStart[i + 1] > wishStart[i]) free[freeLen++] = i;

  let rounds = 0;
  let proposals = 0;
  while (freeLen > 0) {
    let nextLen = 0;
    let proposedThisRound = 0;
    for (let f = 0; f < freeLen; f++) {
      const a = free[f];
      const end = wishStart[a + 1];
      let e = nextWish[a];
      while (e < end && edgeRank[e] === Infinity) e++; // the school may not admit a: skipped
      if (e >= end) {
        nextWish[a] = end;
        continue; // no wish left: unplaced
      }
      nextWish[a] = e + 1;
      proposedThisRound++;
      const s = edgeSchool[e];
      const base = heapBase[s];
      const size = heapSize[s];
      if (size < heapCap[s]) {
        // Free place: hold a; sift up (max-heap on rank).
        let pos = size;
        const r = edgeRank[e];
        while (pos > 0) {
          const parent = (pos - 1) >> 1;
          const pe = heap[base + parent];
          if (edgeRank[pe] >= r) break;
          heap[base + pos] = pe;
          pos = parent;
        }
        heap[base + pos] = e;
        heapSize[s] = size + 1;
        heldAt[a] = s;
      } else if (size > 0 && edgeRank[e] < edgeRank[heap[base]]) {
        // a beats the worst held applicant, who is rejected and proposes again next round.
        const out = edgeApplicant[heap[base]];
        heldAt[out] = -1;
        nextFree[nextLen++] = out;
        siftDownFromRoot(heap, base, size, e, edgeRank);
        heldAt[a] = s;
      } else {
        nextFree[nextLen++] = a; // rejected
      }
    }
    if (proposedThisRound > 0) rounds++;
    proposals += proposedThisRound;
    const t = free;
    free = nextFree;
    nextFree = t;
    freeLen = nextLen;
  }

  const assignments = new Map<string, string | null>();
  for (let i = 0; i < n; i++)
    assignments.set(applicants[i].id, heldAt[i] >= 0 ? schools[heldAt[i]].id : null);
  const admittedBySchool = new Map<string, string[]>();
  for (let s = 0; s < m; s++) {
    const held = Array.from(heap.subarray(heapBase[s], heapBase[s] + heapSize[s]));
    held.sort((x, y) => edgeRank[x] - edgeRank[y]);
    admittedBySchool.set(
      schools[s].id,
      held.map((e) => applicants[edgeApplicant[e]].id),
    );
  }
  return { assignments, admittedBySchool, rounds, proposals };
}

/** Replaces the root of the heap [base, base+size) with edge `e` and restores the max-heap. */
function siftDownFromRoot(
  heap: Int32Array,
  base: number,
  size: number,
  e: number,
  edgeRank: Float64Array,
): void {
  const r = edgeRank[e];
  let pos = 0;
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= size) break;
    if (child + 1 < size && edgeRank[heap[base + child + 1]] > edgeRank[heap[base + child]])
      child++;
    const ce = heap[base + child];
    if (edgeRank[ce] <= r) break;
    heap[base + pos] = ce;
    pos = child;
  }
  heap[base + pos] = e;
}

/** Throws when two applicants who wished the same school have the same finite rank there. */
function assertStrict(
  schools: readonly AssignmentSchool[],
  edgeSchool: Int32Array,
  edgeRank: Float64Array,
  demand: Int32Array,
): void {
  const m = schools.length;
  const start = new Int32Array(m + 1);
  for (let s = 0; s < m; s++) start[s + 1] = start[s] + demand[s];
  const fill = start.slice(0, m);
  const ranks = new Float64Array(start[m]);
  for (let e = 0; e < edgeRank.length; e++) {
    const r = edgeRank[e];
    if (r !== Infinity) ranks[fill[edgeSchool[e]]++] = r;
  }
  for (let s = 0; s < m; s++) {
    if (demand[s] < 2) continue;
    const slice = ranks.subarray(start[s], start[s + 1]);
    slice.sort();
    for (let k = 1; k < slice.length; k++) {
      if (slice[k] === slice[k - 1]) {
        throw new Error(
          `assign: the order of school ${schools[s].id} is not strict (two applicants have rank ${slice[k]})`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checks and helpers (used by tests, the simulation and audits)

export interface BlockingPair {
  applicantId: string;
  schoolId: string;
}

/**
 * Position of `schoolId` in `wishes` (0 = first wish); unplaced (null) and schools not wished
 * are worth `wishes.length`, i.e. after every wish.
 */
export function wishPosition(wishes: readonly string[], schoolId: string | null): number {
  if (schoolId === null) return wishes.length;
  const k = wishes.indexOf(schoolId);
  return k < 0 ? wishes.length : k;
}

/** True when the applicant strictly prefers school `a` to `b` (null = unplaced). */
export function prefers(wishes: readonly string[], a: string | null, b: string | null): boolean {
  return wishPosition(wishes, a) < wishPosition(wishes, b);
}

/**
 * Stability check: pairs (applicant, school) where the applicant wished the school above their
 * placement, the school may admit them, and the school has a free place or admitted someone
 * it ranks below them. Empty for a stable assignment. O(E).
 */
export function findBlockingPairs(
  input: AssignmentInput,
  result: Pick<AssignmentResult, 'assignments' | 'admittedBySchool'>,
): BlockingPair[] {
  const { rank } = input;
  const worst = new Map<string, { count: number; capacity: number; worstRank: number }>();
  for (const school of input.schools) {
    const admitted = result.admittedBySchool.get(school.id) ?? [];
    let worstRank = -Infinity;
    for (const a of admitted) worstRank = Math.max(worstRank, rank(school.id, a));
    worst.set(school.id, { count: admitted.length, capacity: school.capacity, worstRank });
  }
  const pairs: BlockingPair[] = [];
  for (const a of input.applicants) {
    const placed = result.assignments.get(a.id) ?? null;
    const limit = wishPosition(a.wishes, placed);
    for (let k = 0; k < limit; k++) {
      const schoolId = a.wishes[k];
      const w = worst.get(schoolId);
      if (!w) continue;
      const r = rank(schoolId, a.id);
      if (r === Infinity) continue;
      if (w.count < w.capacity || r < w.worstRank) pairs.push({ applicantId: a.id, schoolId });
    }
  }
  return pairs;
}

/**
 * Feasibility check of any assignment: returns the violations found (empty = feasible):
 * unknown ids, the two maps disagreeing, capacity exceeded, an applicant placed at a school
 * they did not wish (individual rationality) or may not be admitted to.
 */
export function checkAssignment(
  input: AssignmentInput,
  result: Pick<AssignmentResult, 'assignments' | 'admittedBySchool'>,
): string[] {
  const problems: string[] = [];
  const wishesOf = new Map(input.applicants.map((a) => [a.id, a.wishes] as const));
  const schoolIds = new Set(input.schools.map((s) => s.id));
  const placedVia = new Map<string, string>();
  for (const school of input.schools) {
    const admitted = result.admittedBySchool.get(school.id);
    if (!admitted) {
      problems.push(`school ${school.id} missing from admittedBySchool`);
      continue;
    }
    if (admitted.length > school.capacity)
      problems.push(`school ${school.id} admits ${admitted.length} > capacity ${school.capacity}`);
    for (const a of admitted) {
      const wishes = wishesOf.get(a);
      if (!wishes) problems.push(`school ${school.id} admits unknown applicant ${a}`);
      else if (!wishes.includes(school.id))
        problems.push(`applicant ${a} admitted to ${school.id} without wishing it`);
      else if (input.rank(school.id, a) === Infinity)
        problems.push(`applicant ${a} admitted to ${school.id} which may not admit them`);
      if (placedVia.has(a))
        problems.push(`applicant ${a} admitted to ${placedVia.get(a)} and ${school.id}`);
      placedVia.set(a, school.id);
      if ((result.assignments.get(a) ?? null) !== school.id)
        problems.push(`applicant ${a}: assignments disagree with admittedBySchool`);
    }
  }
  for (const id of result.admittedBySchool.keys())
    if (!schoolIds.has(id)) problems.push(`unknown school ${id} in admittedBySchool`);
  for (const a of input.applicants) {
    if (!result.assignments.has(a.id)) problems.push(`applicant ${a.id} missing from assignments`);
    const s = result.assignments.get(a.id) ?? null;
    if (s !== null && placedVia.get(a.id) !== s)
      problems.push(`applicant ${a.id}: assignments disagree with admittedBySchool`);
  }
  return problems;
}
