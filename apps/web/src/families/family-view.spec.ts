import {
  applicationLabel,
  channelLabel,
  feeLineDetail,
  formatFeePeriod,
  formatVnd,
  gatewayReturn,
  invoiceLabel,
  owes,
  roundTitle,
} from './family-view';

describe('the families’ page words', () => {
  it('writes money in đồng with Vietnamese grouping, exactly, beyond 2^53', () => {
    expect(formatVnd('1250000')).toBe('1.250.000 đ');
    expect(formatVnd('0')).toBe('0 đ');
    expect(formatVnd('9007199254740993')).toBe('9.007.199.254.740.993 đ');
    expect(formatVnd('12.5')).toBe('—');
    expect(formatVnd(null)).toBe('—');
    expect(owes('1')).toBe(true);
    expect(owes('0')).toBe(false);
  });

  it('names fee periods as a family reads them', () => {
    expect(formatFeePeriod('2026-2027/HK1')).toBe('Học kỳ I năm học 2026–2027');
    expect(formatFeePeriod('2026-2027/HK2')).toBe('Học kỳ II năm học 2026–2027');
    expect(formatFeePeriod('2026-2027')).toBe('Năm học 2026–2027');
    expect(formatFeePeriod('2026-09')).toBe('Tháng 9/2026');
    expect(formatFeePeriod('other')).toBe('other');
    expect(roundTitle(1, '2026-2027')).toBe('Tuyển sinh lớp 1 năm học 2026–2027');
  });

  it.each([
    ['active', false, null, 'Đã nộp — chờ kết quả xét tuyển'],
    ['active', true, null, 'Chưa trúng tuyển (trong danh sách chờ)'],
    ['active', true, 'offered', 'Trúng tuyển — chờ gia đình xác nhận'],
    ['active', true, 'accepted', 'Đã xác nhận nhập học — chờ trường tiếp nhận'],
    ['active', true, 'confirmed', 'Đã nhập học'],
    ['active', true, 'declined', 'Gia đình đã từ chối chỗ học'],
    ['withdrawn', true, null, 'Đã rút hồ sơ'],
    ['refused', false, null, 'Hồ sơ không được chấp nhận'],
  ] as const)('application %s (published %s, offer %s) → %s', (status, published, offer, text) => {
    expect(applicationLabel(status, published, offer).text).toBe(text);
  });

  it('says whether an invoice is paid, overdue or due', () => {
    const due = { status: 'open', outstanding: '500000', dueOn: '2026-09-30' };
    expect(invoiceLabel(due, '2026-09-30')).toEqual({ text: 'Chưa thanh toán', tone: 'yellow' });
    expect(invoiceLabel(due, '2026-10-01')).toEqual({ text: 'Quá hạn nộp', tone: 'red' });
    expect(invoiceLabel({ ...due, outstanding: '0' }, '2026-10-01').text).toBe('Đã thanh toán đủ');
    expect(invoiceLabel({ ...due, status: 'cancelled' }, '2026-10-01').text).toBe('Đã huỷ');
  });

  it('tells fee lines of one name apart by their month, and says the kind only when the name does not', () => {
    const inv = '2025-2026/HK1';
    expect(feeLineDetail({ feeName: 'Học phí', kind: 'tuition', periodKey: '2025-09' }, inv)).toBe(
      'tháng 9/2025',
    );
    expect(feeLineDetail({ feeName: 'Học phí', kind: 'tuition', periodKey: inv }, inv)).toBe('');
    expect(
      feeLineDetail({ feeName: 'Tiền ăn bán trú', kind: 'service', periodKey: '2025-10' }, inv),
    ).toBe('Khoản thu dịch vụ, tháng 10/2025');
    expect(
      feeLineDetail(
        { feeName: 'Bảo hiểm y tế học sinh', kind: 'healthInsurance', periodKey: '2025-2026' },
        inv,
      ),
    ).toBe('năm học 2025–2026');
    // A receipt line has no invoice period of its own to leave out.
    expect(feeLineDetail({ feeName: 'Học phí', kind: 'tuition', periodKey: inv }, null)).toBe(
      'học kỳ I năm học 2025–2026',
    );
  });

  it('names payment channels in Vietnamese and keeps an unknown one as it is', () => {
    expect(channelLabel('vietqr')).toBe('Chuyển khoản VietQR');
    expect(channelLabel('cash')).toBe('Tiền mặt tại trường');
    expect(channelLabel('new-channel')).toBe('new-channel');
  });

  it('reads VNPay’s return: success informs (the IPN credits), cancel and failure say nothing was taken', () => {
    expect(gatewayReturn(new URLSearchParams(''))).toBeNull();
    expect(gatewayReturn(new URLSearchParams('vnp_ResponseCode=00&vnp_TxnRef=x'))?.tone).toBe(
      'green',
    );
    expect(gatewayReturn(new URLSearchParams('vnp_ResponseCode=24'))?.text).toMatch(/huỷ/);
    expect(gatewayReturn(new URLSearchParams('vnp_ResponseCode=51'))?.text).toMatch(/mã 51/);
  });
});
