import { todayInVietnam } from './format';

/** The school year containing a day (from 1 August), e.g. 2025-2026. */
export function schoolYearOf(today: string): string {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '08-01' ? `${year}-${year + 1}` : `${year - 1}-${year}`;
}

/** The period a view opens on for an indicator's period type: the current one. */
export function defaultPeriod(periodType: string, today = todayInVietnam()): string {
  const schoolYear = schoolYearOf(today);
  if (periodType === 'school-year') return schoolYear;
  if (periodType === 'semester') {
    const y1 = Number(schoolYear.slice(0, 4));
    const first = today >= `${y1}-09-05` && today < `${y1 + 1}-01-18`;
    return `${first ? 'HK1' : 'HK2'}-${schoolYear}`;
  }
  if (periodType === 'calendar-year') return today.slice(0, 4);
  return today;
}

/** The four periods ending with `period` that the series chart shows. */
export function seriesPeriods(periodType: string, period: string): string[] {
  const out: string[] = [];
  if (periodType === 'school-year') {
    const y = Number(period.slice(0, 4));
    for (let i = 3; i >= 0; i--) out.push(`${y - i}-${y - i + 1}`);
    return out;
  }
  if (periodType === 'semester') {
    const sy = Number(period.slice(4, 8));
    const all: string[] = [];
    for (let i = 2; i >= 0; i--) {
      all.push(`HK1-${sy - i}-${sy - i + 1}`, `HK2-${sy - i}-${sy - i + 1}`);
    }
    return all.slice(0, all.indexOf(period) + 1).slice(-4);
  }
  if (periodType === 'calendar-year') {
    for (let i = 3; i >= 0; i--) out.push(String(Number(period) - i));
    return out;
  }
  const d = new Date(`${period}T00:00:00Z`);
  for (let i = 3; i >= 0; i--) {
    const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i + 1, 0));
    out.push(i === 0 ? period : end.toISOString().slice(0, 10));
  }
  return out;
}

/** Labels of the area segments (vùng). */
export const SEGMENT_LABELS: Readonly<Record<string, string>> = {
  urban: 'Thành thị',
  rural: 'Nông thôn',
  'ethnic-minority-mountain': 'Vùng DTTS & miền núi',
  island: 'Hải đảo',
};

/** Labels of the kinds of org unit. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  province: 'Tỉnh',
  commune: 'Xã',
  ward: 'Phường',
  'special-zone': 'Đặc khu',
  district: 'Huyện (cũ)',
  school: 'Trường',
};
