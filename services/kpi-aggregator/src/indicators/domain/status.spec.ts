import fc from 'fast-check';
import { loadCatalogue } from './catalogue/catalogue';
import type { ProgressKind } from './catalogue/catalogue';
import { parsePeriod } from './periods';
import {
  assessAcrossSegments,
  assessIndicator,
  expectedOnLine,
  judge,
  STATUS_LABELS,
  StatusValue,
} from './status';

describe('the status rule (judge)', () => {
  const base = { observedOn: '2026-06-30', deadline: '2026-12-31' };
  const line = { value: 50, on: '2025-12-31' }; // half-way on 2026-07-02

  // actual, target, progress, final, baseline → status, expected
  it.each<
    [
      number | null,
      number | null,
      ProgressKind,
      boolean,
      typeof line | null,
      StatusValue,
      number | null,
    ]
  >([
    // once due: the province's three levels (cơ bản hoàn thành from 90 % of the target)
    [100, 100, 'rate', true, null, 'completed', 100],
    [103.5, 100, 'rate', true, null, 'completed', 100], // above 100 % is real, not capped
    [90, 100, 'rate', true, null, 'mostly-completed', 100],
    [89.99, 100, 'rate', true, null, 'not-completed', 100],
    [33, 100, 'rate', true, null, 'not-completed', 100],
    [58.5, 65, 'rate', true, null, 'mostly-completed', 65], // 90 % of the 65 % target
    [58.4, 65, 'rate', true, null, 'not-completed', 65],
    [61.26, 100, 'cumulative', true, line, 'not-completed', 100],
    [95, 100, 'at-end', true, null, 'mostly-completed', 100],
    // before the deadline, a rate must hold all along: expected = the target
    [33, 100, 'rate', false, null, 'behind', 100], // the commune at 33 % is not on track
    [99, 100, 'rate', false, null, 'behind', 100],
    [100, 100, 'rate', false, null, 'completed', 100],
    [70, 65, 'rate', false, null, 'completed', 65],
    // a stock follows the line from its baseline to the target on the deadline
    [74.8, 100, 'cumulative', false, line, 'on-track', 74.79], // 50 + 50 × 181/365
    [74.7, 100, 'cumulative', false, line, 'behind', 74.79],
    [60, 100, 'cumulative', false, null, 'in-progress', null], // no baseline: no line to be on
    // one-off events and end-of-period acts: nothing to judge before they are due
    [0, 100, 'at-end', false, null, 'in-progress', null],
    [40, 100, 'at-end', false, line, 'in-progress', null],
    [100, 100, 'at-end', false, null, 'completed', null],
    // missing pieces
    [null, 100, 'rate', false, null, 'no-data', 100],
    [null, 100, 'rate', true, null, 'no-data', 100],
    [50, null, 'rate', true, null, 'no-target', null],
    [null, null, 'cumulative', false, line, 'no-target', null],
  ])(
    'actual %p, target %p, %s, final %p, baseline %p → %s',
    (actual, target, progress, final, baseline, status, expected) => {
      const r = judge({ ...base, actual, target, progress, final, baseline });
      expect(r.status).toBe(status);
      if (expected === null) expect(r.expected).toBeNull();
      else expect(r.expected).toBeCloseTo(expected, 2);
      if (r.expected !== null && actual !== null) expect(r.gap).toBeCloseTo(actual - r.expected, 9);
      expect(r.final).toBe(target === null ? false : final);
    },
  );

  it('boundaries tolerate float noise (1e-9)', () => {
    const j = (actual: number, target: number, final: boolean) =>
      judge({ ...base, actual, target, progress: 'rate', final }).status;
    expect(j(0.1 + 0.2, 0.3, false)).toBe('completed');
    expect(j(90 - 1e-12, 100, true)).toBe('mostly-completed');
  });

  it('takes the catalogue boundary of "cơ bản hoàn thành"', () => {
    const j = (actual: number, mostlyCompletedAt: number) =>
      judge({ ...base, actual, target: 100, progress: 'rate', final: true, mostlyCompletedAt })
        .status;
    expect(j(80, 80)).toBe('mostly-completed');
    expect(j(79, 80)).toBe('not-completed');
    expect(() => j(1, 0)).toThrow(RangeError);
    expect(() => j(1, 101)).toThrow(RangeError);
  });

  it('status only improves as the actual rises (monotone)', () => {
    const rank: Record<string, number> = {
      'not-completed': 0,
      'mostly-completed': 1,
      behind: 0,
      'on-track': 1,
      'in-progress': 1,
      completed: 2,
    };
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.constantFrom<ProgressKind>('rate', 'cumulative', 'at-end'),
        fc.boolean(),
        (a, b, target, progress, final) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          const s = (actual: number) =>
            rank[judge({ ...base, actual, target, progress, final, baseline: line }).status];
          expect(s(hi)).toBeGreaterThanOrEqual(s(lo));
        },
      ),
    );
  });

  it('the line runs from the baseline on its day to the target on the deadline', () => {
    const b = { value: 20, on: '2026-01-01' };
    expect(expectedOnLine(b, 100, '2026-01-11', '2026-01-01')).toBe(20);
    expect(expectedOnLine(b, 100, '2026-01-11', '2026-01-06')).toBe(60);
    expect(expectedOnLine(b, 100, '2026-01-11', '2026-01-11')).toBe(100);
    expect(expectedOnLine(b, 100, '2026-01-11', '2025-12-01')).toBe(20); // before the baseline
    expect(expectedOnLine({ value: 120, on: '2026-01-01' }, 100, '2026-01-11', '2026-01-06')).toBe(
      100,
    ); // a baseline above the target counts as the target
  });

  it('has labels in Vietnamese and English for every status', () => {
    expect(STATUS_LABELS.completed.vi).toBe('Hoàn thành');
    expect(STATUS_LABELS['mostly-completed'].vi).toBe('Cơ bản hoàn thành');
    expect(STATUS_LABELS['not-completed'].vi).toBe('Chưa hoàn thành');
    expect(Object.keys(STATUS_LABELS)).toHaveLength(8);
  });
});

describe('assessing a roll-up cell against the catalogue', () => {
  const cat = loadCatalogue();
  const find = (code: string) => cat.indicators.find((i) => i.code === code)!;
  const amount = find('PAY-CASHLESS-AMOUNT');

  // indicator, period, segment, actual, today → status, target, expected, deadline, final
  type Case = [
    string,
    string,
    string | null,
    number | null,
    string,
    StatusValue,
    number | null,
    number | null,
    string | null,
    boolean,
  ];
  // One case a line, as a table reads.
  // prettier-ignore
  const cases: Case[] = [
    // cashless amount (a rate): 2025 is over and judged; 2026 must hold 100 % all along
    ['PAY-CASHLESS-AMOUNT', '2025', 'urban', 95, '2026-12-02', 'mostly-completed', 100, 100, '2025-12-31', true],
    ['PAY-CASHLESS-AMOUNT', '2025', 'rural', 61.26, '2026-12-02', 'not-completed', 100, 100, '2025-12-31', true],
    ['PAY-CASHLESS-AMOUNT', '2026', 'rural', 33, '2026-03-01', 'behind', 100, 100, '2026-12-31', false],
    ['PAY-CASHLESS-AMOUNT', '2026', 'ethnic-minority-mountain', 66, '2026-03-01', 'completed', 65, 65, '2026-12-31', false],
    ['PAY-CASHLESS-AMOUNT', '2026', 'island', 50, '2026-03-01', 'no-target', null, null, null, false],
    ['PAY-CASHLESS-AMOUNT', '2024', 'urban', 86.45, '2026-03-01', 'no-target', null, null, null, false],
    // schools accepting cashless (as-of, cumulative): due 2025-12-31, held to it for good after
    ['PAY-SCHOOLS-CASHLESS', '2025-06-30', null, 100, '2026-12-02', 'completed', 100, 100, '2025-12-31', false],
    ['PAY-SCHOOLS-CASHLESS', '2025-06-30', null, 99, '2026-12-02', 'behind', 100, 100, '2025-12-31', false], // baseline 100 on 2024-12-31
    ['PAY-SCHOOLS-CASHLESS', '2026-12-02', null, 95, '2026-12-02', 'mostly-completed', 100, 100, '2025-12-31', true],
    ['PAY-SCHOOLS-CASHLESS', '2025-12-31', null, 80, '2025-12-31', 'behind', 100, 100, '2025-12-31', false], // the deadline day is not over yet
    // verified learners (as-of, cumulative): on the line from 95.04 % (2024-12-31) to 100 %
    ['ID-LEARNERS-VERIFIED', '2025-06-30', null, 60, '2025-06-30', 'behind', 100, 97.4996, '2025-12-31', false],
    ['ID-LEARNERS-VERIFIED', '2025-06-30', null, 97.6, '2025-06-30', 'on-track', 100, 97.4996, '2025-12-31', false],
    ['ID-LEARNERS-VERIFIED', '2026-12-02', null, 60, '2026-12-02', 'not-completed', 100, 100, '2025-12-31', true],
    // admission (one-off, before the school year): judged once the year has begun
    ['ENR-ONLINE-SCHOOLS-G1', '2026-2027', null, 40, '2026-07-15', 'in-progress', 100, null, '2026-09-05', false],
    ['ENR-ONLINE-SCHOOLS-G1', '2025-2026', null, 92, '2026-01-17', 'mostly-completed', 100, 100, '2025-09-05', true],
    ['ENR-APPLICATIONS-ONLINE', '2026-2027', null, 70, '2026-07-15', 'behind', 100, 100, '2026-09-05', false],
    // học bạ signed at the year end: in progress until the year-end report's deadline (10/06)
    ['REC-HOCBA-SIGNED', '2025-2026', null, 3, '2026-01-17', 'in-progress', 100, null, '2026-06-10', false],
    ['REC-HOCBA-SIGNED', '2025-2026', null, 97, '2026-06-10', 'in-progress', 100, null, '2026-06-10', false],
    ['REC-HOCBA-SIGNED', '2025-2026', null, 97, '2026-06-11', 'mostly-completed', 100, 100, '2026-06-10', true],
    // old registers: every graduation year due by the end of 2025 (plan for 2025)
    ['CRED-REGISTER-DIGITISED', '1998', null, 40, '2025-05-01', 'in-progress', 100, null, '2025-12-31', false],
    ['CRED-REGISTER-DIGITISED', '1998', null, 40, '2026-05-01', 'not-completed', 100, 100, '2025-12-31', true],
  ];
  it.each(cases)(
    '%s %s %s: %p on %s → %s',
    (code, periodCode, segment, actual, asOf, status, target, expected, deadline, final) => {
      const a = assessIndicator({
        indicator: find(code),
        period: parsePeriod(periodCode),
        segment,
        actual,
        asOf,
      });
      expect({ status: a.status, target: a.target, deadline: a.deadline, final: a.final }).toEqual({
        status,
        target,
        deadline,
        final,
      });
      if (expected === null) expect(a.expected).toBeNull();
      else expect(a.expected).toBeCloseTo(expected, 3);
    },
  );

  it('reads the 2024 baselines from the seeds (86.45 % urban, 61.26 % rural)', () => {
    const a = assessIndicator({
      indicator: amount,
      period: parsePeriod('2026'),
      segment: 'urban',
      actual: 90,
      asOf: '2026-03-01',
    });
    expect(a.baseline).toEqual({ value: 86.45, on: '2024-12-31' });
  });

  describe('all areas of an indicator with targets per area only', () => {
    const y2025 = parsePeriod('2025');
    const across = (cells: Array<[string, number, number]>, asOf = '2026-01-15') =>
      assessAcrossSegments({
        indicator: amount,
        period: y2025,
        asOf,
        cells: cells.map(([segment, numerator, denominator]) => ({
          segment,
          numerator,
          denominator,
        })),
      });

    it('holds a unit to its own areas’ targets, weighted by their amounts', () => {
      // 600 of 1000 rural (target 100), 650 of 1000 mountain (target 65): owed 100·½ + 65·½ = 82.5
      const a = across([
        ['rural', 600, 1000],
        ['ethnic-minority-mountain', 650, 1000],
      ])!;
      expect(a.target).toBeCloseTo(82.5, 9);
      expect(a.judgedValue).toBeCloseTo(62.5, 9);
      expect(a.status).toBe('not-completed');
      expect(a.segments).toEqual(['ethnic-minority-mountain', 'rural']);
    });

    it('a commune at 0 % is not shown like one at 100 %', () => {
      expect(across([['rural', 0, 500]])!.status).toBe('not-completed');
      expect(across([['rural', 500, 500]])!.status).toBe('completed');
    });

    it('leaves areas without a target (islands) out of both sides', () => {
      const a = across([
        ['urban', 950, 1000],
        ['island', 0, 9000],
      ])!;
      expect(a.judgedValue).toBeCloseTo(95, 9);
      expect(a.target).toBe(100);
      expect(a.status).toBe('mostly-completed');
      expect(across([['island', 10, 100]])).toBeNull();
    });

    it('has no data when the areas with targets collected nothing', () => {
      const a = across([['urban', 0, 0]])!;
      expect(a.status).toBe('no-data');
    });

    it('is not used when the total has a target of its own', () => {
      const count = find('PAY-CASHLESS-COUNT');
      expect(
        assessAcrossSegments({
          indicator: count,
          period: parsePeriod('2025-2026'),
          asOf: '2026-01-15',
          cells: [{ segment: 'urban', numerator: 1, denominator: 2 }],
        }),
      ).toBeNull();
    });
  });
});
