import { InvalidInput } from '@qn/contracts';
import { parsePeriod, reportingDeadlines, type ReportKind } from '../../indicators/domain';

/** The reports of the reporting calendar: sơ kết học kỳ I, tổng kết năm học. */
export const REPORT_KINDS: readonly ReportKind[] = ['semester-1', 'year-end'];

const invalid = (field: string, message: string) => InvalidInput.of(field, message);

/** Checks the path's school year and report kind; the deadline the units report by. */
export function unitsDeadline(schoolYear: string, report: string) {
  if (!/^\d{4}-\d{4}$/.test(schoolYear)) throw invalid('schoolYear', 'must look like 2025-2026');
  try {
    parsePeriod(schoolYear);
  } catch (err) {
    throw invalid('schoolYear', (err as Error).message);
  }
  if (!REPORT_KINDS.includes(report as ReportKind))
    throw invalid('report', `must be one of ${REPORT_KINDS.join(', ')}`);
  const deadlines = reportingDeadlines(schoolYear).filter((d) => d.report === report);
  return {
    units: deadlines.find((d) => d.from === 'units')!,
    department: deadlines.find((d) => d.from === 'department')!,
  };
}
