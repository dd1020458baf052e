import { readPdf } from '../../../test/pdf-reader';
import {
  buildDiplomaCredential,
  type DiplomaClaims,
} from '../../shared/verifiable-credentials/diploma-credential';
import { diplomaPage, vietnameseDate, vietnameseDayPhrase } from './diploma-page';
import { renderDiplomaPdf } from './render-diploma-pdf';

const CLAIMS: DiplomaClaims = {
  credentialId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  kind: 'upper-secondary-diploma',
  holder: {
    fullName: 'Nguyễn Thị Ngọc Ánh',
    dateOfBirth: '2008-03-07',
    placeOfBirth: null,
    gender: 'female',
    ethnicity: 'Tày',
  },
  school: { id: '7d444840-9dc0-11d1-b245-5ffdce74fad2', name: 'Trường THPT Hòn Gai' },
  graduationYear: 2026,
  classification: 'Khá',
  register: {
    code: 'THPT-2026-SGD',
    entryNumber: '00042/THPT-2026-SGD',
    serialNumber: 'QN-THPT-2026-000042',
  },
  issuer: {
    iri: 'https://vanbang.quangninh.example/issuers/1',
    name: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ninh',
  },
  // 20:30 UTC is the next morning in Việt Nam.
  issuedAt: '2026-07-14T20:30:00.000Z',
  decisionReference: '1024/QĐ-SGDĐT',
  version: 1,
  status: {
    revocation: { listUrl: 'https://vanbang.quangninh.example/status-lists/1', index: 7 },
    suspension: { listUrl: 'https://vanbang.quangninh.example/status-lists/2', index: 7 },
  },
  achievementBaseUrl: 'https://vanbang.quangninh.example/achievements',
};

// The layout does not check proofs: a stand-in proof keeps the test offline and fast.
const credential = {
  ...buildDiplomaCredential(CLAIMS),
  proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z3FX' },
};
const LINK = `https://vanbang.quangninh.example/verify?c=${CLAIMS.credentialId}&h=${'ab'.repeat(32)}`;

describe('diploma page text (from the signed credential)', () => {
  it('prints the holder, school, year and numbers in Vietnamese', () => {
    const page = diplomaPage(credential, 'Quảng Ninh');
    expect(page.title).toBe('BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG');
    expect(page.authority).toBe('Sở Giáo dục và Đào tạo tỉnh Quảng Ninh');
    expect(page.holder).toEqual([
      ['Họ và tên', 'Nguyễn Thị Ngọc Ánh'],
      ['Ngày sinh', '07/03/2008'],
      ['Giới tính', 'Nữ'],
      ['Dân tộc', 'Tày'],
      ['Học sinh trường', 'Trường THPT Hòn Gai'],
      ['Năm tốt nghiệp', '2026'],
      ['Xếp loại', 'Khá'],
    ]);
    expect(page.placeAndDate).toBe('Quảng Ninh, ngày 15 tháng 7 năm 2026');
    expect(page).toMatchObject({
      decisionReference: '1024/QĐ-SGDĐT',
      serialNumber: 'QN-THPT-2026-000042',
      entryNumber: '00042/THPT-2026-SGD',
      credentialId: `urn:uuid:${CLAIMS.credentialId}`,
    });
  });

  it('leaves out what the credential does not state, and names the lower-secondary diploma', () => {
    const lower = buildDiplomaCredential({
      ...CLAIMS,
      kind: 'lower-secondary-diploma',
      classification: null,
      holder: { ...CLAIMS.holder, gender: null, ethnicity: null },
    });
    const page = diplomaPage(lower, 'Quảng Ninh');
    expect(page.title).toBe('BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ');
    expect(page.holder.map(([label]) => label)).toEqual([
      'Họ và tên',
      'Ngày sinh',
      'Học sinh trường',
      'Năm tốt nghiệp',
    ]);
  });

  it('writes dates the Vietnamese way', () => {
    expect(vietnameseDate('2011-04-09')).toBe('09/04/2011');
    expect(vietnameseDayPhrase('2026-06-19T17:00:00Z')).toBe('ngày 20 tháng 6 năm 2026');
  });
});

describe('renderDiplomaPdf', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderDiplomaPdf({
      credential,
      verificationUrl: LINK,
      place: 'Quảng Ninh',
      renderedAt: new Date('2026-07-16T01:00:00Z'),
    });
  });

  it('is one A4 landscape page with the diploma’s text', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const read = readPdf(pdf);
    expect(read.pageCount).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    const text = read.pages[0];
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH QUẢNG NINH',
      'BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG',
      'Nguyễn Thị Ngọc Ánh',
      '07/03/2008',
      'Nữ',
      'Tày',
      'Trường THPT Hòn Gai',
      '2026',
      'Khá',
      'Quảng Ninh, ngày 15 tháng 7 năm 2026',
      '1024/QĐ-SGDĐT',
      'QN-THPT-2026-000042',
      '00042/THPT-2026-SGD',
    ])
      expect(text).toContain(expected);
    // The link is printed under the QR code (wrapped over lines).
    expect(text.replace(/\n/g, '')).toContain(LINK);
  });

  it('carries the signed credential as credential.json', () => {
    const file = readPdf(pdf).attachments.get('credential.json');
    expect(file?.type).toBe('application/vc+ld+json');
    expect(JSON.parse(file!.data.toString('utf8'))).toEqual(credential);
  });
});
