import type { PeriodType, ReportKind } from '../../indicators/domain';

/**
 * Which period of an indicator a report shows, by the indicator's period type: the semester
 * report (sơ kết HK I, filed in January Y2) shows school-year indicators for the year so far,
 * semester indicators for HK1, calendar-year indicators for the year just ended (Y1), and
 * snapshot indicators on the last day of semester 1; the year-end report (June Y2) shows the
 * school year, HK2, the calendar year to date (Y2) and the last day of the school year.
 * `lastDays` gives the last day of HK1 and of the school year (from the calendar).
 */
export function reportPeriodFor(
  periodType: PeriodType,
  kind: ReportKind,
  schoolYear: string,
  lastDays: { semester1: string; schoolYear: string },
): string {
  const [y1, y2] = schoolYear.split('-');
  switch (periodType) {
    case 'school-year':
      return schoolYear;
    case 'semester':
      return `${kind === 'semester-1' ? 'HK1' : 'HK2'}-${schoolYear}`;
    case 'calendar-year':
      return kind === 'semester-1' ? y1 : y2;
    case 'as-of':
      return kind === 'semester-1' ? lastDays.semester1 : lastDays.schoolYear;
  }
}
