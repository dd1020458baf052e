import fc from 'fast-check';
import {
  addDays,
  allocate,
  daysBetween,
  daysInMonth,
  divRoundHalfUp,
  formatVnd,
  fromDayNumber,
  isIsoDate,
  isoWeekday,
  MoneyError,
  nextMonthStart,
  overlapDays,
  parseVnd,
  percentOf,
  percentRatio,
  prorate,
  prorateMonthlyByDays,
  splitEvenly,
  sumVnd,
  toDayNumber,
} from './money';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof MoneyError) return e.code;
    throw e;
  }
  return undefined;
}

describe('parseVnd', () => {
  it.each([
    ['1250000', 1_250_000n],
    ['1.250.000', 1_250_000n],
    ['  1.250.000 ₫ ', 1_250_000n],
    ['1.250.000đ', 1_250_000n],
    ['1250000 VND', 1_250_000n],
    ['0', 0n],
    ['1.250', 1_250n], // a dot before three digits groups thousands in Vietnamese
  ])('reads %j as %s đồng', (input, expected) => {
    expect(parseVnd(input)).toBe(expected);
  });

  it('accepts safe integer numbers and bigints', () => {
    expect(parseVnd(73_710)).toBe(73_710n);
    expect(parseVnd(10n ** 20n)).toBe(10n ** 20n);
  });

  it.each(['1250000.50', '1.250.000,00', '12.5', '0,5', '1,250,000', '1250000.00'])(
    'refuses %j because VND has no fraction (and a comma is a decimal separator)',
    (input) => {
      expect(errorCode(() => parseVnd(input))).toBe('fraction');
    },
  );

  it('refuses non-integer numbers as fractions, huge numbers and NaN as format errors', () => {
    expect(errorCode(() => parseVnd(1250.5))).toBe('fraction');
    expect(errorCode(() => parseVnd(2 ** 60))).toBe('format');
    expect(errorCode(() => parseVnd(Number.NaN))).toBe('format');
  });

  it.each(['', 'abc', '1.25.000', '12 500', '₫', '--5', '1e6'])(
    'refuses %j as a format error',
    (input) => {
      expect(errorCode(() => parseVnd(input))).toBe('format');
    },
  );

  it('refuses negatives unless allowed (reversals may be negative)', () => {
    expect(errorCode(() => parseVnd('-500.000'))).toBe('negative');
    expect(errorCode(() => parseVnd(-1))).toBe('negative');
    expect(errorCode(() => parseVnd(-1n))).toBe('negative');
    expect(parseVnd('-500.000', { allowNegative: true })).toBe(-500_000n);
  });

  it('refuses zero when a positive amount is required', () => {
    expect(errorCode(() => parseVnd('0', { allowZero: false }))).toBe('zero');
  });

  it('round-trips with formatVnd for any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (n) => {
        expect(parseVnd(formatVnd(n), { allowNegative: true })).toBe(n);
      }),
    );
  });
});

describe('formatVnd', () => {
  it.each([
    [1_250_000n, '1.250.000 ₫'],
    [0n, '0 ₫'],
    [999n, '999 ₫'],
    [1_000n, '1.000 ₫'],
    [-73_710n, '-73.710 ₫'],
    [1_000_000_000_000n, '1.000.000.000.000 ₫'],
  ])('%s → %j', (amount, text) => {
    expect(formatVnd(amount)).toBe(text);
  });
});

describe('rounding: round half up to the đồng', () => {
  it.each([
    [5n, 2n, 3n], // 2.5 → 3
    [7n, 3n, 2n], // 2.33 → 2
    [8n, 3n, 3n], // 2.67 → 3
    [-5n, 2n, -3n], // symmetric: -2.5 → -3
    [5n, -2n, -3n],
    [0n, 7n, 0n],
  ])('%s / %s → %s', (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it('refuses division by zero', () => {
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it('health insurance for a pupil: 4.5 % of the 2.340.000 ₫ base salary is 105.300 ₫ a month', () => {
    expect(percentOf(2_340_000n, '4.5')).toBe(105_300n);
  });

  it('the family pays 70 % of that (the state budget supports at least 30 %): 73.710 ₫', () => {
    expect(percentOf(105_300n, 70)).toBe(73_710n);
  });

  it('a 50 % reduction of 155.555 ₫ is 77.777,5 → 77.778 ₫ (half rounds up)', () => {
    expect(percentOf(155_555n, 50n)).toBe(77_778n);
  });

  it('0 % and 100 % are exact', () => {
    expect(percentOf(123_457n, 0)).toBe(0n);
    expect(percentOf(123_457n, 100)).toBe(123_457n);
  });

  it('reads decimal percentages exactly, never through floating point', () => {
    expect(percentRatio('12.25')).toEqual({ numerator: 1225n, denominator: 10_000n });
    expect(percentOf(1_000_000n, '0.1')).toBe(1_000n);
    expect(() => percentRatio(0.1)).toThrow(MoneyError);
    expect(() => percentRatio('7%')).toThrow(MoneyError);
  });

  it('is never more than half a đồng from the exact value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 100 }),
        (a, p) => {
          const r = percentOf(a, p);
          const exactTimes100 = a * BigInt(p);
          const diff = r * 100n - exactTimes100;
          expect(diff <= 50n && diff > -50n).toBe(true);
        },
      ),
    );
  });
});

describe('allocate (largest remainder)', () => {
  it('splits 100.000 ₫ over 3 parts as 33.334 + 33.333 + 33.333', () => {
    expect(splitEvenly(100_000n, 3)).toEqual([33_334n, 33_333n, 33_333n]);
  });

  it('splits by weights: 1.000.000 ₫ over 31 days as 14 days and 17 days', () => {
    // 1.000.000 × 14/31 = 451.612,9…  and  × 17/31 = 548.387,09…
    expect(allocate(1_000_000n, [14n, 17n])).toEqual([451_613n, 548_387n]);
  });

  it('gives the leftover đồng to the largest remainders, ties to the earlier part', () => {
    // 10 over weights 1,1,1: each 3 rest 1/3, one leftover → first part.
    expect(allocate(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    // 7 over 2,3,5: exact 1.4, 2.1, 3.5 → floors 1,2,3 (sum 6), largest remainder .5 → third.
    expect(allocate(7n, [2n, 3n, 5n])).toEqual([1n, 2n, 4n]);
  });

  it('zero weights receive nothing; negative totals split symmetrically', () => {
    expect(allocate(100n, [0n, 1n, 1n])).toEqual([0n, 50n, 50n]);
    expect(allocate(-10n, [1n, 1n, 1n])).toEqual([-4n, -3n, -3n]);
  });

  it('refuses impossible splits', () => {
    expect(() => allocate(10n, [])).toThrow(RangeError);
    expect(() => allocate(10n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocate(10n, [1n, -1n])).toThrow(RangeError);
    expect(() => splitEvenly(10n, 0)).toThrow(RangeError);
  });

  it('never loses or creates a đồng, and each share is within one đồng of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 12 })
          .filter((ws) => sumVnd(ws) > 0n),
        (total, weights) => {
          const shares = allocate(total, weights);
          expect(sumVnd(shares)).toBe(total);
          const w = sumVnd(weights);
          shares.forEach((s, i) => {
            const floor = (total * weights[i]!) / w;
            expect(s === floor || s === floor + 1n).toBe(true);
          });
        },
      ),
    );
  });
});

describe('proration', () => {
  it('a 300.000 ₫ monthly fee for a pupil who transfers out on 15 October pays 14 of 31 days', () => {
    // Obligation runs [1 Oct, 15 Oct): 14 days. 300.000 × 14 / 31 = 135.483,87 → 135.484 ₫
    expect(prorateMonthlyByDays(300_000n, '2025-10', '2025-10-01', '2025-10-15')).toBe(135_484n);
  });

  it('the receiving school charges from the transfer date: 17 of 31 days', () => {
    // [15 Oct, 1 Nov): 17 days. 300.000 × 17 / 31 = 164.516,13 → 164.516 ₫
    expect(prorateMonthlyByDays(300_000n, '2025-10', '2025-10-15', '2025-11-01')).toBe(164_516n);
    // Each school rounds its own share; here they still add up to the full month.
    expect(135_484n + 164_516n).toBe(300_000n);
  });

  it('in a 30-day month (November) a transfer on the 16th is an even split', () => {
    expect(prorateMonthlyByDays(300_000n, '2025-11', '2025-11-01', '2025-11-16')).toBe(150_000n);
    expect(prorateMonthlyByDays(300_000n, '2025-11', '2025-11-16', '2025-12-01')).toBe(150_000n);
  });

  it('February 2028 has 29 days', () => {
    expect(prorateMonthlyByDays(290_000n, '2028-02', '2028-02-01', '2028-02-11')).toBe(100_000n);
  });

  it('a full month costs the full fee, an enrolment outside the month nothing', () => {
    expect(prorateMonthlyByDays(300_000n, '2025-10', '2025-09-05', '2026-06-01')).toBe(300_000n);
    expect(prorateMonthlyByDays(300_000n, '2025-10', '2025-11-01', '2026-06-01')).toBe(0n);
  });

  it('a term fee by school days: 40 of 85 school days of 450.000 ₫ is 211.765 ₫', () => {
    // 450.000 × 40 / 85 = 211.764,7 → 211.765
    expect(prorate(450_000n, 40, 85)).toBe(211_765n);
  });

  it('refuses parts outside 0..whole', () => {
    expect(() => prorate(1n, 5, 4)).toThrow(RangeError);
    expect(() => prorate(1n, -1, 4)).toThrow(RangeError);
    expect(() => prorate(1n, 0, 0)).toThrow(RangeError);
  });
});

describe('calendar helpers', () => {
  it('validates real dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
  });

  it('counts days and months', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(daysBetween('2025-09-05', '2026-05-31')).toBe(268);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysInMonth('2025-10')).toBe(31);
    expect(daysInMonth('2100-02')).toBe(28);
    expect(daysInMonth('2000-02')).toBe(29);
    expect(nextMonthStart('2025-12')).toBe('2026-01-01');
    expect(overlapDays('2025-10-10', '2025-10-20', '2025-10-15', '2025-11-01')).toBe(5);
    expect(overlapDays('2025-10-10', '2025-10-20', '2025-10-20', '2025-11-01')).toBe(0);
  });

  it('knows weekdays: 5 September 2025 (opening day) is a Friday', () => {
    expect(isoWeekday('2025-09-05')).toBe(5);
    expect(isoWeekday('2025-09-07')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
  });

  it('day numbers round-trip and agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const iso = fromDayNumber(n);
        expect(toDayNumber(iso)).toBe(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
      }),
    );
  });
});
