/**
 * Calendar dates in events and APIs (YYYY-MM-DD: validFrom, enrolledOn, asOf) are dates in the
 * province's time zone; timestamps stay UTC. One formatter, built once (constructing an
 * Intl.DateTimeFormat per call is costly on hot paths).
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
