import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { diplomaPage } from './diploma-page';

// DejaVu covers Vietnamese (precomposed letters with stacked diacritics); PDF's built-in fonts
// do not. The fonts come from the project's dependencies, not the machine.
const SERIF = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');
const SERIF_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf');
const SERIF_ITALIC = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf');

const INK = '#1a1a1a';
const ACCENT = '#8b1a1a';

export interface DiplomaPdfInput {
  /** The signed credential as stored: printed from, and attached whole as credential.json. */
  credential: object;
  /** The QR code's link: `<public url>/verify?c=…&h=…`. */
  verificationUrl: string;
  /** Where the province's diplomas are dated (nơi cấp). */
  place: string;
  /** The PDF's creation date (given, so the same input renders the same page). */
  renderedAt: Date;
}

/** The attachment's name and media type: a reader (or a verifier's tool) finds the proof by them. */
export const CREDENTIAL_ATTACHMENT = { name: 'credential.json', type: 'application/vc+ld+json' };

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

/**
 * One A4 landscape page of a graduation diploma (bằng tốt nghiệp THCS / THPT) from its signed
 * credential: the national heading, the issuing authority, the title, the holder, the school and
 * year, place and date, the decision, số hiệu and số vào sổ gốc, and a QR code of the
 * verification link. The printout proves nothing by itself: the signed credential travels inside
 * the file as an attachment, and the QR code leads to the public check.
 */
export async function renderDiplomaPdf(input: DiplomaPdfInput): Promise<Buffer> {
  const page = diplomaPage(input.credential, input.place);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 30,
    info: {
      Title: `${page.title} — số hiệu ${page.serialNumber}`,
      Author: page.authority,
      Subject: page.credentialId,
      CreationDate: input.renderedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', SERIF);
  doc.registerFont('bold', SERIF_BOLD);
  doc.registerFont('italic', SERIF_ITALIC);

  const W = doc.page.width;
  const H = doc.page.height;
  // The frame of the blank (phôi bằng).
  doc
    .lineWidth(2.5)
    .rect(24, 24, W - 48, H - 48)
    .stroke(ACCENT);
  doc
    .lineWidth(0.8)
    .rect(31, 31, W - 62, H - 62)
    .stroke(ACCENT);
  doc.fillColor(INK);

  // Heading: the authority on the left, the national heading on the right (thể thức văn bản).
  const colW = 340;
  const leftX = 50;
  const rightX = W - 50 - colW;
  doc.font('bold').fontSize(11);
  doc.text(page.authority.toUpperCase(), leftX, 52, { width: colW, align: 'center' });
  const authorityBottom = doc.y;
  doc
    .lineWidth(0.6)
    .moveTo(leftX + colW / 2 - 50, authorityBottom + 6)
    .lineTo(leftX + colW / 2 + 50, authorityBottom + 6)
    .stroke(INK);
  doc.font('bold').fontSize(11);
  doc.text(page.nationalHeading[0], rightX, 52, { width: colW, align: 'center' });
  doc.fontSize(12).text(page.nationalHeading[1], rightX, doc.y + 1, {
    width: colW,
    align: 'center',
  });
  doc
    .moveTo(rightX + colW / 2 - 85, doc.y + 5)
    .lineTo(rightX + colW / 2 + 85, doc.y + 5)
    .stroke(INK);

  // Title.
  doc
    .font('bold')
    .fontSize(24)
    .fillColor(ACCENT)
    .text(page.title, 40, 128, { width: W - 80, align: 'center' });
  doc.fillColor(INK);

  // The holder, the school and the year.
  const labelX = 190;
  const valueX = 350;
  let y = 186;
  for (const [label, value] of page.holder) {
    doc.font('body').fontSize(12).text(`${label}:`, labelX, y, { width: 150, lineBreak: false });
    const big = label === 'Họ và tên';
    doc
      .font('bold')
      .fontSize(big ? 15 : 12)
      .text(value, valueX, big ? y - 2 : y, { width: W - valueX - 60, lineBreak: false });
    y += big ? 24 : 20;
  }

  // Bottom left: the QR code, the numbers of the register.
  const bottomY = Math.max(y + 14, 392);
  const qrSize = 100;
  drawQr(doc, input.verificationUrl, leftX + 6, bottomY, qrSize);
  const numbersX = leftX + qrSize + 20;
  const numbersW = 300;
  const numbers: Array<[string, string]> = [
    ['Số hiệu', page.serialNumber],
    ['Số vào sổ gốc cấp văn bằng', page.entryNumber],
    ['Quyết định công nhận tốt nghiệp số', page.decisionReference],
  ];
  doc.y = bottomY + 4;
  for (const [label, value] of numbers)
    doc
      .font('body')
      .fontSize(10)
      .text(`${label}: `, numbersX, doc.y + 2, { width: numbersW, continued: true })
      .font('bold')
      .text(value);
  doc
    .font('body')
    .fontSize(7.5)
    .fillColor('#444444')
    .text(`Mã văn bằng số: ${page.credentialId}`, numbersX, doc.y + 6, { width: numbersW });
  doc
    .font('body')
    .fontSize(7)
    .text('Quét mã QR hoặc mở đường dẫn để kiểm tra văn bằng:', leftX + 6, bottomY + qrSize + 6, {
      width: 420,
    })
    .text(input.verificationUrl, { width: 420 });
  doc.fillColor(INK);

  // Bottom right: place and date, the authority (chữ ký số: the signed credential attached).
  const signX = W - 50 - 300;
  doc
    .font('italic')
    .fontSize(11)
    .text(page.placeAndDate, signX, bottomY, { width: 300, align: 'center' });
  doc
    .font('bold')
    .fontSize(11)
    .text(page.authority.toUpperCase(), signX, doc.y + 4, { width: 300, align: 'center' });
  doc
    .font('italic')
    .fontSize(8.5)
    .fillColor('#444444')
    .text(
      'Đã ký số. Văn bằng số có chữ ký được đính kèm trong tệp này (credential.json).',
      signX,
      doc.y + 8,
      { width: 300, align: 'center' },
    );
  doc.fillColor(INK);

  // The signed credential itself, so the file carries its proof.
  doc.file(Buffer.from(JSON.stringify(input.credential), 'utf8'), {
    ...CREDENTIAL_ATTACHMENT,
    description: 'Văn bằng số có chữ ký (W3C Verifiable Credential, Open Badges 3.0)',
    creationDate: input.renderedAt,
    modifiedDate: input.renderedAt,
  });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
