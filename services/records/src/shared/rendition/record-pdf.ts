import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { JsonObject, JsonValue } from '../signing/domain/canonical';
import { recordHash } from '../signing/domain/canonical';
import type { RecordDocument, SignerRole } from '../signing/domain/record';
import { addSignaturePlaceholder, signPdf, type CmsPdfSigner } from '@qn/document-signing';

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
/** A mark as Vietnamese print shows it: "7,6" (the document keeps "7.6"), Đ / CĐ as they are. */
const markText = (v: JsonValue | undefined): string =>
  typeof v === 'string' && /^\d+\.\d$/.test(v) ? v.replace('.', ',') : str(v, '—');

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

/** What the page prints, from the signed document: pure, so what a reader sees is tested. */
export interface RecordPage {
  head: Array<[string, string]>;
  table: { headers: string[]; rows: string[][] };
  fields: Array<[string, string]>;
}

/**
 * The page's text of a học bạ version: the learner and school, the results table and the year's
 * outcomes. Secondary documents (Circular 22) give each subject's Học kì I, Học kì II and Cả năm;
 * primary ones (Circular 27) the year's level and end-of-year test, then the qualities and
 * competencies.
 */
export function recordPage(document: RecordDocument): RecordPage {
  const body = document.body;
  const learner = obj(body.learner);
  const school = obj(body.school);
  const klass = obj(body.class);
  const subjects = Array.isArray(body.subjects) ? body.subjects.map(obj) : [];
  const items = (v: JsonValue | undefined) =>
    (Array.isArray(obj(v).items) ? (obj(v).items as JsonValue[]) : []).map((x) =>
      typeof x === 'string' ? x : `${str(obj(x).name)}: ${str(obj(x).level)}`,
    );
  const head: Array<[string, string]> = [
    ['Họ và tên', str(learner.fullName)],
    ['Ngày sinh', str(learner.dateOfBirth)],
    ['Trường', str(school.name, document.schoolId)],
    ['Lớp', `${str(klass.name)} (khối ${str(klass.grade)})`],
    ['Mã học bạ', document.recordId],
  ];
  const common: Array<[string, string]> = [
    [str(obj(body.awards).label, 'Khen thưởng'), items(body.awards).join('; ') || '—'],
    [str(obj(body.promotion).label, 'Lên lớp'), str(obj(body.promotion).text, '—')],
    [str(obj(body.homeroomRemarks).label, 'Nhận xét'), str(obj(body.homeroomRemarks).text) || '—'],
    ['Nơi, ngày', str(obj(body.signatures).placeAndDate)],
  ];
  if (body.evaluation !== undefined)
    return {
      head,
      table: {
        headers: ['Môn học và hoạt động giáo dục', 'Mức đạt được', 'Điểm KTĐK'],
        rows: subjects.map((s) => [str(s.name), str(s.level), str(s.testScore, '—')]),
      },
      fields: [
        [str(obj(body.qualities).label), items(body.qualities).join('; ')],
        [str(obj(body.generalCompetencies).label), items(body.generalCompetencies).join('; ')],
        [str(obj(body.specificCompetencies).label), items(body.specificCompetencies).join('; ')],
        [str(obj(body.evaluation).label), str(obj(body.evaluation).text)],
        ...common,
      ],
    };
  const learning = obj(body.learningResult);
  const conduct = obj(body.conductResult);
  return {
    head,
    table: {
      headers: ['Môn học và hoạt động giáo dục', 'Học kì I', 'Học kì II', 'Cả năm'],
      rows: subjects.map((s) => [
        str(s.name),
        markText(s.termI),
        markText(s.termII),
        markText(s.year),
      ]),
    },
    fields: [
      [
        str(learning.label, 'Kết quả học tập'),
        `HK I ${str(learning.termI)}, HK II ${str(learning.termII)}, cả năm ${str(learning.year)}`,
      ],
      [
        str(conduct.label, 'Kết quả rèn luyện'),
        `HK I ${str(conduct.termI)}, HK II ${str(conduct.termII)}, cả năm ${str(conduct.year)}`,
      ],
      [str(obj(body.absences).label, 'Số buổi nghỉ'), str(obj(body.absences).sessions, '0')],
      ...common,
    ],
  };
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
  const page = recordPage(document);
  for (const [label, value] of page.head) field(label, value);
  doc.moveDown(0.8);

  // The results table: secondary (Circular 22) terms and year; primary (Circular 27) levels and tests.
  const cols = page.table.headers.length;
  const firstCol = width - (cols - 1) * 78;
  const colX = (i: number) => (i === 0 ? left + 6 : left + firstCol + (i - 1) * 78);
  let y = doc.y;
  doc.rect(left, y, width, 18).fill('#e8eef7').fillColor('#000000');
  doc.font('bold');
  page.table.headers.forEach((h, i) =>
    doc.text(h, colX(i), y + 4, { width: i ? 74 : firstCol - 10 }),
  );
  y += 18;
  doc.font('body');
  for (const row of page.table.rows) {
    row.forEach((cell, i) =>
      doc.text(cell, colX(i), y + 4, { width: i ? 74 : firstCol - 10, lineBreak: false }),
    );
    y += 16;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.3)
      .stroke('#999999');
  }
  doc.x = left;
  doc.y = y + 10;
  for (const [label, value] of page.fields) field(label, value);
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
