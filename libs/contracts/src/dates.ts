/**
 * Calendar dates in events and APIs (YYYY-MM-DD: validFrom, enrolledOn, asOf) are dates in the
 * province's time zone; timestamps stay UTC. One formatter, built once (constructing an
 * Intl.DateTimeFormat per call is costly on hot paths).
 *
 * The platform's one implementation of calendar arithmetic: dates are `YYYY-MM-DD` strings
 * (proleptic Gregorian, no time zone) and arithmetic uses integer day numbers, not `Date`, so
 * results never depend on the machine's time zone. Framework-free: services and libraries use
 * it as it is.
 */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const PROVINCE_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: PROVINCE_TIME_ZONE });

// Today's date, remembered for the current minute: hot paths ask for it on every request, and
// the province's offset (UTC+7, no daylight saving) changes the date only on a minute boundary.
let todayMinute = -1;
let today = '';

/** The date in Quảng Ninh at `at` (default now), as YYYY-MM-DD. */
export const provinceDate = (at?: Date): string => {
  if (at !== undefined) return PROVINCE_DATE.format(at);
  const now = Date.now();
  const minute = Math.floor(now / 60_000);
  if (minute !== todayMinute) {
    today = PROVINCE_DATE.format(now);
    todayMinute = minute;
  }
  return today;
};

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function monthLength(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= monthLength(y, mo);
}

export function assertIsoDate(s: string, what = 'date'): IsoDate {
  if (!isIsoDate(s)) throw new RangeError(`${what} must be a real YYYY-MM-DD date, got "${s}"`);
  return s;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
export function toDayNumber(date: IsoDate): number {
  assertIsoDate(date);
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): IsoDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Number of days in [from, until): `daysBetween('2025-10-01', '2025-10-15')` is 14. */
export function daysBetween(from: IsoDate, until: IsoDate): number {
  return toDayNumber(until) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const n = toDayNumber(date); // 1970-01-01 was a Thursday (4)
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0; // YYYY-MM-DD sorts lexicographically
}

export function assertIsoMonth(month: string): string {
  const m = ISO_MONTH.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  }
  return month;
}

export function daysInMonth(month: string): number {
  assertIsoMonth(month);
  return monthLength(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

export function monthOf(date: IsoDate): string {
  return assertIsoDate(date).slice(0, 7);
}

export function monthStart(month: string): IsoDate {
  return `${assertIsoMonth(month)}-01`;
}

export function nextMonthStart(month: string): IsoDate {
  return addDays(monthStart(month), daysInMonth(month));
}

/** Days shared by [aFrom, aUntil) and [bFrom, bUntil); 0 when they do not overlap. */
export function overlapDays(
  aFrom: IsoDate,
  aUntil: IsoDate,
  bFrom: IsoDate,
  bUntil: IsoDate,
): number {
  const from = Math.max(toDayNumber(aFrom), toDayNumber(bFrom));
  const until = Math.min(toDayNumber(aUntil), toDayNumber(bUntil));
  return Math.max(0, until - from);
}
