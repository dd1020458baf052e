import fc from 'fast-check';
import {
  buildCatchmentOrder,
  buildExamOrder,
  CatchmentApplicant,
  compareCatchmentKeys,
  DecimalInput,
  describeExamKey,
  ExamApplicant,
  ExamConfig,
  examKey,
  formatComposite,
  formatHundredths,
  isIneligible,
  toHundredths,
} from './priority';

const lotteryOf = (ids: string[]) => new Map(ids.map((id, i) => [id, i + 1] as const));

describe('exact decimals', () => {
  it('converts numbers and strings to hundredths exactly', () => {
    expect(toHundredths(8.25)).toBe(825);
    expect(toHundredths('8.25')).toBe(825);
    expect(toHundredths('8.250')).toBe(825);
    expect(toHundredths('8.5')).toBe(850);
    expect(toHundredths(8)).toBe(800);
    expect(toHundredths(' 7 ')).toBe(700);
    expect(toHundredths(0.1)).toBe(10);
    expect(toHundredths(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996 in binary
    expect(toHundredths('-0.5')).toBe(-50);
    expect(Object.is(toHundredths(-0), 0)).toBe(true);
  });

  it('refuses what cannot be represented exactly', () => {
    for (const bad of [8.125, '8.125', NaN, Infinity, '8,25', '', 'abc', '1e2', '.5']) {
      expect(() => toHundredths(bad as number | string)).toThrow();
    }
  });

  it('round-trips every hundredth up to 1,000.00', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), (k) => {
        expect(toHundredths(k / 100)).toBe(k);
        expect(toHundredths(formatHundredths(k))).toBe(k);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats composite scores with at least two decimals', () => {
    expect(formatComposite(242500)).toBe('24.25');
    expect(formatComposite(240000)).toBe('24.00');
    expect(formatComposite(108750)).toBe('10.875');
    expect(formatComposite(1)).toBe('0.0001');
    expect(formatHundredths(5)).toBe('0.05');
  });
});

describe('grades 1 and 6: tuyến → điểm ưu tiên → bốc thăm', () => {
  it('residents first, then priority points, then the lottery number', () => {
    const applicants: CatchmentApplicant[] = [
      { id: 'N1', residentSchoolIds: ['OTHER'], priorityPoints: 5 }, // non-resident, most points, best lottery
      { id: 'N2', residentSchoolIds: [] }, // non-resident, no points
      { id: 'R1', residentSchoolIds: ['TH-A'] }, // resident, no points, lottery 5
      { id: 'R2', residentSchoolIds: new Set(['TH-A', 'TH-B']), priorityPoints: '2' }, // resident with points, worst lottery
      { id: 'R3', residentSchoolIds: ['TH-A'], priorityPoints: 0 }, // resident, no points, lottery 3
      { id: 'R4', residentSchoolIds: ['TH-A'], priorityPoints: 1.5 },
    ];
    const lottery = new Map([
      ['N1', 1],
      ['N2', 2],
      ['R3', 3],
      ['R4', 4],
      ['R1', 5],
      ['R2', 9],
    ]);
    const order = buildCatchmentOrder('TH-A', applicants, lottery);
    expect(order.ordered).toEqual(['R2', 'R4', 'R3', 'R1', 'N1', 'N2']);
    expect(order.keyOf('R4')).toEqual({
      applicantId: 'R4',
      resident: true,
      priorityHundredths: 150,
      lotteryNumber: 4,
    });
    expect(order.compare('R1', 'N1')).toBeLessThan(0);
    expect(() => order.compare('R1', 'nobody')).toThrow(/not ranked/);
    // At TH-B only R2 is resident; the others are ordered by points then lottery.
    expect(buildCatchmentOrder('TH-B', applicants, lottery).ordered).toEqual([
      'R2',
      'N1',
      'R4',
      'N2',
      'R3',
      'R1',
    ]);
  });

  it('is a strict order equal to the lexicographic (resident, −points, lottery) order, whatever the input order', () => {
    const arb = fc
      .uniqueArray(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 30 })
      .chain((ids) =>
        fc.tuple(
          fc.array(
            fc.record({
              resident: fc.boolean(),
              points: fc.integer({ min: 0, max: 4 }).map((p) => p / 2),
            }),
            { minLength: ids.length, maxLength: ids.length },
          ),
          fc.shuffledSubarray(
            ids.map((i) => `A${i}`),
            { minLength: ids.length, maxLength: ids.length },
          ),
          fc.constant(ids.map((i) => `A${i}`)),
        ),
      );
    fc.assert(
      fc.property(arb, ([attrs, lotteryIds, ids]) => {
        const lottery = lotteryOf(lotteryIds);
        const applicants = ids.map((id, k) => ({
          id,
          residentSchoolIds: attrs[k].resident ? ['S'] : [],
          priorityPoints: attrs[k].points,
        }));
        const order = buildCatchmentOrder('S', applicants, lottery);
        const tuple = (id: string) => {
          const k = ids.indexOf(id);
          return [attrs[k].resident ? 0 : 1, -attrs[k].points, lottery.get(id)!];
        };
        const expected = [...ids].sort((x, y) => {
          const [a, b] = [tuple(x), tuple(y)];
          return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
        });
        expect(order.ordered).toEqual(expected);
        expect(buildCatchmentOrder('S', [...applicants].reverse(), lottery).ordered).toEqual(
          expected,
        );
        for (let i = 1; i < expected.length; i++) {
          expect(
            compareCatchmentKeys(order.keyOf(expected[i - 1])!, order.keyOf(expected[i])!),
          ).toBeLessThan(0);
        }
      }),
    );
  });

  it('needs a lottery number for every applicant and refuses negative points', () => {
    expect(() => buildCatchmentOrder('S', [{ id: 'x', residentSchoolIds: [] }], new Map())).toThrow(
      /lottery number/,
    );
    expect(() =>
      buildCatchmentOrder(
        'S',
        [{ id: 'x', residentSchoolIds: [], priorityPoints: -1 }],
        lotteryOf(['x']),
      ),
    ).toThrow(/negative/);
  });
});

describe('grade 10: điểm xét tuyển', () => {
  const twoSubjects = (toan: number, van: number, tieBreakSubjects?: string[]): ExamConfig => ({
    subjects: [
      { code: 'toan', weight: toan },
      { code: 'van', weight: van },
    ],
    tieBreakSubjects,
  });
  const A: ExamApplicant = { id: 'A', scores: { toan: 8.25, van: 7.75 } };
  const B: ExamApplicant = { id: 'B', scores: { toan: '8.0', van: '8.0' } };

  it('computes Σ score × weight exactly: 8.25×2 + 7.75 = 24.25 beats 8.0×2 + 8.0 = 24.00', () => {
    const order = buildExamOrder(twoSubjects(2, 1), [B, A], lotteryOf(['B', 'A']));
    expect(order.ordered).toEqual(['A', 'B']);
    expect(order.keyOf('A')!.composite).toBe(242500);
    expect(order.keyOf('B')!.composite).toBe(240000);
    // With the weights the other way round: 8.25 + 7.75×2 = 23.75 < 24.00.
    const swapped = buildExamOrder(twoSubjects(1, 2), [A, B], lotteryOf(['A', 'B']));
    expect(swapped.ordered).toEqual(['B', 'A']);
    expect(formatComposite(swapped.keyOf('A')!.composite)).toBe('23.75');
  });

  it('equal composite (8.25 + 7.75 = 8.0 + 8.0 = 16.00) is broken by the tie-break subjects in order, then the lottery', () => {
    const lotteryAFirst = lotteryOf(['A', 'B']);
    const lotteryBFirst = lotteryOf(['B', 'A']);
    expect(
      buildExamOrder(twoSubjects(1, 1, ['van', 'toan']), [A, B], lotteryAFirst).ordered,
    ).toEqual(['B', 'A']); // Văn 8.0 > 7.75
    expect(
      buildExamOrder(twoSubjects(1, 1, ['toan', 'van']), [A, B], lotteryBFirst).ordered,
    ).toEqual(['A', 'B']); // Toán 8.25 > 8.0
    expect(buildExamOrder(twoSubjects(1, 1), [A, B], lotteryAFirst).ordered).toEqual(['A', 'B']); // lottery
    expect(buildExamOrder(twoSubjects(1, 1), [A, B], lotteryBFirst).ordered).toEqual(['B', 'A']);
    // Equal on the tie-break subject too → the lottery.
    const C: ExamApplicant = { id: 'C', scores: { toan: 8.25, van: 7.75 } };
    const order = buildExamOrder(twoSubjects(1, 1, ['van', 'toan']), [A, C], lotteryOf(['C', 'A']));
    expect(order.ordered).toEqual(['C', 'A']);
    expect(describeExamKey(order.keyOf('C')!, ['van', 'toan'])).toBe(
      '16.00 (van 7.75, toan 8.25) #1',
    );
  });

  it('no floating-point ties errors: 0.1 + 0.2 ties exactly with 0.3 (in floats 0.30000000000000004 > 0.3)', () => {
    expect(0.1 + 0.2 > 0.3).toBe(true); // the trap
    const config: ExamConfig = {
      subjects: ['a', 'b', 'c'].map((code) => ({ code, weight: 1 })),
      tieBreakSubjects: ['c'],
    };
    const X: ExamApplicant = { id: 'X', scores: { a: 0.1, b: 0.2, c: 0 } };
    const Y: ExamApplicant = { id: 'Y', scores: { a: 0.3, b: 0, c: 0 } };
    const order = buildExamOrder(config, [X, Y], lotteryOf(['Y', 'X']));
    expect(order.keyOf('X')!.composite).toBe(order.keyOf('Y')!.composite);
    expect(order.ordered).toEqual(['Y', 'X']); // decided by the lottery, not by rounding noise
  });

  it('decimal weights: 7.25 × 1.5 = 10.875 exactly', () => {
    const k = examKey(
      { subjects: [{ code: 'toan', weight: '1.5' }] },
      { id: 'x', scores: { toan: 7.25 } },
      lotteryOf(['x']),
    );
    expect(isIneligible(k) ? k.reason : formatComposite(k.composite)).toBe('10.875');
  });

  it('adds điểm ưu tiên; điểm khuyến khích only when switched on (earlier intakes)', () => {
    const a: ExamApplicant = {
      id: 'a',
      scores: { toan: 5 },
      priorityPoints: 1,
      bonusPoints: '0.5',
    };
    const lottery = lotteryOf(['a']);
    const composite = (config: Partial<ExamConfig>) => {
      const k = examKey({ subjects: [{ code: 'toan', weight: 2 }], ...config }, a, lottery);
      return isIneligible(k) ? k.reason : formatComposite(k.composite);
    };
    expect(composite({})).toBe('11.00');
    expect(composite({ includeBonusPoints: true })).toBe('11.50');
    expect(composite({ includePriorityPoints: false, includeBonusPoints: false })).toBe('10.00');
  });

  it('absent (no score) and điểm liệt applicants are not admissible; out-of-range scores are refused', () => {
    const config: ExamConfig = {
      subjects: [
        { code: 'toan', weight: 1 },
        { code: 'van', weight: 1 },
      ],
      tieBreakSubjects: ['anh'],
      failAtOrBelow: 1,
    };
    const lottery = lotteryOf(['ok', 'absent', 'fail', 'noTb']);
    const order = buildExamOrder(
      config,
      [
        { id: 'ok', scores: { toan: 1.25, van: 9, anh: 5 } },
        { id: 'absent', scores: { toan: 9, anh: 5 } },
        { id: 'fail', scores: { toan: 1, van: 10, anh: 5 } },
        { id: 'noTb', scores: { toan: 9, van: 9 } },
      ],
      lottery,
    );
    expect(order.ordered).toEqual(['ok']);
    expect(order.ineligible).toEqual([
      { applicantId: 'absent', reason: 'no score in van' },
      { applicantId: 'fail', reason: 'điểm liệt in toan (1.00)' },
      { applicantId: 'noTb', reason: 'no score in tie-break subject anh' },
    ]);
    expect(() =>
      buildExamOrder(config, [{ id: 'ok', scores: { toan: 10.25, van: 1, anh: 1 } }], lottery),
    ).toThrow(/outside/);
    expect(() => buildExamOrder({ subjects: [] }, [], lottery)).toThrow(/no subjects/);
    expect(() => buildExamOrder({ subjects: [{ code: 'x', weight: 0 }] }, [], lottery)).toThrow(
      /positive/,
    );
  });

  it('orders exactly like integer arithmetic in quarter points, and is strict', () => {
    // Vietnamese exam scores go by 0.25: score = q/4 with q in 0..40; weights 1..3.
    const arb = fc.record({
      weights: fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
      ),
      quarters: fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 8 }),
        ),
        {
          minLength: 1,
          maxLength: 40,
        },
      ),
      asStrings: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ weights, quarters, asStrings }) => {
        const codes = ['toan', 'van', 'anh'];
        const config: ExamConfig = {
          subjects: codes.map((code, i) => ({ code, weight: weights[i] })),
          tieBreakSubjects: ['van', 'toan'],
        };
        const dec = (q: number) => (asStrings ? String(q / 4) : q / 4);
        const applicants: ExamApplicant[] = quarters.map((q, i) => ({
          id: `T${i}`,
          scores: { toan: dec(q[0]), van: dec(q[1]), anh: dec(q[2]) },
          priorityPoints: dec(q[3]),
        }));
        const ids = applicants.map((a) => a.id);
        const lottery = lotteryOf([...ids].reverse());
        const order = buildExamOrder(config, applicants, lottery);
        const total = (q: number[]) =>
          q[0] * weights[0] + q[1] * weights[1] + q[2] * weights[2] + q[3];
        const expected = [...ids].sort((x, y) => {
          const qx = quarters[Number(x.slice(1))];
          const qy = quarters[Number(y.slice(1))];
          return (
            total(qy) - total(qx) ||
            qy[1] - qx[1] ||
            qy[0] - qx[0] ||
            lottery.get(x)! - lottery.get(y)!
          );
        });
        expect(order.ordered).toEqual(expected);
        expect(new Set(order.rank.values()).size).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a higher score in a weighted subject never moves an applicant down', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), {
          minLength: 2,
          maxLength: 20,
        }),
        fc.nat(),
        fc.integer({ min: 1, max: 10 }),
        (quarters, who, raise) => {
          const config = twoSubjects(2, 1, ['van']);
          const k = who % quarters.length;
          const make = (bump: number) =>
            quarters.map((q, i) => ({
              id: `T${i}`,
              scores: { toan: Math.min(40, q[0] + (i === k ? bump : 0)) / 4, van: q[1] / 4 },
            }));
          const lottery = lotteryOf(quarters.map((_, i) => `T${i}`));
          const before = buildExamOrder(config, make(0), lottery).rank.get(`T${k}`)!;
          const after = buildExamOrder(config, make(raise), lottery).rank.get(`T${k}`)!;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });
});

describe('grade 10 admission score under Circular 30/2024 (Art. 13-14): sum of three + priority', () => {
  const current: ExamConfig = {
    subjects: [
      { code: 'TOAN', weight: 1 },
      { code: 'VAN', weight: 1 },
      { code: 'ANH', weight: 1 },
    ],
    tieBreakSubjects: ['VAN', 'TOAN'],
  };
  it.each<
    [
      string,
      Record<string, DecimalInput>,
      DecimalInput | undefined,
      DecimalInput | undefined,
      string,
    ]
  >([
    ['plain sum', { TOAN: 8.25, VAN: 7.75, ANH: 6.5 }, undefined, undefined, '22.50'],
    ['group 1 priority (2.0)', { TOAN: 8.25, VAN: 7.75, ANH: 6.5 }, 2, undefined, '24.50'],
    ['group 2 priority (1.5)', { TOAN: 8.25, VAN: 7.75, ANH: 6.5 }, 1.5, undefined, '24.00'],
    ['group 3 priority (1.0)', { TOAN: 8.25, VAN: 7.75, ANH: 6.5 }, 1, undefined, '23.50'],
    [
      'a bonus from the exam board is not added',
      { TOAN: 5, VAN: 5, ANH: 5 },
      undefined,
      1.5,
      '15.00',
    ],
    ['exact: 0.1 + 0.2 + 0.3', { TOAN: 0.1, VAN: 0.2, ANH: 0.3 }, undefined, undefined, '0.60'],
    ['strings as decimals', { TOAN: '10', VAN: '9.99', ANH: '0.01' }, '1.5', undefined, '21.50'],
  ])('%s', (_what, scores, priorityPoints, bonusPoints, expected) => {
    const k = examKey(current, { id: 'a', scores, priorityPoints, bonusPoints }, lotteryOf(['a']));
    expect(isIneligible(k) ? k.reason : formatComposite(k.composite)).toBe(expected);
  });

  it('ranks equal scores by Ngữ văn, then Toán, then the lottery', () => {
    const applicants: ExamApplicant[] = [
      { id: 'low-van', scores: { TOAN: 9, VAN: 7, ANH: 8 } }, // 24, Văn 7
      { id: 'priority', scores: { TOAN: 7, VAN: 8, ANH: 7.5 }, priorityPoints: 1.5 }, // 24, Văn 8, Toán 7
      { id: 'high-toan', scores: { TOAN: 8, VAN: 8, ANH: 8 } }, // 24, Văn 8, Toán 8
    ];
    const order = buildExamOrder(current, applicants, lotteryOf(applicants.map((a) => a.id)));
    expect(order.ordered).toEqual(['high-toan', 'priority', 'low-van']);
  });
});
