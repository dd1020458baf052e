/**
 * What the families' page says, as plain functions: the words for an application and its offer,
 * money in đồng, fee periods, payment channels and what a gateway's return means. Money arrives
 * as integer VND digit strings and stays integer (BigInt): never a floating-point amount.
 */
const vnd = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** "1250000" → "1.250.000 đ"; anything not an integer amount → "—". */
export function formatVnd(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || !/^-?\d+$/.test(amount)) return '—';
  return `${vnd.format(BigInt(amount))} đ`;
}

/** Whether an integer VND string is more than zero. */
export const owes = (amount: string): boolean => /^\d+$/.test(amount) && BigInt(amount) > 0n;

/** "2026-2027/HK1" → "Học kỳ I năm học 2026–2027"; "2026-09" → "Tháng 9/2026"; "2026-2027" → "Năm học 2026–2027". */
export function formatFeePeriod(key: string): string {
  let m = /^(\d{4})-(\d{4})\/HK([12])$/.exec(key);
  if (m) return `Học kỳ ${m[3] === '1' ? 'I' : 'II'} năm học ${m[1]}–${m[2]}`;
  m = /^(\d{4})-(\d{4})$/.exec(key);
  if (m) return `Năm học ${m[1]}–${m[2]}`;
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return `Tháng ${Number(m[2])}/${m[1]}`;
  return key;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** "2026-2027" → "2026–2027". */
export const formatSchoolYear = (y: string): string => y.replace(/^(\d{4})-(\d{4})$/, '$1–$2');

export type Tone = 'green' | 'yellow' | 'red' | 'gray' | 'blue';

export interface Label {
  text: string;
  tone: Tone;
}

/** An application's state for its family, from its status and its offer (if any). */
export function applicationLabel(
  status: string,
  resultsPublished: boolean,
  offerStatus: string | null,
): Label {
  if (status === 'withdrawn') return { text: 'Đã rút hồ sơ', tone: 'gray' };
  if (status === 'refused') return { text: 'Hồ sơ không được chấp nhận', tone: 'red' };
  if (offerStatus === 'offered')
    return { text: 'Trúng tuyển — chờ gia đình xác nhận', tone: 'blue' };
  if (offerStatus === 'accepted')
    return { text: 'Đã xác nhận nhập học — chờ trường tiếp nhận', tone: 'green' };
  if (offerStatus === 'confirmed') return { text: 'Đã nhập học', tone: 'green' };
  if (offerStatus === 'declined') return { text: 'Gia đình đã từ chối chỗ học', tone: 'gray' };
  if (resultsPublished) return { text: 'Chưa trúng tuyển (trong danh sách chờ)', tone: 'yellow' };
  return { text: 'Đã nộp — chờ kết quả xét tuyển', tone: 'yellow' };
}

/** The round in words: "Tuyển sinh lớp 1 năm học 2026–2027". */
export const roundTitle = (grade: number, schoolYear: string): string =>
  `Tuyển sinh lớp ${grade} năm học ${formatSchoolYear(schoolYear)}`;

/** An invoice's state for the family: paid, cancelled, overdue or due on its day. */
export function invoiceLabel(
  invoice: { status: string; outstanding: string; dueOn: string },
  today: string,
): Label {
  if (invoice.status === 'cancelled') return { text: 'Đã huỷ', tone: 'gray' };
  if (!owes(invoice.outstanding)) return { text: 'Đã thanh toán đủ', tone: 'green' };
  if (invoice.dueOn < today) return { text: 'Quá hạn nộp', tone: 'red' };
  return { text: 'Chưa thanh toán', tone: 'yellow' };
}

const CHANNELS: Record<string, string> = {
  vietqr: 'Chuyển khoản VietQR',
  vnpay: 'Cổng VNPay',
  momo: 'Ví MoMo',
  bankTransfer: 'Chuyển khoản ngân hàng',
  cash: 'Tiền mặt tại trường',
};
export const channelLabel = (channel: string): string => CHANNELS[channel] ?? channel;

const FEE_KINDS: Record<string, string> = {
  tuition: 'Học phí',
  healthInsurance: 'Bảo hiểm y tế học sinh',
  service: 'Khoản thu dịch vụ',
};
export const feeKindLabel = (kind: string): string => FEE_KINDS[kind] ?? kind;

/**
 * What a fee line adds to its name, in brackets: its kind when the name does not say it, and its
 * month or year when that is not the invoice's own period (monthly tuition: four lines named
 * "Học phí" are September to December). Empty when the name says it all.
 */
export function feeLineDetail(
  line: { feeName: string; kind: string; periodKey: string },
  invoicePeriodKey: string | null,
): string {
  const kind = feeKindLabel(line.kind);
  const parts = [
    ...(kind.localeCompare(line.feeName, 'vi', { sensitivity: 'base' }) === 0 ? [] : [kind]),
    ...(line.periodKey === invoicePeriodKey ? [] : [lowerFirst(formatFeePeriod(line.periodKey))]),
  ];
  return parts.join(', ');
}

/**
 * Back from VNPay (`?vnp_ResponseCode=…&vnp_TxnRef=…` on the return address): what to tell the
 * family. The return only informs: the payment counts once the gateway's own notification (IPN)
 * reaches the school's ledger, which the page shows as a receipt.
 */
export function gatewayReturn(query: URLSearchParams): Label | null {
  const code = query.get('vnp_ResponseCode');
  if (code === null) return null;
  if (code === '00')
    return {
      text: 'VNPay báo giao dịch thành công. Biên lai sẽ hiện khi nhà trường nhận được xác nhận từ VNPay (thường trong vài phút).',
      tone: 'green',
    };
  if (code === '24')
    return { text: 'Bạn đã huỷ giao dịch tại VNPay. Chưa có khoản nào bị trừ.', tone: 'yellow' };
  return {
    text: `VNPay báo giao dịch không thành công (mã ${code}). Chưa có khoản nào được ghi nhận; bạn có thể thử lại.`,
    tone: 'red',
  };
}
