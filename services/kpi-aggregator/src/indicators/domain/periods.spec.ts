import fc from 'fast-check';
import {
  addDays,
  calendarFromRegistry,
  daysBetween,
  elapsedFraction,
  isLate,
  lastDay,
  localDate,
  parsePeriod,
  parsePeriodOfType,
  PeriodError,
  periodContaining,
  periodTypeOfCode,
  reportingDeadlines,
  schoolYearDates,
  semesterPeriod,
  upcomingDeadlines,
} from './periods';

describe('period codes', () => {
  it.each([
    ['2025-2026', 'school-year', '2025-09-05', '2026-06-01'],
    ['HK1-2025-2026', 'semester', '2025-09-05', '2026-01-18'],
    ['HK2-2025-2026', 'semester', '2026-01-18', '2026-06-01'],
    ['2025', 'calendar-year', '2025-01-01', '2026-01-01'],
    ['2025-12-31', 'as-of', '2025-12-31', '2026-01-01'],
    ['2024-02-29', 'as-of', '2024-02-29', '2024-03-01'],
  ])('%s is a %s [%s, %s)', (code, type, start, end) => {
    expect(parsePeriod(code)).toEqual({ type, code, start, end });
    expect(periodTypeOfCode(code)).toBe(type);
  });

  it('semesters tile the school year', () => {
    const y = parsePeriod('2025-2026');
    const s1 = semesterPeriod(1, '2025-2026');
    const s2 = semesterPeriod(2, '2025-2026');
    expect(s1.start).toBe(y.start);
    expect(s1.end).toBe(s2.start);
    expect(s2.end).toBe(y.end);
    expect(lastDay(y)).toBe('2026-05-31');
    expect(lastDay(s1)).toBe('2026-01-17');
  });

  it.each([
    ['2025-2027', /consecutive/],
    ['HK3-2025-2026', /unknown period code/],
    ['2025-02-30', /not an as-of date/],
    ['25', /unknown period code/],
    ['Q1-2025', /unknown period code/],
  ])('refuses %s', (code, msg) => {
    expect(() => parsePeriod(code)).toThrow(PeriodError);
    expect(() => parsePeriod(code)).toThrow(msg);
  });

  it('checks the expected type', () => {
    expect(parsePeriodOfType('semester', 'HK1-2025-2026').type).toBe('semester');
    expect(() => parsePeriodOfType('semester', '2025-2026')).toThrow(
      "'2025-2026' is a school-year period, expected semester",
    );
  });

  it('uses a configurable calendar and per-year overrides', () => {
    const cal = { start: '09-01', semester2Start: '01-10', end: '05-25' };
    expect(parsePeriod('HK2-2030-2031', cal)).toMatchObject({
      start: '2031-01-10',
      end: '2031-05-26',
    });
    const withOverride = {
      ...cal,
      overrides: {
        '2025-2026': {
          startsOn: '2025-09-05',
          semester2StartsOn: '2026-01-19',
          endsOn: '2026-05-29',
        },
      },
    };
    expect(parsePeriod('HK1-2025-2026', withOverride)).toMatchObject({
      start: '2025-09-05',
      end: '2026-01-19',
    });
    expect(() =>
      schoolYearDates('2025-2026', { start: '09-05', semester2Start: '01-18', end: '02-30' }),
    ).toThrow(/invalid date/);
    expect(() =>
      schoolYearDates('2025-2026', { start: '09-05', semester2Start: '06-18', end: '05-31' }),
    ).toThrow(/out of order/);
  });

  it('builds the calendar from registry school years (second term starts semester 2)', () => {
    const cal = calendarFromRegistry([
      {
        code: '2025-2026',
        startsOn: '2025-09-05',
        endsOn: '2026-05-31',
        terms: [
          { code: 'HK2', startsOn: '2026-01-12', endsOn: '2026-05-31' },
          { code: 'HK1', startsOn: '2025-09-05', endsOn: '2026-01-11' },
        ],
      },
      { code: '2026-2027', startsOn: '2026-09-05', endsOn: '2027-05-31', terms: [] },
    ]);
    expect(parsePeriod('HK2-2025-2026', cal).start).toBe('2026-01-12');
    expect(parsePeriod('HK2-2026-2027', cal).start).toBe('2027-01-18');
  });
});

describe('local dates in Asia/Ho_Chi_Minh', () => {
  it('shifts UTC by 7 hours', () => {
    expect(localDate('2025-12-31T16:59:59Z')).toBe('2025-12-31');
    expect(localDate('2025-12-31T17:00:00Z')).toBe('2026-01-01');
    expect(localDate('2026-01-01T00:30:00+07:00')).toBe('2026-01-01');
    expect(localDate(new Date('2025-09-04T17:00:00Z'))).toBe('2025-09-05');
    expect(localDate(Date.UTC(2025, 0, 1, 0, 0))).toBe('2025-01-01');
  });

  it('refuses zoneless or invalid timestamps', () => {
    expect(() => localDate('2025-12-31T17:00:00')).toThrow(/without a time zone/);
    expect(() => localDate('not a dateZ')).toThrow(/not a valid instant/);
  });

  it('agrees with the IANA zone for any instant (1980–2100)', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(localDate(ms)).toBe(fmt.format(new Date(ms)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('which period an instant falls in', () => {
  it.each([
    ['school-year', '2025-09-04T17:00:00Z', '2025-2026'], // 5 Sep local: opening day
    ['school-year', '2025-09-04T16:59:59Z', null], // still 4 Sep locally: summer
    ['school-year', '2026-05-31T16:59:59Z', '2025-2026'],
    ['school-year', '2026-05-31T17:00:00Z', null], // 1 Jun local
    ['school-year', '2026-07-15T03:00:00Z', null],
    ['semester', '2026-01-17T16:59:59Z', 'HK1-2025-2026'],
    ['semester', '2026-01-17T17:00:00Z', 'HK2-2025-2026'],
    ['semester', '2025-11-20T01:00:00Z', 'HK1-2025-2026'],
    ['calendar-year', '2025-12-31T17:00:00Z', '2026'],
    ['calendar-year', '2025-12-31T16:00:00Z', '2025'],
    ['as-of', '2025-12-31T18:00:00Z', '2026-01-01'],
  ] as const)('%s of %s is %s', (type, ts, code) => {
    expect(periodContaining(type, ts)?.code ?? null).toBe(code);
  });

  it('accepts local dates directly', () => {
    expect(periodContaining('semester', '2026-03-01')?.code).toBe('HK2-2025-2026');
  });

  it('every local date in a school year is in exactly one of its semesters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 268 }), (offset) => {
        const date = addDays('2025-09-05', offset);
        const sy = periodContaining('school-year', date);
        const sem = periodContaining('semester', date);
        expect(sy?.code).toBe('2025-2026');
        expect(sem?.code.endsWith('2025-2026')).toBe(true);
        expect(sem!.start <= date && date < sem!.end).toBe(true);
      }),
    );
  });
});

describe('elapsed fraction', () => {
  const y = parsePeriod('2025'); // 365 days
  it.each([
    ['2024-12-31', 0],
    ['2025-01-01', 1 / 365],
    ['2025-07-02', 183 / 365],
    ['2025-12-31', 1],
    ['2026-03-01', 1],
  ])('at the end of %s: %d', (date, f) => {
    expect(elapsedFraction(y, date)).toBeCloseTo(f, 12);
  });
  it('is 0 before an as-of date and 1 from it', () => {
    const p = parsePeriod('2025-12-31');
    expect(elapsedFraction(p, '2025-12-30')).toBe(0);
    expect(elapsedFraction(p, '2025-12-31')).toBe(1);
  });
  it('date helpers', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-09-05', '2026-06-01')).toBe(269);
  });
});

describe('reporting calendar (001)', () => {
  it('lists the four deadlines of 2025-2026', () => {
    expect(
      reportingDeadlines('2025-2026').map((d) => [d.report, d.periodCode, d.from, d.to, d.dueOn]),
    ).toEqual([
      ['semester-1', 'HK1-2025-2026', 'units', 'department', '2026-01-10'],
      ['semester-1', 'HK1-2025-2026', 'department', 'ministry', '2026-01-30'],
      ['year-end', '2025-2026', 'units', 'department', '2026-06-10'],
      ['year-end', '2025-2026', 'department', 'ministry', '2026-06-30'],
    ]);
  });

  it('a submission is late after the due day, local time', () => {
    const [unitsS1] = reportingDeadlines('2025-2026');
    expect(isLate(unitsS1, '2026-01-10T16:59:00Z')).toBe(false); // 23:59 on 10 Jan in Quảng Ninh
    expect(isLate(unitsS1, '2026-01-10T17:00:00Z')).toBe(true); // 00:00 on 11 Jan
  });

  it('finds the next deadlines, also across the summer', () => {
    expect(upcomingDeadlines('2026-01-11', { from: 'units' }).map((d) => d.dueOn)).toEqual([
      '2026-06-10',
      '2027-01-10',
      '2027-06-10',
    ]);
    expect(upcomingDeadlines('2025-12-01T00:00:00Z')[0]).toMatchObject({
      dueOn: '2026-01-10',
      from: 'units',
    });
    expect(upcomingDeadlines('2026-07-01')[0].dueOn).toBe('2027-01-10');
  });
});
