import type { ReportKind, StatusValue } from '../../indicators/domain';
import type { CompletenessResult } from './completeness';

/**
 * A report the department sends to the ministry (báo cáo sơ kết học kỳ I / tổng kết năm học):
 * every indicator of the catalogue for the province and each commune-level unit, by segment,
 * with target and status. Numerators and denominators are exact decimal strings (sums of
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
  numerator: string | null;
  denominator: string | null;
  value: number | null;
  target: number | null;
  status: StatusValue;
}

export interface ProvinceReport {
  kind: ReportKind;
  schoolYear: string;
  periodCode: string;
  /** Local date the figures are read on. */
  asOf: string;
  generatedAt: Date;
  province: { id: string; name: string };
  /** The department's due day to the ministry. */
  dueOn: string;
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

/** `12.5` → `12,50` (Vietnamese decimal comma), null → empty: for people, not for machines. */
export function formatPercentVi(value: number | null): string {
  if (value === null) return '';
  return value.toFixed(2).replace('.', ',');
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
