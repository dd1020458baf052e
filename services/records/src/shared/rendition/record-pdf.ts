import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { JsonObject, JsonValue } from '../signing/domain/canonical';
import { recordHash } from '../signing/domain/canonical';
import type { RecordDocument, SignerRole } from '../signing/domain/record';
import { addSignaturePlaceholder, signPdf, type CmsPdfSigner } from './pdf-signature';

// DejaVu covers Vietnamese (precomposed letters with stacked diacritics); PDF's built-in
// Helvetica does not. The font comes from the project's dependencies, not the machine.
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const ROLE_TITLES: Record<SignerRole, string> = {
  'homeroom-teacher': 'Giáo viên chủ nhiệm',
  principal: 'Hiệu trưởng',
  'school-seal': 'Con dấu số của nhà trường',
};

/** Who signed, as the page shows it (from the verification report's signatures). */
export interface PageSignature {
  role?: SignerRole;
  signer?: string;
  signedAt?: string;
}

export interface RecordPdfInput {
  document: RecordDocument;
  signatures: PageSignature[];
  /** Where the QR code leads: the public verification page of this version. */
  verificationUrl: string;
  /** The PDF's creation date (fixed, so the same input renders the same file). */
  renderedAt: Date;
}

export interface RecordPdfSignature {
  signer: CmsPdfSigner;
  /** The signing organisation, shown by readers (the school). */
  name: string;
  location: string;
  signingTime: Date;
}

/** The link the QR code carries: the record, its version and the hash a verifier must find. */
export function verificationUrl(baseUrl: string, document: RecordDocument): string {
  const u = new URL(baseUrl);
  u.searchParams.set('record', document.recordId);
  u.searchParams.set('version', String(document.version));
  u.searchParams.set('hash', recordHash(document));
  return u.toString();
}

const str = (v: JsonValue | undefined, fallback = ''): string =>
  v === undefined || v === null ? fallback : typeof v === 'object' ? JSON.stringify(v) : String(v);
const obj = (v: JsonValue | undefined): JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
const markText = (v: JsonValue | undefined): string =>
  typeof v === 'number' ? v.toFixed(1).replace('.', ',') : str(v, '—');

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8); // a quiet zone of four modules on each side
  doc.save().rect(x, y, size, size).fill('#ffffff').fillColor('#000000');
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
  doc.fill().restore();
}

function formatTime(iso?: string): string {
  if (!iso) return '';
  // Việt Nam time (UTC+7), as the people who signed saw it.
  const d = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ngày ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/**
 * The printable page of one record version (học bạ): the learner, the marks by subject,
 * conduct and result, remarks, who signed and when, and a QR code to the verification page.
 * The printout itself proves nothing: the QR code leads to the signed original, and the PDF's
 * own signature (the school seal's) shows in common readers.
 */
export async function renderRecordPdf(
  input: RecordPdfInput,
  pdfSignature?: RecordPdfSignature,
): Promise<Buffer> {
  const { document } = input;
  const body = document.body;
  const learner = obj(body.learner);
  const school = obj(body.school);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: `Học bạ số ${str(learner.fullName)} ${document.schoolYear}`,
      Author: str(school.name, document.schoolId),
      Subject: `${document.recordId} v${document.version}`,
      CreationDate: input.renderedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('body').fontSize(9).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center' });
  doc.font('bold').text('Độc lập - Tự do - Hạnh phúc', { align: 'center' }).moveDown(1);
  doc.fontSize(18).text('HỌC BẠ SỐ', { align: 'center' });
  doc
    .font('body')
    .fontSize(10)
    .text(`Năm học ${document.schoolYear} · phiên bản ${document.version}`, { align: 'center' })
    .moveDown(1);

  const field = (label: string, value: string) =>
    doc.font('bold').text(`${label}: `, { continued: true }).font('body').text(value);
  field('Họ và tên', str(learner.fullName));
  field('Ngày sinh', str(learner.dateOfBirth));
  field('Trường', str(school.name, document.schoolId));
  field('Lớp', str(body.className));
  field('Mã học bạ', document.recordId);
  doc.moveDown(0.8);

  // The marks by subject.
  const subjects = Array.isArray(body.subjects) ? body.subjects.map(obj) : [];
  const colMark = left + width - 100;
  let y = doc.y;
  doc.rect(left, y, width, 18).fill('#e8eef7').fillColor('#000000');
  doc
    .font('bold')
    .text('Môn học', left + 6, y + 4)
    .text('Điểm TB cả năm', colMark, y + 4);
  y += 18;
  doc.font('body');
  for (const s of subjects) {
    doc.text(str(s.subject), left + 6, y + 4).text(markText(s.mark), colMark, y + 4);
    y += 18;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.3)
      .stroke('#999999');
  }
  doc.x = left;
  doc.y = y + 10;
  field('Rèn luyện (hạnh kiểm)', str(body.conduct));
  field('Kết quả học tập', str(body.result));
  field('Nhận xét', str(body.remarks));
  if (document.previous)
    field('Đính chính', `thay phiên bản ${document.previous.version}: ${document.previous.reason}`);
  doc.moveDown(1);

  // Who signed (chữ ký số), from the verified JWS.
  const signY = doc.y;
  const colWidth = (width - 120) / 3;
  (['homeroom-teacher', 'principal', 'school-seal'] as SignerRole[]).forEach((role, i) => {
    const s = input.signatures.find((x) => x.role === role);
    const x = left + i * colWidth;
    doc
      .font('bold')
      .fontSize(9)
      .text(ROLE_TITLES[role], x, signY, { width: colWidth - 8 });
    doc
      .font('body')
      .text(s ? `Đã ký số: ${str(s.signer)}` : 'Chưa ký', { width: colWidth - 8 })
      .text(formatTime(s?.signedAt), { width: colWidth - 8 });
  });
  const qrSize = 110;
  drawQr(doc, input.verificationUrl, left + width - qrSize, signY - 6, qrSize);
  doc.fontSize(7).text('Quét mã để kiểm tra bản gốc', left + width - qrSize, signY + qrSize - 4, {
    width: qrSize,
    align: 'center',
  });

  doc
    .fontSize(7)
    .fillColor('#555555')
    .text(
      `SHA-256: ${recordHash(document)}`,
      left,
      doc.page.height - doc.page.margins.bottom - 20,
      {
        width,
        lineBreak: false,
      },
    );

  if (pdfSignature)
    addSignaturePlaceholder(doc, {
      name: pdfSignature.name,
      reason: `Học bạ số ${document.recordId}, phiên bản ${document.version}`,
      location: pdfSignature.location,
      signingTime: pdfSignature.signingTime,
    });
  doc.end();
  await ended;
  const pdf = Buffer.concat(chunks);
  return pdfSignature ? signPdf(pdf, pdfSignature.signer, pdfSignature.signingTime) : pdf;
}
