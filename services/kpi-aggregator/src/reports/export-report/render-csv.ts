import type { ProvinceReport } from '../domain/report-model';

/**
 * CSV for machines and spreadsheets: RFC 4180 (CRLF, double quotes), UTF-8 with a byte-order
 * mark so Excel shows Vietnamese correctly, decimal points (not commas) and ISO dates. Text
 * cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with ' (OWASP CSV
 * injection); numbers are written as they are.
 */
export const CSV_COLUMNS = [
  'indicator_code',
  'indicator_name_vi',
  'indicator_name_en',
  'unit',
  'org_unit_id',
  'org_unit_code',
  'org_unit_name',
  'org_unit_kind',
  'segment',
  'numerator',
  'denominator',
  'value',
  'target',
  'status',
] as const;

function text(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const num = (value: number | string | null) => (value === null ? '' : String(value));

export function renderReportCsv(report: ProvinceReport): Buffer {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.rows)
    lines.push(
      [
        text(r.indicatorCode),
        text(r.indicatorNameVi),
        text(r.indicatorNameEn),
        text(r.unit),
        text(r.orgUnitId),
        text(r.orgUnitCode),
        text(r.orgUnitName),
        text(r.orgUnitKind),
        text(r.segment ?? 'all'),
        num(r.numerator),
        num(r.denominator),
        num(r.value === null ? null : Number(r.value.toFixed(4))),
        num(r.target),
        text(r.status),
      ].join(','),
    );
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'),
  ]);
}
