import fc from 'fast-check';
import { loadCatalogue } from './catalogue/catalogue';
import { parsePeriod } from './periods';
import { assessIndicator, expectedAt, STATUS_LABELS, targetStatus, StatusValue } from './status';

describe('target status rule', () => {
  // actual, target, elapsed, baseline, → status, expected
  it.each<[number | null, number | null, number, number | undefined, StatusValue, number | null]>([
    // met, whenever actual reaches the target
    [100, 100, 0.1, undefined, 'met', 10],
    [103.5, 100, 0.5, undefined, 'met', 50], // above 100 % is real, not capped
    [65, 65, 1, undefined, 'met', 65],
    [65.2, 65, 0.3, 60, 'met', 61.5],
    // on track: at or above the straight line from baseline to target
    [50, 100, 0.5, undefined, 'on-track', 50],
    [60, 100, 0.5, undefined, 'on-track', 50],
    [0, 100, 0, undefined, 'on-track', 0],
    [97.5, 100, 0.5, 95, 'on-track', 97.5],
    // at risk: below the line by at most 10 points
    [40, 100, 0.5, undefined, 'at-risk', 50],
    [96, 100, 0.5, 95, 'at-risk', 97.5],
    [90, 100, 1, undefined, 'at-risk', 100], // period over, missed by 10: close
    [55, 65, 1, 61.26, 'at-risk', 65],
    // off track: more than 10 points below the line
    [39.9, 100, 0.5, undefined, 'off-track', 50],
    [86.45, 100, 1, undefined, 'off-track', 100],
    [61.26, 100, 1, undefined, 'off-track', 100], // 2024 rural cashless share vs the 2025 target
    [80, 100, 0.9, 95, 'off-track', 99.5],
    // elapsed is clamped
    [50, 100, 1.7, undefined, 'off-track', 100],
    [0, 100, -0.5, undefined, 'on-track', 0],
    // a baseline above the target counts as the target
    [90, 80, 0.5, 95, 'met', 80],
    [75, 80, 0.5, 95, 'at-risk', 80],
    // missing pieces
    [null, 100, 0.5, undefined, 'no-data', 50],
    [50, null, 0.5, undefined, 'no-target', null],
    [null, null, 0.5, undefined, 'no-target', null],
  ])(
    'actual %p, target %p, elapsed %p, baseline %p → %s',
    (actual, target, elapsed, baseline, status, expected) => {
      const r = targetStatus({ actual, target, elapsed, baseline });
      expect(r.status).toBe(status);
      if (expected === null) expect(r.expected).toBeNull();
      else expect(r.expected).toBeCloseTo(expected, 9);
      if (r.expected !== null && actual !== null) expect(r.gap).toBeCloseTo(actual - r.expected, 9);
    },
  );

  it('boundaries tolerate float noise (1e-9)', () => {
    expect(targetStatus({ actual: 0.1 + 0.2, target: 0.3, elapsed: 0.2 }).status).toBe('met');
    expect(targetStatus({ actual: 40 - 1e-12, target: 100, elapsed: 0.5 }).status).toBe('at-risk');
    expect(targetStatus({ actual: 100 * (1 / 3), target: 100, elapsed: 1 / 3 }).status).toBe(
      'on-track',
    );
  });

  it('takes a custom tolerance', () => {
    expect(targetStatus({ actual: 45, target: 100, elapsed: 0.5, tolerance: 5 }).status).toBe(
      'at-risk',
    );
    expect(targetStatus({ actual: 44, target: 100, elapsed: 0.5, tolerance: 5 }).status).toBe(
      'off-track',
    );
    expect(targetStatus({ actual: 49, target: 100, elapsed: 0.5, tolerance: 0 }).status).toBe(
      'off-track',
    );
    expect(() => targetStatus({ actual: 1, target: 2, elapsed: 0, tolerance: -1 })).toThrow(
      RangeError,
    );
  });

  it('status only improves as the actual rises (monotone)', () => {
    const rank: Record<string, number> = { 'off-track': 0, 'at-risk': 1, 'on-track': 2, met: 3 };
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, b, target, elapsed) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          expect(rank[targetStatus({ actual: hi, target, elapsed }).status]).toBeGreaterThanOrEqual(
            rank[targetStatus({ actual: lo, target, elapsed }).status],
          );
        },
      ),
    );
  });

  it('the expected value runs from the baseline to the target', () => {
    expect(expectedAt(100, 0, 20)).toBe(20);
    expect(expectedAt(100, 0.25, 20)).toBe(40);
    expect(expectedAt(100, 1, 20)).toBe(100);
    expect(expectedAt(100, NaN)).toBe(0);
  });

  it('has labels in Vietnamese and English', () => {
    expect(STATUS_LABELS['on-track'].vi).toBe('Đúng tiến độ');
    expect(Object.keys(STATUS_LABELS)).toHaveLength(6);
  });
});

describe('assessing a roll-up cell against the catalogue', () => {
  const cat = loadCatalogue();
  const amount = cat.indicators.find((i) => i.code === 'PAY-CASHLESS-AMOUNT')!;
  const y2025 = parsePeriod('2025');

  it('uses the target, the elapsed share and the 2024 baseline (86.45 % urban, from 000)', () => {
    const mid = assessIndicator({
      indicator: amount,
      period: y2025,
      segment: 'urban',
      actual: 90,
      asOf: '2025-07-02',
    });
    expect(mid.target).toBe(100);
    expect(mid.baseline).toBe(86.45);
    expect(mid.elapsed).toBeCloseTo(183 / 365, 12);
    expect(mid.expected).toBeCloseTo(86.45 + 13.55 * (183 / 365), 9);
    expect(mid.status).toBe('at-risk');
    expect(
      assessIndicator({
        indicator: amount,
        period: y2025,
        segment: 'urban',
        actual: 95,
        asOf: '2025-07-02',
      }).status,
    ).toBe('on-track');
    expect(
      assessIndicator({
        indicator: amount,
        period: y2025,
        segment: 'rural',
        actual: 70,
        asOf: '2025-12-31',
      }).status,
    ).toBe('off-track');
    expect(
      assessIndicator({
        indicator: amount,
        period: y2025,
        segment: 'ethnic-minority-mountain',
        actual: 66,
        asOf: '2025-03-01',
      }).status,
    ).toBe('met');
  });

  it('has no target for islands nor for the province total', () => {
    expect(
      assessIndicator({
        indicator: amount,
        period: y2025,
        segment: 'island',
        actual: 50,
        asOf: '2025-07-02',
      }).status,
    ).toBe('no-target');
    expect(
      assessIndicator({
        indicator: amount,
        period: y2025,
        segment: null,
        actual: 50,
        asOf: '2025-07-02',
      }).status,
    ).toBe('no-target');
  });

  it('an explicit baseline wins; without any the trajectory starts at 0', () => {
    const g1 = cat.indicators.find((i) => i.code === 'ENR-ONLINE-SCHOOLS-G1')!;
    const sy = parsePeriod('2025-2026');
    const r = assessIndicator({
      indicator: g1,
      period: sy,
      segment: null,
      actual: 51, // expected on 17 Jan: 135/269 of the way from 0 to 100 ≈ 50.2
      asOf: '2026-01-17',
    });
    expect(r.baseline).toBe(0);
    expect(r.status).toBe('on-track');
    expect(
      assessIndicator({
        indicator: g1,
        period: sy,
        segment: null,
        actual: 50,
        asOf: '2026-01-17',
        baseline: 90,
      }).status,
    ).toBe('off-track');
  });
});
