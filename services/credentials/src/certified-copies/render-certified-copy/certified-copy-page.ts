/** What a certified copy states: the register entry as it was when the copy was made. */
export interface EntrySnapshot {
  kind: 'lower-secondary-diploma' | 'upper-secondary-diploma';
  registerCode: string;
  authorityName: string;
  entryNumber: string;
  serialNumber: string | null;
  fullName: string;
  dateOfBirth: string | null;
  placeOfBirth: string | null;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  schoolName: string;
  graduationYear: number;
  classification: string | null;
  decisionReference: string | null;
  issuedOn: string | null;
}

export interface CertifiedCopyPage {
  authority: string;
  title: string;
  number: string;
  rows: Array<[string, string]>;
  statement: string;
  dateLine: string;
}

const TITLES = {
  'lower-secondary-diploma': 'BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ',
  'upper-secondary-diploma': 'BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG',
} as const;

/** 2008-01-20 → 20/01/2008 (Vietnamese order); absent → "—". */
export function vietnameseDate(day: string | null): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The text of a certified copy from the original register (bản sao từ sổ gốc): the authority
 * that keeps the register, its number (Số: n/BS-<register>), the entry's facts in the order the
 * register prints them, the statement that it is copied from the register, and the place and date
 * (in Asia/Ho_Chi_Minh). Pure: the PDF renderer only lays it out.
 */
export function certifiedCopyPage(
  e: EntrySnapshot,
  copyNumber: number,
  place: string,
  issuedAt: Date,
): CertifiedCopyPage {
  const local = new Date(issuedAt.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const [y, m, d] = local.split('-');
  return {
    authority: e.authorityName.toUpperCase(),
    title: `BẢN SAO ${TITLES[e.kind]} TỪ SỔ GỐC`,
    number: `Số: ${copyNumber}/BS-${e.registerCode}`,
    rows: [
      ['Họ và tên', e.fullName],
      ['Ngày sinh', vietnameseDate(e.dateOfBirth)],
      ['Nơi sinh', e.placeOfBirth ?? '—'],
      ['Giới tính', e.gender === 'male' ? 'Nam' : e.gender === 'female' ? 'Nữ' : '—'],
      ['Dân tộc', e.ethnicity ?? '—'],
      ['Trường', e.schoolName],
      ['Năm tốt nghiệp', String(e.graduationYear)],
      ['Xếp loại tốt nghiệp', e.classification ?? '—'],
      ['Số hiệu văn bằng', e.serialNumber ?? '—'],
      ['Số vào sổ gốc cấp văn bằng', e.entryNumber],
      ['Quyết định công nhận tốt nghiệp', e.decisionReference ?? '—'],
      ['Ngày cấp', vietnameseDate(e.issuedOn)],
    ],
    statement: `Bản sao này được cấp từ sổ gốc cấp văn bằng số ${e.registerCode} do ${e.authorityName} quản lý; nội dung đúng với sổ gốc.`,
    dateLine: `${place}, ngày ${d} tháng ${m} năm ${y}`,
  };
}
