import type { ReportKind, StatusValue } from '../../indicators/domain';
import type { AdministrativeForm } from './administrative-form';
import type { CompletenessResult } from './completeness';

/**
 * A report a unit sends up (báo cáo sơ kết học kỳ I / tổng kết năm học): the department to the
 * Ministry, a commune or school to the department. Every indicator of the catalogue for the
 * unit, by segment, and for each unit below it, with the period it covers, target, expected
 * value, deadline and status. Numerators and denominators are exact decimal strings (sums of
 * counts or of VND amounts can exceed 2^53); the value is the indicator's figure, not capped.
 */
export interface ReportRow {
  indicatorCode: string;
  indicatorNameVi: string;
  indicatorNameEn: string;
  unit: 'percent' | 'ratio';
  orgUnitId: string;
  orgUnitCode: string | null;
  orgUnitName: string;
  /** `province`, `commune`, `ward`, `special-zone`, `school`. */
  orgUnitKind: string;
  /** null = all segments. */
  segment: string | null;
  /** The indicator's period in this report (its type: semester, school year, year, a date). */
  periodCode: string;
  periodStart: string;
  /** Last day, inclusive. */
  periodEnd: string;
  numerator: string | null;
  denominator: string | null;
  value: number | null;
  target: number | null;
  expected: number | null;
  deadline: string | null;
  final: boolean;
  status: StatusValue;
}

export interface ProvinceReport {
  kind: ReportKind;
  schoolYear: string;
  periodCode: string;
  /** Local date the figures are read on. */
  asOf: string;
  generatedAt: Date;
  /** The unit that reports (the department reports for the province). */
  reportingUnit: { id: string; name: string; kind: string };
  /** Heading, recipient, due day and signature block by the sender's level (Decree 30/2020). */
  form: AdministrativeForm;
  /**
   * Set when the PDF is to be signed: its signature field (filled after rendering) and the name
   * the seal's certificate gives, printed in the signature block.
   */
  signature?: { signerName: string; signingTime: Date };
  /** The day the units below report to this one by (the completeness is about them). */
  unitsDueOn: string;
  rows: ReportRow[];
  /** Segment labels, in catalogue order. */
  segments: Array<{ code: string; nameVi: string }>;
  completeness: CompletenessResult;
}

export function reportTitle(kind: ReportKind, schoolYear: string): { vi: string; en: string } {
  return kind === 'semester-1'
    ? {
        vi: `Báo cáo sơ kết học kỳ I năm học ${schoolYear}`,
        en: `Semester 1 report, school year ${schoolYear}`,
      }
    : {
        vi: `Báo cáo tổng kết năm học ${schoolYear}`,
        en: `Year-end report, school year ${schoolYear}`,
      };
}

/** The file name stem: ASCII, so every mail client and file system keeps it. */
export function reportFileStem(report: Pick<ProvinceReport, 'kind' | 'schoolYear'>): string {
  return `bao-cao-${report.kind === 'semester-1' ? 'so-ket-hk1' : 'tong-ket-nam-hoc'}-${report.schoolYear}`;
}

const VI_NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** `93.4` → `93,4 %` (decimal comma, at most two decimals, a space before %), null → empty. */
export function formatPercentVi(value: number | null): string {
  if (value === null) return '';
  return `${VI_NUMBER.format(value)} %`;
}

/**
 * `1234567` → `1.234.567` (thousands dots, decimal comma). Exact for integer strings of any
 * length (VND sums can exceed 2^53).
 */
export function formatNumberVi(value: number | string): string {
  if (typeof value === 'string' && /^-?\d+$/.test(value))
    return value.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return VI_NUMBER.format(Number(value));
}

/** `2026-12-31` → `31/12/2026`. */
export function formatDateVi(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `dd/MM/yyyy HH:mm` in Asia/Ho_Chi_Minh, as Vietnamese documents write it. */
export function formatVietnamTime(instant: Date): string {
  const p = Object.fromEntries(VIETNAM_TIME.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}
