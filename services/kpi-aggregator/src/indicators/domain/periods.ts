/**
 * Reporting periods of the province: school year, semester (học kỳ), calendar year and as-of
 * date, all as half-open ranges of local dates [start, end) in Asia/Ho_Chi_Minh.
 *
 * Codes (each type has its own shape, so a code alone says its type):
 *   school year    `2025-2026`       default 5 Sep 2025 – 31 May 2026 (MOET's time frame for the
 *                                     year: opening 5/9, semester 1 ends before 18/1, year ends
 *                                     by 31/5; configurable, and overridable per year from the
 *                                     registry's `registry.school-year.changed`)
 *   semester       `HK1-2025-2026`   5 Sep 2025 – 17 Jan 2026;  `HK2-2025-2026` 18 Jan – 31 May 2026
 *   calendar year  `2025`            1 Jan – 31 Dec
 *   as-of date     `2025-12-31`      that single day (a snapshot: "on 31 Dec 2025")
 *
 * Between the end of one school year and the opening of the next (June – early September) no
 * school year or semester is in force: `periodContaining` returns null there. Events that
 * belong to a school year (admissions in July for the coming year) carry its code themselves.
 *
 * Local dates: Vietnam keeps UTC+07:00 all year (no daylight saving since 1975), so the local
 * date of an instant is its UTC time plus 7 hours; a test checks this against the IANA zone.
 */

import { addDays, daysBetween, fromDayNumber, IsoDate, isIsoDate } from '@qn/contracts';

export type { IsoDate };
export const PERIOD_TYPES = ['school-year', 'semester', 'calendar-year', 'as-of'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  type: PeriodType;
  code: string;
  /** First day, inclusive. */
  start: IsoDate;
  /** Day after the last day (exclusive), so periods tile without gaps or overlaps. */
  end: IsoDate;
}

export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh: UTC+07:00, no daylight saving. */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

// Calendar arithmetic is the platform's one kernel (libs/contracts dates.ts).
export { addDays, daysBetween, isIsoDate };

/**
 * The local date in Asia/Ho_Chi_Minh of an instant: a Date, epoch milliseconds, or an ISO
 * timestamp **with** a zone (`Z` or `+hh:mm`; a zoneless timestamp is ambiguous and refused).
 * 2025-12-31T17:00:00Z is already 2026-01-01 in Quảng Ninh.
 */
export function localDate(instant: Date | number | string): IsoDate {
  let ms: number;
  if (typeof instant === 'string') {
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(instant))
      throw new PeriodError(`timestamp without a time zone: '${instant}'`);
    ms = Date.parse(instant);
  } else ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new PeriodError(`not a valid instant: '${String(instant)}'`);
  return fromDayNumber(Math.floor((ms + VIETNAM_UTC_OFFSET_MINUTES * 60_000) / DAY_MS));
}

// ---------------------------------------------------------------------------------------------
// School-year calendar

export interface SchoolYearDates {
  /** Opening day (khai giảng), first day of semester 1. */
  startsOn: IsoDate;
  /** First day of semester 2; semester 1 ends the day before. */
  semester2StartsOn: IsoDate;
  /** Last day of the school year (inclusive). */
  endsOn: IsoDate;
}

export interface SchoolYearCalendar {
  /** Month-day of the opening in the first calendar year, e.g. '09-05'. */
  start: string;
  /** Month-day of the first day of semester 2, in the second calendar year, e.g. '01-18'. */
  semester2Start: string;
  /** Month-day of the last day, in the second calendar year, e.g. '05-31'. */
  end: string;
  /** Exact dates for particular years (by code `2025-2026`), e.g. from the registry. */
  overrides?: Readonly<Record<string, SchoolYearDates>>;
}

export const DEFAULT_SCHOOL_YEAR_CALENDAR: SchoolYearCalendar = {
  start: '09-05',
  semester2Start: '01-18',
  end: '05-31',
};

const SCHOOL_YEAR_RE = /^(\d{4})-(\d{4})$/;
const SEMESTER_RE = /^HK([12])-(\d{4})-(\d{4})$/;
const CALENDAR_YEAR_RE = /^\d{4}$/;

function checkSchoolYearCode(code: string): number {
  const m = SCHOOL_YEAR_RE.exec(code);
  if (!m) throw new PeriodError(`not a school year code (e.g. 2025-2026): '${code}'`);
  if (+m[2] !== +m[1] + 1)
    throw new PeriodError(`school year '${code}' must span two consecutive years`);
  return +m[1];
}

export function schoolYearDates(
  code: string,
  calendar: SchoolYearCalendar = DEFAULT_SCHOOL_YEAR_CALENDAR,
): SchoolYearDates {
  const y = checkSchoolYearCode(code);
  const o = calendar.overrides?.[code];
  const dates = o ?? {
    startsOn: `${y}-${calendar.start}`,
    semester2StartsOn: `${y + 1}-${calendar.semester2Start}`,
    endsOn: `${y + 1}-${calendar.end}`,
  };
  for (const d of [dates.startsOn, dates.semester2StartsOn, dates.endsOn]) {
    if (!isIsoDate(d))
      throw new PeriodError(`school year ${code}: invalid date '${d}' in the calendar`);
  }
  if (!(dates.startsOn < dates.semester2StartsOn && dates.semester2StartsOn <= dates.endsOn)) {
    throw new PeriodError(
      `school year ${code}: dates out of order (${dates.startsOn}, ${dates.semester2StartsOn}, ${dates.endsOn})`,
    );
  }
  return dates;
}

/** A school-year record as the registry publishes it (`registry.school-year.changed`). */
export interface RegistrySchoolYear {
  code: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  terms: ReadonlyArray<{ code: string; startsOn: IsoDate; endsOn: IsoDate }>;
}

/**
 * A calendar whose per-year dates come from the registry: semester 2 starts at the start of
 * the year's second term (terms sorted by start). Years without exactly two terms keep the
 * default semester split.
 */
export function calendarFromRegistry(
  years: readonly RegistrySchoolYear[],
  base: SchoolYearCalendar = DEFAULT_SCHOOL_YEAR_CALENDAR,
): SchoolYearCalendar {
  const overrides: Record<string, SchoolYearDates> = { ...(base.overrides ?? {}) };
  for (const y of years) {
    const terms = [...y.terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
    const fallback = schoolYearDates(y.code, { ...base, overrides: {} }).semester2StartsOn;
    overrides[y.code] = {
      startsOn: y.startsOn,
      endsOn: y.endsOn,
      semester2StartsOn: terms.length === 2 ? terms[1].startsOn : fallback,
    };
  }
  return { ...base, overrides };
}

// ---------------------------------------------------------------------------------------------
// Periods

export function schoolYearPeriod(code: string, calendar?: SchoolYearCalendar): Period {
  const d = schoolYearDates(code, calendar);
  return { type: 'school-year', code, start: d.startsOn, end: addDays(d.endsOn, 1) };
}

export function semesterPeriod(
  semester: 1 | 2,
  schoolYear: string,
  calendar?: SchoolYearCalendar,
): Period {
  const d = schoolYearDates(schoolYear, calendar);
  const code = `HK${semester}-${schoolYear}`;
  return semester === 1
    ? { type: 'semester', code, start: d.startsOn, end: d.semester2StartsOn }
    : { type: 'semester', code, start: d.semester2StartsOn, end: addDays(d.endsOn, 1) };
}

export function calendarYearPeriod(year: number | string): Period {
  const y = String(year);
  if (!CALENDAR_YEAR_RE.test(y)) throw new PeriodError(`not a calendar year: '${y}'`);
  return { type: 'calendar-year', code: y, start: `${y}-01-01`, end: `${+y + 1}-01-01` };
}

export function asOfPeriod(date: IsoDate): Period {
  if (!isIsoDate(date)) throw new PeriodError(`not an as-of date (YYYY-MM-DD): '${date}'`);
  return { type: 'as-of', code: date, start: date, end: addDays(date, 1) };
}

/** The type a code's shape says, or null when it has none of the four shapes. */
export function periodTypeOfCode(code: string): PeriodType | null {
  if (SEMESTER_RE.test(code)) return 'semester';
  if (SCHOOL_YEAR_RE.test(code)) return 'school-year';
  if (CALENDAR_YEAR_RE.test(code)) return 'calendar-year';
  if (DATE_RE.test(code)) return 'as-of';
  return null;
}

/** Parses any period code; throws `PeriodError` with the reason. */
export function parsePeriod(code: string, calendar?: SchoolYearCalendar): Period {
  const type = periodTypeOfCode(code);
  switch (type) {
    case 'semester': {
      const m = SEMESTER_RE.exec(code)!;
      return semesterPeriod(+m[1] as 1 | 2, `${m[2]}-${m[3]}`, calendar);
    }
    case 'school-year':
      return schoolYearPeriod(code, calendar);
    case 'calendar-year':
      return calendarYearPeriod(code);
    case 'as-of':
      return asOfPeriod(code);
    default:
      throw new PeriodError(
        `unknown period code '${code}' (expected 2025-2026, HK1-2025-2026, 2025 or 2025-12-31)`,
      );
  }
}

/** Parses a code that must be of the given type. */
export function parsePeriodOfType(
  type: PeriodType,
  code: string,
  calendar?: SchoolYearCalendar,
): Period {
  const p = parsePeriod(code, calendar);
  if (p.type !== type) throw new PeriodError(`'${code}' is a ${p.type} period, expected ${type}`);
  return p;
}

export function containsDate(period: Period, date: IsoDate): boolean {
  return period.start <= date && date < period.end;
}

/** The last day of a period (inclusive). */
export function lastDay(period: Period): IsoDate {
  return addDays(period.end, -1);
}

/**
 * The period of a type that contains an instant (its local date in Asia/Ho_Chi_Minh) or a
 * local date given as YYYY-MM-DD. Null for school years and semesters during the summer gap.
 */
export function periodContaining(
  type: PeriodType,
  when: Date | number | string,
  calendar?: SchoolYearCalendar,
): Period | null {
  const date = typeof when === 'string' && DATE_RE.test(when) ? when : localDate(when);
  if (!isIsoDate(date)) throw new PeriodError(`not a date: '${date}'`);
  const year = +date.slice(0, 4);
  switch (type) {
    case 'calendar-year':
      return calendarYearPeriod(year);
    case 'as-of':
      return asOfPeriod(date);
    case 'school-year':
    case 'semester': {
      for (const first of [year - 1, year]) {
        const sy = schoolYearPeriod(`${first}-${first + 1}`, calendar);
        if (!containsDate(sy, date)) continue;
        if (type === 'school-year') return sy;
        const s1 = semesterPeriod(1, sy.code, calendar);
        return containsDate(s1, date) ? s1 : semesterPeriod(2, sy.code, calendar);
      }
      return null;
    }
  }
}

/**
 * Share of a period elapsed at the end of `asOf` (that day counted as complete), in [0, 1]:
 * 0 before the first day, 1 from the last day on. An as-of period is 0 before its date and 1
 * from it.
 */
export function elapsedFraction(period: Period, asOf: IsoDate): number {
  const total = daysBetween(period.start, period.end);
  const done = daysBetween(period.start, asOf) + 1;
  return Math.min(1, Math.max(0, done / total));
}

/** Whether period a starts no earlier than period b (same type expected). */
export function startsOnOrAfter(a: Period, b: Period): boolean {
  return a.start >= b.start;
}

// ---------------------------------------------------------------------------------------------
// Reporting calendar (001_0f88abdce5833a10.txt, section on reporting)

export type ReportKind = 'semester-1' | 'year-end';

export interface ReportingDeadline {
  schoolYear: string;
  report: ReportKind;
  /** The period the report covers. */
  periodCode: string;
  /** units = communes/wards/special zones, upper-secondary schools and GDTX centres. */
  from: 'units' | 'department';
  to: 'department' | 'ministry';
  /** Last day to submit. 001 writes "trước ngày …", read as "by" (as the domain digest does). */
  dueOn: IsoDate;
  sourceDoc: string;
}

const REPORTING_SOURCE =
  '001_0f88abdce5833a10.txt (reporting: Báo cáo sơ kết học kì 1 / tổng kết năm học)';

/**
 * The province's reporting deadlines for a school year Y1-Y2: semester 1 — units to the
 * department by 10 Jan Y2, the department to the ministry by 30 Jan Y2; year end — 10 Jun Y2
 * and 30 Jun Y2. 001 sets these for 2025-2026; other years assume the same days until the
 * department says otherwise.
 */
export function reportingDeadlines(schoolYear: string): ReportingDeadline[] {
  const y2 = checkSchoolYearCode(schoolYear) + 1;
  const base = { schoolYear, sourceDoc: REPORTING_SOURCE };
  return [
    {
      ...base,
      report: 'semester-1',
      periodCode: `HK1-${schoolYear}`,
      from: 'units',
      to: 'department',
      dueOn: `${y2}-01-10`,
    },
    {
      ...base,
      report: 'semester-1',
      periodCode: `HK1-${schoolYear}`,
      from: 'department',
      to: 'ministry',
      dueOn: `${y2}-01-30`,
    },
    {
      ...base,
      report: 'year-end',
      periodCode: schoolYear,
      from: 'units',
      to: 'department',
      dueOn: `${y2}-06-10`,
    },
    {
      ...base,
      report: 'year-end',
      periodCode: schoolYear,
      from: 'department',
      to: 'ministry',
      dueOn: `${y2}-06-30`,
    },
  ];
}

/** A submission is late when its local date is after the due day. */
export function isLate(deadline: ReportingDeadline, submittedAt: Date | number | string): boolean {
  return localDate(submittedAt) > deadline.dueOn;
}

/**
 * The next deadlines on or after a local date (or instant), earliest first, for the school
 * year of the date and the one after (so a June date also sees the next January).
 */
export function upcomingDeadlines(
  when: Date | number | string,
  options: { from?: 'units' | 'department' } = {},
): ReportingDeadline[] {
  const date = typeof when === 'string' && DATE_RE.test(when) ? when : localDate(when);
  const y = +date.slice(0, 4);
  return [`${y - 1}-${y}`, `${y}-${y + 1}`]
    .flatMap((sy) => reportingDeadlines(sy))
    .filter((d) => d.dueOn >= date && (!options.from || d.from === options.from))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}
