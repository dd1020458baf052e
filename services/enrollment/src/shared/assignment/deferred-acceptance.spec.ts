import fc from 'fast-check';
import {
  assign,
  AssignmentInput,
  AssignmentResult,
  checkAssignment,
  findBlockingPairs,
  prefers,
  wishPosition,
} from './deferred-acceptance';
import { serialDictatorship, textbookDeferredAcceptance } from './reference-da';

// ---------------------------------------------------------------------------------------------
// Helpers

/** An instance from explicit preference tables: orders[school] = applicants, best first. */
function instance(
  wishes: Record<string, string[]>,
  capacities: Record<string, number>,
  orders: Record<string, string[]>,
): AssignmentInput {
  return {
    applicants: Object.entries(wishes).map(([id, w]) => ({ id, wishes: w })),
    schools: Object.entries(capacities).map(([id, capacity]) => ({ id, capacity })),
    rank: (s, a) => {
      const k = orders[s].indexOf(a);
      return k < 0 ? Infinity : k;
    },
  };
}

const asObject = (m: Map<string, unknown>) => Object.fromEntries(m);

/** Random instance: orders are permutations; some (school, applicant) pairs are inadmissible. */
function instanceArb(opts: {
  maxApplicants: number;
  maxSchools: number;
  maxWishes?: number;
  maxCapacity?: number;
}) {
  return fc
    .record({
      nSchools: fc.integer({ min: 1, max: opts.maxSchools }),
      nApplicants: fc.integer({ min: 0, max: opts.maxApplicants }),
    })
    .chain(({ nSchools, nApplicants }) => {
      const schoolIds = Array.from({ length: nSchools }, (_, i) => `s${i}`);
      const applicantIds = Array.from({ length: nApplicants }, (_, i) => `a${i}`);
      const maxWishes = Math.min(nSchools, opts.maxWishes ?? nSchools);
      return fc.record({
        capacities: fc.array(fc.integer({ min: 0, max: opts.maxCapacity ?? 3 }), {
          minLength: nSchools,
          maxLength: nSchools,
        }),
        wishes: fc.array(fc.shuffledSubarray(schoolIds, { minLength: 0, maxLength: maxWishes }), {
          minLength: nApplicants,
          maxLength: nApplicants,
        }),
        orders: fc.array(
          fc.shuffledSubarray(applicantIds, { minLength: nApplicants, maxLength: nApplicants }),
          { minLength: nSchools, maxLength: nSchools },
        ),
        inadmissible: fc.array(
          fc.array(fc.boolean(), { minLength: nApplicants, maxLength: nApplicants }),
          { minLength: nSchools, maxLength: nSchools },
        ),
        useInadmissible: fc.boolean(),
        // Ranks need not be dense integers: any strictly increasing map of positions works.
        scale: fc.constantFrom(1, 0.5, -3, 1000.25),
      });
    })
    .map(({ capacities, wishes, orders, inadmissible, useInadmissible, scale }) => {
      const applicants = wishes.map((w, i) => ({ id: `a${i}`, wishes: w }));
      const schools = capacities.map((capacity, s) => ({ id: `s${s}`, capacity }));
      const position = orders.map((order) => new Map(order.map((a, k) => [a, k] as const)));
      const rank = (schoolId: string, applicantId: string): number => {
        const s = Number(schoolId.slice(1));
        const a = Number(applicantId.slice(1));
        // About one pair in 8 is inadmissible when enabled.
        if (useInadmissible && inadmissible[s][a] && (s + a) % 4 === 0) return Infinity;
        const k = position[s].get(applicantId)!;
        return scale < 0 ? 1000 + scale * -k : k * scale;
      };
      return { applicants, schools, rank } satisfies AssignmentInput;
    });
}

/** Definition of stability, written independently of findBlockingPairs. */
function isStable(input: AssignmentInput, assignments: Map<string, string | null>): boolean {
  for (const a of input.applicants) {
    const mine = assignments.get(a.id) ?? null;
    for (const s of input.schools) {
      if (!prefers(a.wishes, s.id, mine)) continue;
      if (input.rank(s.id, a.id) === Infinity) continue;
      const there = input.applicants.filter((b) => assignments.get(b.id) === s.id);
      if (there.length < s.capacity) return false;
      if (there.some((b) => input.rank(s.id, b.id) > input.rank(s.id, a.id))) return false;
    }
  }
  return true;
}

/** All feasible assignments (each applicant: one of their admissible wishes or nothing). */
function* allAssignments(input: AssignmentInput): Generator<Map<string, string | null>> {
  const options = input.applicants.map((a) => [
    null,
    ...a.wishes.filter((s) => input.rank(s, a.id) !== Infinity),
  ]);
  const capacity = new Map(input.schools.map((s) => [s.id, s.capacity] as const));
  const current: Array<string | null> = [];
  function* rec(i: number): Generator<Map<string, string | null>> {
    if (i === options.length) {
      const count = new Map<string, number>();
      for (const s of current) if (s !== null) count.set(s, (count.get(s) ?? 0) + 1);
      for (const [s, c] of count) if (c > capacity.get(s)!) return;
      yield new Map(input.applicants.map((a, k) => [a.id, current[k]] as const));
      return;
    }
    for (const o of options[i]) {
      current.push(o);
      yield* rec(i + 1);
      current.pop();
    }
  }
  yield* rec(0);
}

/** Every ordered subset of `ids` (the possible reported wish lists). */
function orderedSubsets(ids: readonly string[]): string[][] {
  const out: string[][] = [[]];
  const rec = (prefix: string[], rest: string[]) => {
    for (let i = 0; i < rest.length; i++) {
      const next = [...prefix, rest[i]];
      out.push(next);
      rec(next, [...rest.slice(0, i), ...rest.slice(i + 1)]);
    }
  };
  rec([], [...ids]);
  return out;
}

function expectValid(input: AssignmentInput, result: AssignmentResult): void {
  expect(checkAssignment(input, result)).toEqual([]);
  expect(findBlockingPairs(input, result)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Worked examples

describe('assign — textbook examples worked out by hand', () => {
  it('Gale–Shapley 3×3: students get the student-optimal matching, not the school-optimal one', () => {
    // Students A, B, C; schools X, Y, Z with one place each.
    //   A: X > Y > Z     B: Y > X > Z     C: X > Y > Z
    //   X: B > A > C     Y: A > B > C     Z: A > B > C
    // Round 1: A→X, B→Y, C→X; X holds A (A > C), rejects C.
    // Round 2: C→Y; Y holds B (B > C), rejects C.
    // Round 3: C→Z; held. Nobody is free: A–X, B–Y, C–Z after 3 rounds.
    // The school-optimal matching A–Y, B–X, C–Z is stable too, but worse for A and B.
    const input = instance(
      { A: ['X', 'Y', 'Z'], B: ['Y', 'X', 'Z'], C: ['X', 'Y', 'Z'] },
      { X: 1, Y: 1, Z: 1 },
      { X: ['B', 'A', 'C'], Y: ['A', 'B', 'C'], Z: ['A', 'B', 'C'] },
    );
    const result = assign(input);
    expect(asObject(result.assignments)).toEqual({ A: 'X', B: 'Y', C: 'Z' });
    expect(result.rounds).toBe(3);
    expect(result.proposals).toBe(5);
    expectValid(input, result);
    const schoolOptimal = new Map([
      ['A', 'Y'],
      ['B', 'X'],
      ['C', 'Z'],
    ]);
    expect(isStable(input, schoolOptimal)).toBe(true);
    expect(
      findBlockingPairs(input, {
        assignments: schoolOptimal,
        admittedBySchool: new Map([
          ['X', ['B']],
          ['Y', ['A']],
          ['Z', ['C']],
        ]),
      }),
    ).toEqual([]);
  });

  it('rejection chain with capacities: a displaced applicant displaces another', () => {
    // S1 has 1 place, S2 has 2.
    //   a: S1 > S2   b: S1 > S2   c: S2 > S1   d: S2
    //   S1: b > a > c > d         S2: a > c > d > b
    // Round 1: a→S1, b→S1, c→S2, d→S2. S1 keeps b, rejects a. S2 keeps c, d.
    // Round 2: a→S2. S2 pools {c, d, a} → keeps a, c; rejects d.
    // Round 3: d has no wish left: unplaced. 2 rounds with proposals.
    const input = instance(
      { a: ['S1', 'S2'], b: ['S1', 'S2'], c: ['S2', 'S1'], d: ['S2'] },
      { S1: 1, S2: 2 },
      { S1: ['b', 'a', 'c', 'd'], S2: ['a', 'c', 'd', 'b'] },
    );
    const result = assign(input);
    expect(asObject(result.assignments)).toEqual({ a: 'S2', b: 'S1', c: 'S2', d: null });
    expect(asObject(result.admittedBySchool)).toEqual({ S1: ['b'], S2: ['a', 'c'] });
    expect(result.rounds).toBe(2);
    expect(result.proposals).toBe(5);
    expectValid(input, result);
  });

  it('school choice (Abdulkadiroğlu–Sönmez style): priority is respected, the seat goes to the higher priority', () => {
    // Two applicants both want T (1 place) first; T ranks r (resident) before n. n falls back to U.
    const input = instance(
      { n: ['T', 'U'], r: ['T', 'U'] },
      { T: 1, U: 1 },
      { T: ['r', 'n'], U: ['n', 'r'] },
    );
    const result = assign(input);
    expect(asObject(result.assignments)).toEqual({ n: 'U', r: 'T' });
    expectValid(input, result);
  });

  it('with one common order (grade 10, one exam) it equals serial dictatorship in that order', () => {
    const order = ['p', 'q', 'r', 's'];
    const input = instance(
      { p: ['B', 'A'], q: ['B', 'C'], r: ['B', 'A', 'C'], s: ['A'] },
      { A: 1, B: 1, C: 1 },
      { A: order, B: order, C: order },
    );
    const result = assign(input);
    // p takes B; q: B full → C; r: B full, A free → A; s: A full → nothing.
    expect(asObject(result.assignments)).toEqual({ p: 'B', q: 'C', r: 'A', s: null });
    expect(asObject(serialDictatorship(input, order).assignments)).toEqual(
      asObject(result.assignments),
    );
  });

  it('applicants with no wishes, schools with no places, nobody at all', () => {
    const input = instance({ x: [], y: ['Z'] }, { Z: 0, W: 2 }, { Z: ['y'], W: [] });
    const result = assign(input);
    expect(asObject(result.assignments)).toEqual({ x: null, y: null });
    expect(asObject(result.admittedBySchool)).toEqual({ Z: [], W: [] });
    expect(result.rounds).toBe(1);
    expectValid(input, result);
    const empty = assign({ applicants: [], schools: [], rank: () => 0 });
    expect(empty).toEqual({
      assignments: new Map(),
      admittedBySchool: new Map(),
      rounds: 0,
      proposals: 0,
    });
  });

  it('an inadmissible applicant (rank Infinity) is never placed there and goes on to the next wish', () => {
    const input = instance({ x: ['Z', 'W'] }, { Z: 5, W: 1 }, { Z: [], W: ['x'] });
    const result = assign(input);
    expect(result.assignments.get('x')).toBe('W');
    expectValid(input, result);
  });

  it('findBlockingPairs finds the pairs of an unstable assignment', () => {
    const input = instance(
      { A: ['X', 'Y'], B: ['X', 'Y'] },
      { X: 1, Y: 1 },
      { X: ['A', 'B'], Y: ['A', 'B'] },
    );
    const bad = {
      assignments: new Map([
        ['A', 'Y'],
        ['B', 'X'],
      ]),
      admittedBySchool: new Map([
        ['X', ['B']],
        ['Y', ['A']],
      ]),
    };
    expect(findBlockingPairs(input, bad)).toEqual([{ applicantId: 'A', schoolId: 'X' }]);
    const wasteful = {
      assignments: new Map<string, string | null>([
        ['A', 'X'],
        ['B', null],
      ]),
      admittedBySchool: new Map([
        ['X', ['A']],
        ['Y', []],
      ]),
    };
    expect(findBlockingPairs(input, wasteful)).toEqual([{ applicantId: 'B', schoolId: 'Y' }]);
  });

  it('checkAssignment reports capacity, rationality and consistency violations', () => {
    const input = instance(
      { A: ['X'], B: ['Y'] },
      { X: 1, Y: 1 },
      { X: ['A', 'B'], Y: ['A', 'B'] },
    );
    const broken = {
      assignments: new Map([
        ['A', 'X'],
        ['B', 'X'],
      ]),
      admittedBySchool: new Map([
        ['X', ['A', 'B']],
        ['Y', []],
      ]),
    };
    const problems = checkAssignment(input, broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('capacity'),
        expect.stringContaining('B admitted to X without wishing it'),
      ]),
    );
  });

  it('refuses malformed input', () => {
    const ok = instance({ A: ['X'] }, { X: 1 }, { X: ['A'] });
    expect(() =>
      assign({
        ...ok,
        schools: [
          { id: 'X', capacity: 1 },
          { id: 'X', capacity: 2 },
        ],
      }),
    ).toThrow(/duplicate school/);
    expect(() => assign({ ...ok, schools: [{ id: 'X', capacity: -1 }] })).toThrow(/capacity/);
    expect(() => assign({ ...ok, schools: [{ id: 'X', capacity: 1.5 }] })).toThrow(/capacity/);
    expect(() =>
      assign({
        ...ok,
        applicants: [
          { id: 'A', wishes: ['X'] },
          { id: 'A', wishes: [] },
        ],
      }),
    ).toThrow(/duplicate applicant/);
    expect(() => assign({ ...ok, applicants: [{ id: 'A', wishes: ['Q'] }] })).toThrow(
      /unknown school/,
    );
    expect(() => assign({ ...ok, applicants: [{ id: 'A', wishes: ['X', 'X'] }] })).toThrow(/twice/);
    expect(() => assign({ ...ok, maxWishes: 0 })).toThrow(/at most 0/);
    expect(() => assign({ ...ok, rank: () => NaN })).toThrow(/not a number/);
    const tie = {
      applicants: [
        { id: 'A', wishes: ['X'] },
        { id: 'B', wishes: ['X'] },
      ],
      schools: [{ id: 'X', capacity: 1 }],
      rank: () => 7,
    };
    expect(() => assign(tie)).toThrow(/not strict/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties on random instances

describe('assign — properties', () => {
  it('feasible (capacity, wished schools only, admissible only, consistent maps) and stable', () => {
    fc.assert(
      fc.property(instanceArb({ maxApplicants: 40, maxSchools: 8, maxCapacity: 6 }), (input) => {
        const result = assign(input);
        expect(checkAssignment(input, result)).toEqual([]);
        expect(findBlockingPairs(input, result)).toEqual([]);
        for (const [s, admitted] of result.admittedBySchool) {
          // The school's best first.
          const ranks = admitted.map((a) => input.rank(s, a));
          expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stability agrees with the definition, and findBlockingPairs flags exactly the unstable feasible assignments', () => {
    fc.assert(
      fc.property(instanceArb({ maxApplicants: 4, maxSchools: 3, maxCapacity: 2 }), (input) => {
        expect(isStable(input, assign(input).assignments)).toBe(true);
        for (const assignments of allAssignments(input)) {
          const admittedBySchool = new Map(
            input.schools.map((s) => [
              s.id,
              input.applicants.filter((a) => assignments.get(a.id) === s.id).map((a) => a.id),
            ]),
          );
          expect(findBlockingPairs(input, { assignments, admittedBySchool }).length === 0).toBe(
            isStable(input, assignments),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('student-optimal: every applicant likes it at least as much as any other stable assignment (brute force)', () => {
    fc.assert(
      fc.property(instanceArb({ maxApplicants: 5, maxSchools: 3, maxCapacity: 2 }), (input) => {
        const da = assign(input).assignments;
        for (const other of allAssignments(input)) {
          if (!isStable(input, other)) continue;
          for (const a of input.applicants) {
            expect(wishPosition(a.wishes, da.get(a.id)!)).toBeLessThanOrEqual(
              wishPosition(a.wishes, other.get(a.id)!),
            );
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('strategy-proof: no applicant gets a better school by reporting any other ordered subset of wishes (brute force)', () => {
    fc.assert(
      fc.property(instanceArb({ maxApplicants: 6, maxSchools: 3, maxCapacity: 2 }), (input) => {
        const truthful = assign(input).assignments;
        const lists = orderedSubsets(input.schools.map((s) => s.id));
        for (const liar of input.applicants) {
          const honest = wishPosition(liar.wishes, truthful.get(liar.id)!);
          for (const report of lists) {
            const applicants = input.applicants.map((a) =>
              a.id === liar.id ? { id: a.id, wishes: report } : a,
            );
            const got = assign({ ...input, applicants }).assignments.get(liar.id)!;
            // Judged by the TRUE wishes: a school not truly wished is worth nothing.
            expect(wishPosition(liar.wishes, got)).toBeGreaterThanOrEqual(honest);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('equals the textbook round-by-round implementation (assignments, admitted order, rounds, proposals)', () => {
    fc.assert(
      fc.property(
        instanceArb({ maxApplicants: 60, maxSchools: 10, maxWishes: 3, maxCapacity: 8 }),
        (input) => {
          const fast = assign(input);
          const slow = textbookDeferredAcceptance(input);
          expect(asObject(fast.assignments)).toEqual(asObject(slow.assignments));
          expect(asObject(fast.admittedBySchool)).toEqual(asObject(slow.admittedBySchool));
          expect(fast.rounds).toBe(slow.rounds);
          expect(fast.proposals).toBe(slow.proposals);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('deterministic and independent of the order applicants and schools are listed in', () => {
    fc.assert(
      fc.property(
        instanceArb({ maxApplicants: 30, maxSchools: 6 }).chain((input) =>
          fc.record({
            input: fc.constant(input),
            applicants: fc.shuffledSubarray(input.applicants, {
              minLength: input.applicants.length,
              maxLength: input.applicants.length,
            }),
            schools: fc.shuffledSubarray(input.schools, {
              minLength: input.schools.length,
              maxLength: input.schools.length,
            }),
          }),
        ),
        ({ input, applicants, schools }) => {
          const a = assign(input);
          const b = assign({ ...input, applicants, schools });
          expect(asObject(b.assignments)).toEqual(asObject(a.assignments));
          expect(asObject(b.admittedBySchool)).toEqual(asObject(a.admittedBySchool));
          expect(b.rounds).toBe(a.rounds);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('more places never hurt an applicant (capacity monotonicity of the student-optimal matching)', () => {
    fc.assert(
      fc.property(instanceArb({ maxApplicants: 20, maxSchools: 5 }), fc.nat(), (input, pick) => {
        const before = assign(input).assignments;
        const k = pick % input.schools.length;
        const schools = input.schools.map((s, i) =>
          i === k ? { ...s, capacity: s.capacity + 1 } : s,
        );
        const after = assign({ ...input, schools }).assignments;
        for (const a of input.applicants) {
          expect(wishPosition(a.wishes, after.get(a.id)!)).toBeLessThanOrEqual(
            wishPosition(a.wishes, before.get(a.id)!),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
