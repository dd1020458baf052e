/** Vietnamese formats (Intl 'vi-VN'), times in Asia/Ho_Chi_Minh. */
const TZ = 'Asia/Ho_Chi_Minh';

const decimal1 = new Intl.NumberFormat('vi-VN', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const day = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: TZ,
});
const dayTime = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: TZ,
});

/** "—" for a missing value, then by the indicator's unit: 93,4 %, 1.234.567 đ, 1.234. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'percent') return `${decimal1.format(value)} %`;
  if (unit === 'vnd') return `${integer.format(value)} đ`;
  if (unit === 'count') return integer.format(value);
  return decimal.format(value);
}

/** A difference in the indicator's unit with its sign: +2,5 điểm %, −1.000 đ. */
export function formatGap(gap: number | null, unit: string): string {
  if (gap === null || !Number.isFinite(gap)) return '—';
  const sign = gap > 0 ? '+' : gap < 0 ? '−' : '';
  const abs = Math.abs(gap);
  if (unit === 'percent') return `${sign}${decimal1.format(abs)} điểm %`;
  return `${sign}${formatValue(abs, unit)}`;
}

export const formatInteger = (n: number): string => integer.format(n);

/** 2026-12-31 → 31/12/2026. */
export function formatDate(iso: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+07:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : day.format(d);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayTime.format(d);
}

/** A period code in words: năm học 2025–2026, học kỳ I năm học 2025–2026, năm 2025, 31/12/2025. */
export function formatPeriod(code: string): string {
  let m = /^(\d{4})-(\d{4})$/.exec(code);
  if (m) return `năm học ${m[1]}–${m[2]}`;
  m = /^HK([12])-(\d{4})-(\d{4})$/.exec(code);
  if (m) return `học kỳ ${m[1] === '1' ? 'I' : 'II'} năm học ${m[2]}–${m[3]}`;
  if (/^\d{4}$/.test(code)) return `năm ${code}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(code)) return `ngày ${formatDate(code)}`;
  return code;
}

/** Today in Viet Nam, as an ISO date. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(now);
}
