import type { ProvinceReport } from '../domain/report-model';
import { STATUS_LABELS } from '../../indicators/domain';

/**
 * CSV for spreadsheets in Vietnam and for machines: RFC 4180 (comma separated, CRLF, double
 * quotes), UTF-8 with a byte-order mark so spreadsheets show Vietnamese correctly. Every row
 * says which report, which unit reported, the indicator's period (code, first and last day) and
 * the unit the figures are about.
 *
 * Numbers are written so a Vietnamese-locale spreadsheet reads them as the same numbers: whole
 * numbers without any separator (a dot is the thousands separator there, so `61.73` would be
 * read as 6173), fractions with a decimal comma, quoted because of the comma (`"61,7284"`).
 * Dates are ISO (2026-01-10), which spreadsheets read as dates in every locale. Text cells that
 * a spreadsheet would run as a formula (=, +, -, @) are prefixed with ' (OWASP CSV injection).
 */
export const CSV_COLUMNS = [
  'report',
  'school_year',
  'reporting_unit_id',
  'reporting_unit_name',
  'indicator_code',
  'indicator_name_vi',
  'indicator_name_en',
  'unit',
  'period_code',
  'period_start',
  'period_end',
  'org_unit_id',
  'org_unit_code',
  'org_unit_name',
  'org_unit_kind',
  'segment',
  'numerator',
  'denominator',
  'value',
  'target',
  'expected',
  'deadline',
  'final',
  'status',
  'status_vi',
] as const;

function text(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number as a Vietnamese-locale spreadsheet reads it (see above); exact integer strings kept. */
export function csvNumber(value: number | string | null): string {
  if (value === null) return '';
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
  const rounded = Number(Number(value).toFixed(4));
  if (Number.isInteger(rounded)) return String(rounded);
  return `"${String(rounded).replace('.', ',')}"`;
}

export function renderReportCsv(report: ProvinceReport): Buffer {
  const lines = [CSV_COLUMNS.join(',')];
  const u = report.reportingUnit;
  for (const r of report.rows)
    lines.push(
      [
        text(report.kind),
        text(report.schoolYear),
        text(u.id),
        text(u.name),
        text(r.indicatorCode),
        text(r.indicatorNameVi),
        text(r.indicatorNameEn),
        text(r.unit),
        text(r.periodCode),
        text(r.periodStart),
        text(r.periodEnd),
        text(r.orgUnitId),
        text(r.orgUnitCode),
        text(r.orgUnitName),
        text(r.orgUnitKind),
        text(r.segment ?? 'all'),
        csvNumber(r.numerator),
        csvNumber(r.denominator),
        csvNumber(r.value),
        csvNumber(r.target),
        csvNumber(r.expected),
        text(r.deadline),
        r.final ? 'true' : 'false',
        text(r.status),
        text(STATUS_LABELS[r.status].vi),
      ].join(','),
    );
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'),
  ]);
}
