import fc from 'fast-check';
import { commitSeed, lotteryOrder } from './lottery';
import { RoundApplicant, RoundInput, RoundSchool, simulateRound } from './simulate';

const SEED = 'a3f1c0de5eed0000000000000000000000000000000000000000000000000001';

describe('simulateRound — grade 1', () => {
  // Two primary schools; TH-A covers areas P1 and P2, TH-B covers P3.
  const schools: RoundSchool[] = [
    { id: 'TH-A', capacity: 2, catchmentAreas: ['P1', 'P2'] },
    { id: 'TH-B', capacity: 2, catchmentAreas: ['P3'] },
  ];
  const applicants: RoundApplicant[] = [
    { id: 'HS1', wishes: ['TH-A', 'TH-B'], residenceArea: 'P1' },
    { id: 'HS2', wishes: ['TH-A', 'TH-B'], residenceArea: 'P3', priorityPoints: 2 },
    { id: 'HS3', wishes: ['TH-A'], residenceArea: 'P2' },
    { id: 'HS4', wishes: ['TH-A', 'TH-B'], residenceArea: 'P9' },
    { id: 'HS5', wishes: ['TH-B'], residenceArea: 'P9', catchmentSchoolIds: ['TH-B'] },
  ];
  const input: RoundInput = {
    grade: 1,
    schoolYear: '2025-2026',
    seed: SEED,
    seedCommitment: commitSeed(SEED),
    schools,
    applicants,
  };

  it('admits the tuyến first, then by điểm ưu tiên, and fills the rest by lottery; cut-offs and waiting lists', () => {
    const r = simulateRound(input);
    // TH-A: residents HS1, HS3 take both places although HS2 has priority points.
    expect(r.schools.get('TH-A')!.admitted).toEqual(expect.arrayContaining(['HS1', 'HS3']));
    expect(r.schools.get('TH-A')!.admitted).toHaveLength(2);
    // TH-B: resident HS5 (explicit tuyến) first, then HS2 (resident of P3); HS4 is left out.
    expect(r.schools.get('TH-B')!.admitted).toEqual(['HS2', 'HS5']);
    expect(Object.fromEntries(r.assignments)).toEqual({
      HS1: 'TH-A',
      HS2: 'TH-B',
      HS3: 'TH-A',
      HS4: null,
      HS5: 'TH-B',
    });
    expect(r.unplaced).toEqual(['HS4']);
    // HS2 wanted TH-A more than its placement; non-resident with 2 points comes before HS4.
    expect(r.schools.get('TH-A')!.waitingList).toEqual(['HS2', 'HS4']);
    expect(r.schools.get('TH-B')!.waitingList).toEqual(['HS4']);
    const lastA = r.schools.get('TH-A')!.admitted[1];
    expect(r.schools.get('TH-A')!.cutoff).toEqual({
      kind: 'catchment',
      resident: true,
      priorityPoints: '0.00',
      lotteryNumber: r.lottery.get(lastA),
      label: `đúng tuyến, điểm ưu tiên 0.00, bốc thăm #${r.lottery.get(lastA)}`,
    });
    expect(r.schools.get('TH-B')!.cutoff).toMatchObject({ kind: 'catchment', resident: true });
    expect(r.schools.get('TH-A')!.full).toBe(true);
    expect(r.seedCommitment).toBe(commitSeed(SEED));
    expect(r.lottery).toEqual(lotteryOrder(SEED, ['HS1', 'HS2', 'HS3', 'HS4', 'HS5']));
  });

  it('one lottery for the round: the same tie is broken the same way at every school', () => {
    const ties: RoundApplicant[] = ['x', 'y', 'z'].map((id) => ({ id, wishes: ['S1', 'S2'] }));
    const r = simulateRound({
      grade: 6,
      seed: SEED,
      schools: [
        { id: 'S1', capacity: 1 },
        { id: 'S2', capacity: 1 },
      ],
      applicants: ties,
    });
    const byLottery = ['x', 'y', 'z'].sort((a, b) => r.lottery.get(a)! - r.lottery.get(b)!);
    expect(r.schools.get('S1')!.admitted).toEqual([byLottery[0]]);
    expect(r.schools.get('S2')!.admitted).toEqual([byLottery[1]]);
    expect(r.schools.get('S1')!.waitingList).toEqual([byLottery[1], byLottery[2]]);
    expect(r.schools.get('S2')!.waitingList).toEqual([byLottery[2]]);
  });

  it('is reproducible and independent of the order applications were listed in', () => {
    const a = simulateRound(input);
    const b = simulateRound({
      ...input,
      applicants: [...applicants].reverse(),
      seedCommitment: undefined,
    });
    expect(Object.fromEntries(b.assignments)).toEqual(Object.fromEntries(a.assignments));
    expect(b.schools).toEqual(a.schools);
  });

  it('refuses a seed that does not match the published commitment, and unknown schools', () => {
    expect(() => simulateRound({ ...input, seedCommitment: commitSeed('another seed') })).toThrow(
      /commitment/,
    );
    expect(() =>
      simulateRound({ ...input, applicants: [{ id: 'x', wishes: ['nowhere'] }] }),
    ).toThrow(/unknown school/);
  });

  it('a school with free places has no waiting list', () => {
    const r = simulateRound({ ...input, schools: [{ ...schools[0], capacity: 10 }, schools[1]] });
    expect(r.schools.get('TH-A')!.full).toBe(false);
    expect(r.schools.get('TH-A')!.waitingList).toEqual([]);
    expect(r.schools.get('TH-A')!.admitted).toHaveLength(4);
  });
});

describe('simulateRound — grade 10', () => {
  // Circular 30/2024: the plain sum of the three scores plus điểm ưu tiên; no bonus points.
  const exam = {
    subjects: [
      { code: 'toan', weight: 1 },
      { code: 'van', weight: 1 },
      { code: 'anh', weight: 1 },
    ],
    tieBreakSubjects: ['van', 'toan'],
    failAtOrBelow: 0,
  };
  const schools: RoundSchool[] = [
    { id: 'THPT-HL', capacity: 2 },
    { id: 'THPT-UB', capacity: 2 },
    {
      id: 'THPT-CHUYEN',
      capacity: 1,
      exam: {
        subjects: [
          { code: 'toan', weight: 1 },
          { code: 'van', weight: 1 },
          { code: 'anh', weight: 1 },
          { code: 'chuyen', weight: 2 },
        ],
      },
    },
  ];
  const s = (toan: number, van: number, anh: number, chuyen?: number) => ({
    toan,
    van,
    anh,
    chuyen,
  });
  const applicants: RoundApplicant[] = [
    { id: 'T1', wishes: ['THPT-CHUYEN', 'THPT-HL'], scores: s(9, 8, 9, 9.5) }, // 26 / chuyên 45
    { id: 'T2', wishes: ['THPT-HL', 'THPT-UB'], scores: s(8.25, 7.75, 8) }, // 24
    { id: 'T3', wishes: ['THPT-HL', 'THPT-UB'], scores: s(8, 8, 8) }, // 24, Văn 8 > 7.75
    {
      id: 'T4',
      wishes: ['THPT-HL', 'THPT-UB'],
      scores: s(7, 7, 7),
      priorityPoints: 1.5,
      bonusPoints: 0.5, // not added (Circular 30/2024)
    }, // 22.5
    { id: 'T5', wishes: ['THPT-UB'], scores: s(10, 0, 10) }, // điểm liệt
    { id: 'T6', wishes: ['THPT-CHUYEN', 'THPT-UB'], scores: s(9, 9, 9, 8) }, // 27 / chuyên 43
  ];
  const input: RoundInput = { grade: 10, seed: SEED, schools, applicants, exam };

  it('ranks by composite score over nguyện vọng, with per-school exam rules, cut-offs and waiting lists', () => {
    const r = simulateRound(input);
    // Chuyên (own weights): T1 45 > T6 43 → T1; T6 falls back to THPT-UB.
    // THPT-HL: T3 24 (Văn 8.00) > T2 24 (Văn 7.75) > T4 22.5 → T3, T2; T4 falls back to THPT-UB.
    // THPT-UB: T6 27 > T4 22.5; T5 has điểm liệt (Văn 0) and is not admissible.
    expect(Object.fromEntries(r.assignments)).toEqual({
      T1: 'THPT-CHUYEN',
      T2: 'THPT-HL',
      T3: 'THPT-HL',
      T4: 'THPT-UB',
      T5: null,
      T6: 'THPT-UB',
    });
    expect(r.schools.get('THPT-HL')!.admitted).toEqual(['T3', 'T2']);
    expect(r.schools.get('THPT-HL')!.cutoff).toMatchObject({
      kind: 'exam',
      composite: '24.00',
      tieBreak: [
        { subject: 'van', score: '7.75' },
        { subject: 'toan', score: '8.25' },
      ],
    });
    expect(r.schools.get('THPT-HL')!.waitingList).toEqual(['T4']); // T1 is placed at a school it listed higher
    expect(r.schools.get('THPT-UB')!.admitted).toEqual(['T6', 'T4']);
    expect(r.schools.get('THPT-UB')!.waitingList).toEqual([]); // T2, T3 placed higher; T5 not admissible
    expect(r.schools.get('THPT-UB')!.cutoff!.label).toMatch(
      /^điểm xét tuyển 22.50 \(van 7.00, toan 7.00\), bốc thăm #\d$/,
    );
    expect(r.schools.get('THPT-CHUYEN')!.admitted).toEqual(['T1']);
    expect(r.schools.get('THPT-CHUYEN')!.cutoff).toMatchObject({
      composite: '45.00',
      tieBreak: [],
    });
    expect(r.schools.get('THPT-CHUYEN')!.waitingList).toEqual(['T6']);
    expect(r.ineligible).toEqual([
      { applicantId: 'T5', schoolId: 'THPT-UB', reason: 'điểm liệt in van (0.00)' },
    ]);
    expect(r.unplaced).toEqual(['T5']);
  });

  it('allows at most 3 nguyện vọng and needs an exam configuration', () => {
    const four = {
      id: 'X',
      wishes: ['THPT-HL', 'THPT-UB', 'THPT-CHUYEN', 'EXTRA'],
      scores: s(5, 5, 5),
    };
    expect(() =>
      simulateRound({
        ...input,
        schools: [...schools, { id: 'EXTRA', capacity: 1 }],
        applicants: [four],
      }),
    ).toThrow(/at most 3/);
    expect(() => simulateRound({ ...input, exam: undefined })).toThrow(/exam configuration/);
  });
});

describe('simulateRound — properties', () => {
  const roundArb = fc
    .record({
      grade: fc.constantFrom<1 | 6 | 10>(1, 6, 10),
      nSchools: fc.integer({ min: 1, max: 6 }),
      nApplicants: fc.integer({ min: 0, max: 40 }),
      seed: fc.string({ minLength: 1, maxLength: 20 }),
    })
    .chain(({ grade, nSchools, nApplicants, seed }) => {
      const ids = Array.from({ length: nSchools }, (_, i) => `S${i}`);
      return fc.record({
        grade: fc.constant(grade),
        seed: fc.constant(seed),
        schools: fc.tuple(
          ...ids.map((id) =>
            fc.record({
              id: fc.constant(id),
              capacity: fc.integer({ min: 0, max: 6 }),
              catchmentAreas: fc.subarray(['P0', 'P1', 'P2', 'P3']),
            }),
          ),
        ),
        applicants: fc.tuple(
          ...Array.from({ length: nApplicants }, (_, i) =>
            fc.record({
              id: fc.constant(`A${i}`),
              wishes: fc.shuffledSubarray(ids, { maxLength: Math.min(3, ids.length) }),
              residenceArea: fc.constantFrom('P0', 'P1', 'P2', 'P3'),
              priorityPoints: fc.constantFrom(0, 0, 0, 0.5, 1, 2),
              scores: fc.record({
                toan: fc.integer({ min: 0, max: 40 }).map((q) => q / 4),
                van: fc.integer({ min: 0, max: 40 }).map((q) => q / 4),
              }),
            }),
          ),
        ),
      });
    })
    .map(
      (r) =>
        ({
          ...r,
          exam: {
            subjects: [
              { code: 'toan', weight: 2 },
              { code: 'van', weight: 1 },
            ],
            tieBreakSubjects: ['toan'],
            failAtOrBelow: 0,
          },
        }) as RoundInput,
    );

  it('capacity, wished schools only, waiting lists after the cut-off and empty when places are left (= stability)', () => {
    fc.assert(
      fc.property(roundArb, (input) => {
        const r = simulateRound(input);
        const wishes = new Map(input.applicants.map((a) => [a.id, a.wishes] as const));
        for (const school of input.schools) {
          const out = r.schools.get(school.id)!;
          expect(out.admitted.length).toBeLessThanOrEqual(school.capacity);
          for (const a of out.admitted) {
            expect(wishes.get(a)).toContain(school.id);
            expect(r.assignments.get(a)).toBe(school.id);
          }
          if (!out.full) expect(out.waitingList).toEqual([]);
          for (const w of out.waitingList) {
            expect(out.admitted).not.toContain(w);
            expect(wishes.get(w)).toContain(school.id);
          }
          expect(out.cutoff === null).toBe(out.admitted.length === 0);
        }
        // Nobody unplaced who could have had a place somewhere they wished.
        for (const a of r.unplaced) {
          for (const w of wishes.get(a)!) {
            const out = r.schools.get(w)!;
            const inadmissible = r.ineligible.some((x) => x.applicantId === a && x.schoolId === w);
            if (!inadmissible) expect(out.full).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
