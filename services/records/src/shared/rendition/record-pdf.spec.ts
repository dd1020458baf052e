import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, verify, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as pkijs from 'pkijs';
import { demoRecord } from '../../../demo/demo-record';
import { generateDemoPki, type DemoPki } from '../../../demo/demo-pki';
import { parseCertificate, publicKeyOf, CmsPdfSigner } from '@qn/document-signing';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import { buildPrimarySchoolRecord } from '../school-record/primary-school-record-document';
import { recordPage, renderRecordPdf, verificationUrl } from './record-pdf';

const SIGNED_AT = new Date('2026-05-30T02:00:00Z');

/** What a reader does: the ByteRange, the CMS in /Contents, the digest of the covered bytes. */
function extractSignature(pdf: Buffer) {
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('no ByteRange');
  const [a, b, c, d] = m.slice(1).map(Number);
  expect(a).toBe(0);
  expect(c + d).toBe(pdf.length); // the signature covers the whole file but its own hole
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  const padded = Buffer.from(hex, 'hex');
  // DER SEQUENCE with a two-byte length (30 82 LL LL): the rest is the placeholder's zeros.
  const cms = padded.subarray(0, 4 + padded.readUInt16BE(2));
  const covered = Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]);
  return { cms, covered };
}

/** Verifies the CMS by hand: message digest of the covered bytes, signature over the signed attributes. */
function verifyCms(cms: Buffer, covered: Buffer) {
  const info = AsnConvert.parse(cms, ContentInfo);
  const sd = AsnConvert.parse(info.content, SignedData);
  const si = sd.signerInfos[0];
  const digestAttr = si.signedAttrs!.find((x) => x.attrType === '1.2.840.113549.1.9.4')!;
  // attrValues hold the DER of an OCTET STRING: 04 20 <32 bytes>.
  const signedDigest = Buffer.from(digestAttr.attrValues[0]).subarray(2);
  const digestOk = signedDigest.equals(createHash('sha256').update(covered).digest());
  // The signature covers the attributes as a DER SET OF (tag 0x31), in the order they are stored.
  const attrs = Buffer.concat(si.signedAttrs!.map((x) => Buffer.from(AsnConvert.serialize(x))));
  const len = attrs.length < 0x80 ? [attrs.length] : [0x81, attrs.length];
  expect(attrs.length).toBeLessThan(256);
  const asSet = Buffer.concat([Buffer.from([0x31, ...len]), attrs]);
  const leaf = parseCertificate(
    new Uint8Array(AsnConvert.serialize(sd.certificates![0].certificate!)),
  );
  const signatureOk = verify('sha256', asSet, publicKeyOf(leaf), Buffer.from(si.signature.buffer));
  return { digestOk, signatureOk, signer: leaf.subject };
}

/** One bit changed in the middle of the first signed range (page content, fonts). */
function flipInsideSignedRange(pdf: Buffer): Buffer {
  const holeStart = Number(/\/ByteRange \[0 (\d+)/.exec(pdf.toString('latin1'))![1]);
  const flipped = Buffer.from(pdf);
  flipped[Math.floor(holeStart / 2)] ^= 0x01;
  return flipped;
}

async function pkijsVerify(cms: Buffer, covered: Buffer, root: Buffer): Promise<boolean> {
  pkijs.setEngine(
    'node',
    new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }),
  );
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  const sd = new pkijs.SignedData({ schema: info.content });
  try {
    const r = await sd.verify({
      signer: 0,
      data: new Uint8Array(covered).buffer,
      checkChain: true,
      trustedCerts: [pkijs.Certificate.fromBER(new Uint8Array(root))],
      checkDate: SIGNED_AT,
      extendedMode: true,
    });
    return r.signatureVerified === true;
  } catch {
    return false;
  }
}

describe('printable học bạ (PDF with QR code and the school seal signature)', () => {
  let pki: DemoPki;
  let pdf: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'records-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    pki = await generateDemoPki(new Date('2026-01-01T00:00:00Z'));
    const seal = pki.credentials.find((c) => c.identityId === 'demo-thpt-ha-long/school-seal')!;
    const doc = demoRecord();
    pdf = await renderRecordPdf(
      {
        document: doc,
        signatures: [
          { role: 'homeroom-teacher', signer: 'Nguyễn Thị Hoa', signedAt: '2026-05-29T03:00:00Z' },
          { role: 'principal', signer: 'Trần Văn Minh', signedAt: '2026-05-29T09:30:00Z' },
          {
            role: 'school-seal',
            signer: 'Trường THPT Demo Hạ Long',
            signedAt: '2026-05-30T02:00:00Z',
          },
        ],
        verificationUrl: verificationUrl('https://hocba.demo.example/verify', doc),
        renderedAt: SIGNED_AT,
      },
      {
        signer: new CmsPdfSigner(createPrivateKey(seal.privateKeyPem), seal.chain),
        name: 'Trường THPT Demo Hạ Long',
        location: 'Hạ Long, Quảng Ninh',
        signingTime: SIGNED_AT,
      },
    );
    writeFileSync(join(dir, 'hoc-ba.pdf'), pdf);
  });

  it('is a PDF with the Vietnamese font embedded and an adbe.pkcs7.detached signature', () => {
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    expect(text).toContain('/SubFilter /adbe.pkcs7.detached');
    expect(text).toContain('/FT /Sig');
  });

  it('carries a CMS whose digest and signature verify with the seal certificate', async () => {
    const { cms, covered } = extractSignature(pdf);
    const r = verifyCms(cms, covered);
    expect(r).toMatchObject({ digestOk: true, signatureOk: true });
    expect(r.signer).toContain('Trường THPT Demo Hạ Long');
    // And independently (PKIjs), with the chain up to the demo VGCA root.
    expect(await pkijsVerify(cms, covered, Buffer.from(pki.vgcaRoot.cert.rawData))).toBe(true);
    expect(await pkijsVerify(cms, covered, Buffer.from(pki.publicCaRoot.cert.rawData))).toBe(false);
  });

  it('fails once a byte of the signed range changes', async () => {
    const flipped = flipInsideSignedRange(pdf);
    const { cms, covered } = extractSignature(flipped);
    expect(verifyCms(cms, covered).digestOk).toBe(false);
    expect(await pkijsVerify(cms, covered, Buffer.from(pki.vgcaRoot.cert.rawData))).toBe(false);
  });

  // poppler-utils comes with the test tools (scripts/lib.sh ensure_chromium).
  it('pdfsig (poppler) reads the signature as valid, and invalid once changed', () => {
    const file = join(dir, 'hoc-ba.pdf');
    const out = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(out).toContain('Signature is Valid');
    const flipped = flipInsideSignedRange(pdf);
    writeFileSync(join(dir, 'flipped.pdf'), flipped);
    let bad = '';
    try {
      bad = execFileSync('pdfsig', [join(dir, 'flipped.pdf')], { encoding: 'utf8' });
    } catch (e) {
      bad = String((e as { stdout?: string }).stdout ?? '');
    }
    expect(bad).not.toContain('Signature is Valid');
  });
});

describe('what the printed page says', () => {
  it('a secondary học bạ: each subject’s terms and year with a decimal comma, then the year’s outcomes', () => {
    const page = recordPage(demoRecord());
    expect(page.head).toContainEqual(['Họ và tên', 'Đỗ Minh Khôi']);
    expect(page.head).toContainEqual(['Lớp', '11A1 (khối 11)']);
    expect(page.table.headers).toEqual([
      'Môn học và hoạt động giáo dục',
      'Học kì I',
      'Học kì II',
      'Cả năm',
    ]);
    // The programme's order (Ngữ văn first); ĐTBmcn Toán = (8.2 + 2·8.7) / 3 = 8.53 → 8.5
    expect(page.table.rows[0]).toEqual(['Ngữ văn', '7,5', '8,0', '7,8']);
    expect(page.table.rows[1]).toEqual(['Toán', '8,2', '8,7', '8,5']);
    expect(page.table.rows.find((r) => r[0] === 'Giáo dục thể chất')).toEqual([
      'Giáo dục thể chất',
      'Đ',
      'Đ',
      'Đ',
    ]);
    const fields = Object.fromEntries(page.fields);
    expect(fields['Kết quả rèn luyện']).toBe('HK I Tốt, HK II Tốt, cả năm Tốt');
    expect(fields['Tổng số buổi nghỉ học cả năm học']).toBe('2');
    expect(fields['Nơi, ngày']).toBe('Hạ Long, ngày 30 tháng 5 năm 2026');
  });

  it('a primary học bạ: levels and end-of-year tests, qualities and the evaluation', () => {
    const page = recordPage(
      buildPrimarySchoolRecord({
        learner: {
          studentId: 's1',
          fullName: 'Lò Thị Mai',
          dateOfBirth: '2016-02-11',
          gender: 'female',
          ethnicity: 'Dao',
          personalIdLast4: null,
        },
        school: { id: 'sc', name: 'Trường Tiểu học Bình Liêu', province: 'Quảng Ninh' },
        schoolYear: '2025-2026',
        grade: 1,
        className: '1A',
        subjects: [
          { code: 'TV', level: 'completedWell', testScore: 9 },
          { code: 'DD', level: 'completed' },
        ],
        qualities: Object.fromEntries(QUALITY_CODES.map((c) => [c, 'good'])) as never,
        homeroomRemarks: '',
        signing: { place: 'Bình Liêu', date: '2026-05-25', homeroomTeacher: 'a', principal: 'b' },
      }),
    );
    expect(page.table.headers).toEqual([
      'Môn học và hoạt động giáo dục',
      'Mức đạt được',
      'Điểm KTĐK',
    ]);
    expect(page.table.rows).toEqual([
      ['Tiếng Việt', 'Hoàn thành tốt', '9'],
      ['Đạo đức', 'Hoàn thành', '—'],
    ]);
    const fields = Object.fromEntries(page.fields);
    expect(fields['Những phẩm chất chủ yếu']).toMatch(/^Yêu nước: Tốt; Nhân ái: Tốt/);
    expect(fields['Đánh giá kết quả giáo dục']).toBe('Hoàn thành');
    expect(fields['Hoàn thành chương trình']).toBe('Hoàn thành chương trình lớp 1');
  });
});
