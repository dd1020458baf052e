import { certifiedCopyPage, type EntrySnapshot } from './certified-copy-page';
import { renderCertifiedCopyPdf } from './render-certified-copy';

const entry: EntrySnapshot = {
  kind: 'lower-secondary-diploma',
  registerCode: 'THCS-1998-BC',
  authorityName: 'Phòng Giáo dục và Đào tạo (cũ)',
  entryNumber: '12/1998',
  serialNumber: null,
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '1983-04-09',
  placeOfBirth: 'Hạ Long',
  gender: 'male',
  ethnicity: 'Kinh',
  schoolName: 'Trường THCS Bãi Cháy',
  graduationYear: 1998,
  classification: 'Khá',
  decisionReference: '125/QĐ-PGD',
  issuedOn: '1998-07-15',
};

describe('a certified copy from the original register (bản sao từ sổ gốc)', () => {
  it('states the entry in the register’s order, with its number, the statement, and a Vietnamese date', () => {
    // 17:30 UTC on 2 December is already 3 December in Hạ Long.
    const p = certifiedCopyPage(entry, 7, 'Quảng Ninh', new Date('2026-12-02T17:30:00Z'));
    expect(p.title).toBe('BẢN SAO BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ TỪ SỔ GỐC');
    expect(p.number).toBe('Số: 7/BS-THCS-1998-BC');
    expect(p.authority).toBe('PHÒNG GIÁO DỤC VÀ ĐÀO TẠO (CŨ)');
    expect(p.rows).toContainEqual(['Ngày sinh', '09/04/1983']);
    expect(p.rows).toContainEqual(['Giới tính', 'Nam']);
    expect(p.rows).toContainEqual(['Số hiệu văn bằng', '—']);
    expect(p.rows).toContainEqual(['Số vào sổ gốc cấp văn bằng', '12/1998']);
    expect(p.statement).toContain('sổ gốc cấp văn bằng số THCS-1998-BC');
    expect(p.dateLine).toBe('Quảng Ninh, ngày 03 tháng 12 năm 2026');
  });

  it('renders as a one-page PDF', async () => {
    const pdf = await renderCertifiedCopyPdf({
      entry,
      copyNumber: 7,
      place: 'Quảng Ninh',
      issuedAt: new Date('2026-12-03T02:00:00Z'),
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
  });
});
