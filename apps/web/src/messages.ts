/** Every message the app shows is in Vietnamese; the ones used in several places are here. */
export const SESSION_EXPIRED_VI = 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại';
export const SIGN_IN_AGAIN_VI = 'Đăng nhập lại';
export const NO_PROVIDER_VI =
  'Chưa cấu hình máy chủ đăng nhập (OIDC_ISSUER của máy chủ web), không thể đăng nhập.';
export const NETWORK_ERROR_VI = 'Không kết nối được máy chủ, vui lòng thử lại.';
export const LOADING_VI = 'Đang tải…';

/** A failed API call, said in Vietnamese by its HTTP status (the services' details are English). */
export function apiErrorMessage(status: number): string {
  if (status === 400) return `Yêu cầu không hợp lệ (mã ${status}): kiểm tra kỳ báo cáo đã chọn.`;
  if (status === 401) return SESSION_EXPIRED_VI;
  if (status === 403) return 'Tài khoản của bạn không có quyền xem đơn vị hoặc số liệu này.';
  if (status === 404) return 'Không tìm thấy đơn vị hoặc chỉ tiêu này.';
  if (status === 429) return 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.';
  if (status === 503) return 'Máy chủ đang bận, vui lòng thử lại sau ít phút.';
  if (status >= 500) return `Máy chủ gặp sự cố (mã ${status}), vui lòng thử lại sau.`;
  return `Yêu cầu không thành công (mã ${status}).`;
}
