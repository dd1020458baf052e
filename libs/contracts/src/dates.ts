/**
 * Calendar dates in events and APIs (YYYY-MM-DD: validFrom, enrolledOn, asOf) are dates in the
 * province's time zone; timestamps stay UTC. One formatter, built once (constructing an
 * Intl.DateTimeFormat per call is costly on hot paths).
 */
export const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const PROVINCE_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: PROVINCE_TIME_ZONE });

/** The date in Quảng Ninh at `at` (default now), as YYYY-MM-DD. */
export const provinceDate = (at: Date = new Date()): string => PROVINCE_DATE.format(at);
