import {
  addDays,
  assertIsoDate,
  compareDates,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isIsoDate,
  isoWeekday,
  monthOf,
  nextMonthStart,
  overlapDays,
  provinceDate,
  toDayNumber,
} from './dates';

describe('provinceDate', () => {
  afterEach(() => jest.useRealTimers());

  it('is the calendar date in Quảng Ninh (UTC+7), for a given instant', () => {
    expect(provinceDate(new Date('2026-08-31T16:59:59.999Z'))).toBe('2026-08-31');
    expect(provinceDate(new Date('2026-08-31T17:00:00.000Z'))).toBe('2026-09-01');
  });

  it("today's date turns at local midnight, even when asked within the same minute before", () => {
    jest.useFakeTimers({ now: new Date('2026-08-31T16:59:30.000Z') });
    expect(provinceDate()).toBe('2026-08-31');
    jest.setSystemTime(new Date('2026-08-31T16:59:59.999Z'));
    expect(provinceDate()).toBe('2026-08-31');
    jest.setSystemTime(new Date('2026-08-31T17:00:00.000Z'));
    expect(provinceDate()).toBe('2026-09-01');
    // Clocks can step back (NTP): the answer follows the clock, not the last answer.
    jest.setSystemTime(new Date('2026-08-31T12:00:00.000Z'));
    expect(provinceDate()).toBe('2026-08-31');
  });
});

describe('calendar arithmetic (the one kernel every service uses)', () => {
  it('accepts real dates only, whatever the value', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
    expect(() => assertIsoDate('2025-02-30', 'dueOn')).toThrow(/dueOn must be a real YYYY-MM-DD/);
  });

  it('adds and counts days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2025-09-05', '2026-06-01')).toBe(269);
    expect(daysBetween('2026-06-01', '2025-09-05')).toBe(-269);
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(isoWeekday('2025-09-05')).toBe(5); // a Friday
  });

  it('agrees with Date over two centuries, day by day', () => {
    for (let n = toDayNumber('1950-01-01'); n < toDayNumber('2150-01-01'); n += 1) {
      const viaDate = new Date(n * 86_400_000).toISOString().slice(0, 10);
      expect(fromDayNumber(n)).toBe(viaDate);
    }
  });

  it('orders dates, and knows months', () => {
    expect(compareDates('2025-09-05', '2025-10-01')).toBe(-1);
    expect(compareDates('2025-10-01', '2025-10-01')).toBe(0);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(monthOf('2025-10-15')).toBe('2025-10');
    expect(nextMonthStart('2025-12')).toBe('2026-01-01');
    expect(overlapDays('2025-10-01', '2025-10-15', '2025-10-10', '2025-11-01')).toBe(5);
  });
});
