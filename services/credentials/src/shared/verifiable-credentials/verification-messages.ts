// Vietnamese messages of the public verification page, by check and code. They describe the
// finding, never the credential's content.

type CheckKey = 'well-formed' | 'signature' | 'issuer-trusted' | 'not-expired' | 'status';

const NOT_WELL_FORMED = 'Chưa kiểm tra vì văn bằng số không đúng cấu trúc.';
const SIGNATURE_NOT_VERIFIED = 'Chưa kiểm tra vì chữ ký số của văn bằng chưa được xác thực.';

const MESSAGES: Record<CheckKey, Record<string, string>> = {
  'well-formed': {
    'well-formed':
      'Văn bằng số có cấu trúc hợp lệ (W3C Verifiable Credentials 2.0, Open Badges 3.0).',
    'not-json': 'Dữ liệu không phải là JSON hợp lệ.',
    'not-an-object': 'Dữ liệu không phải là một văn bằng số (đối tượng JSON).',
    'unknown-context': 'Văn bằng số dùng ngữ cảnh JSON-LD mà hệ thống không hỗ trợ.',
    'malformed-json-ld':
      'Dữ liệu JSON-LD của văn bằng số không hợp lệ (có thuộc tính không được định nghĩa hoặc ngữ cảnh sai).',
    'not-a-verifiable-credential':
      'Văn bằng số thiếu hoặc sai các trường bắt buộc của chuẩn W3C Verifiable Credentials 2.0.',
    'unsupported-proof':
      'Văn bằng số không có chữ ký số hoặc dùng loại chữ ký không được hỗ trợ (yêu cầu đúng một chữ ký DataIntegrityProof eddsa-rdfc-2022).',
    'unsupported-status':
      'Thông tin trạng thái của văn bằng số không theo chuẩn Bitstring Status List.',
  },
  signature: {
    'signature-valid': 'Chữ ký số hợp lệ: nội dung văn bằng không bị thay đổi kể từ khi ký.',
    'signature-invalid':
      'Chữ ký số không hợp lệ: nội dung văn bằng đã bị thay đổi hoặc chữ ký bị giả mạo.',
    'no-trusted-key':
      'Chưa kiểm tra chữ ký vì không xác định được khóa ký của một cơ quan cấp được công nhận.',
    'not-well-formed': NOT_WELL_FORMED,
  },
  'issuer-trusted': {
    'issuer-trusted': 'Văn bằng do cơ quan có thẩm quyền được hệ thống công nhận cấp.',
    'issuer-unknown': 'Khóa ký không thuộc cơ quan cấp văn bằng nào được hệ thống công nhận.',
    'issuer-mismatch': 'Khóa ký không thuộc cơ quan được ghi là nơi cấp văn bằng.',
    'key-not-authorised': 'Khóa ký không được cơ quan cấp cho phép dùng để ký văn bằng.',
    'issuer-key-revoked': 'Khóa ký của cơ quan cấp đã bị thu hồi.',
    'issuer-lookup-failed':
      'Không tra cứu được danh sách cơ quan cấp được công nhận; vui lòng thử lại sau.',
    'not-well-formed': NOT_WELL_FORMED,
  },
  'not-expired': {
    'within-validity': 'Văn bằng đang có hiệu lực.',
    'not-yet-valid': 'Văn bằng chưa đến ngày có hiệu lực.',
    expired: 'Văn bằng đã hết hiệu lực.',
    'signature-not-verified': SIGNATURE_NOT_VERIFIED,
    'not-well-formed': NOT_WELL_FORMED,
  },
  status: {
    'not-revoked': 'Văn bằng không bị thu hồi, hủy bỏ hay tạm đình chỉ.',
    'no-status-entry': 'Văn bằng không khai báo danh sách trạng thái thu hồi.',
    revoked: 'Văn bằng đã bị thu hồi hoặc hủy bỏ.',
    suspended: 'Văn bằng đang bị tạm đình chỉ.',
    'status-unavailable':
      'Không xác định được trạng thái thu hồi của văn bằng; vui lòng thử lại sau.',
    'status-list-invalid':
      'Danh sách trạng thái của văn bằng không hợp lệ (sai chữ ký hoặc sai nội dung).',
    'signature-not-verified': SIGNATURE_NOT_VERIFIED,
    'not-well-formed': NOT_WELL_FORMED,
  },
};

export function checkMessage(check: CheckKey, code: string): string {
  return MESSAGES[check][code] ?? 'Không xác định.';
}
