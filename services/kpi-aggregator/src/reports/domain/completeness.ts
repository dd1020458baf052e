import type { OrgUnitRecord } from '@qn/org-directory';
import { provinceDate } from '@qn/contracts';
import type { ReportingDeadline } from '../../indicators/domain';

/**
 * Completeness of a report (tính đầy đủ của báo cáo): which of the units that must report have
 * done so, on time or late, and which have not. Who reports is set by the reporting calendar
 * (001): communes, wards and special zones, upper-secondary schools and continuing-education
 * (GDTX) centres report to the department; the department reports to the ministry.
 */

export interface ReportingUnit {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  /** School levels, for schools. */
  levels?: readonly string[];
  /** Name of the commune-level parent (for grouping the list), null for top-level units. */
  parentName: string | null;
}

export interface ReportSubmission {
  orgUnitId: string;
  /** UTC instant. */
  submittedAt: Date;
}

export interface CompletenessResult {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  /** submitted ÷ expected in percent (two decimals), null when nobody is expected. */
  ratePercent: number | null;
  /** Units that have not reported: communes first, then schools by commune (Vietnamese collation). */
  missing: ReportingUnit[];
  /** Units that reported after the due day. */
  lateUnits: Array<ReportingUnit & { submittedAt: Date }>;
  /** Whether the due day has passed on `asOf` (then `missing` are overdue, not just pending). */
  overdue: boolean;
}

const COMMUNE_LEVEL = new Set(['commune', 'ward', 'special-zone']);

/** Units that report to the department: commune-level units, THPT schools and GDTX centres. */
export function mustReportToDepartment(unit: ReportingUnit): boolean {
  if (COMMUNE_LEVEL.has(unit.kind)) return true;
  return (
    unit.kind === 'school' &&
    !!unit.levels?.some((l) => l === 'upper-secondary' || l === 'continuing')
  );
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
/** Commune-level units first, then schools grouped by their commune; by name within. */
const byPlace = (a: ReportingUnit, b: ReportingUnit) =>
  Number(a.kind === 'school') - Number(b.kind === 'school') ||
  collator.compare(a.parentName ?? '', b.parentName ?? '') ||
  collator.compare(a.name, b.name);

export function completeness(
  expectedUnits: readonly ReportingUnit[],
  submissions: readonly ReportSubmission[],
  deadline: Pick<ReportingDeadline, 'dueOn'>,
  asOf: string,
): CompletenessResult {
  // The first submission counts (a unit may resubmit a corrected report later).
  const first = new Map<string, Date>();
  for (const s of submissions) {
    const seen = first.get(s.orgUnitId);
    if (!seen || s.submittedAt < seen) first.set(s.orgUnitId, s.submittedAt);
  }
  const missing: ReportingUnit[] = [];
  const lateUnits: Array<ReportingUnit & { submittedAt: Date }> = [];
  let submitted = 0;
  for (const unit of expectedUnits) {
    const at = first.get(unit.id);
    if (!at) {
      missing.push(unit);
      continue;
    }
    submitted++;
    // Late when the date in the province is after the due day.
    if (provinceDate(at) > deadline.dueOn) lateUnits.push({ ...unit, submittedAt: at });
  }
  const expected = expectedUnits.length;
  return {
    expected,
    submitted,
    onTime: submitted - lateUnits.length,
    late: lateUnits.length,
    ratePercent: expected === 0 ? null : Math.round((submitted * 10000) / expected) / 100,
    missing: missing.sort(byPlace),
    lateUnits: lateUnits.sort(byPlace),
    overdue: asOf > deadline.dueOn,
  };
}

/** A unit of the org directory as the reporting rules see it. */
export const reportingUnit = (u: OrgUnitRecord, parentName: string | null): ReportingUnit => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: u.kind,
  levels: u.school?.levels,
  parentName,
});
