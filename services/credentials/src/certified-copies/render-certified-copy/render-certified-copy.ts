import PDFDocument from 'pdfkit';
import { certifiedCopyPage, type EntrySnapshot } from './certified-copy-page';

const SERIF = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');
const SERIF_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf');

/** A certified copy from the register as one A4 page (the authority signs and seals the print). */
export async function renderCertifiedCopyPdf(input: {
  entry: EntrySnapshot;
  copyNumber: number;
  place: string;
  issuedAt: Date;
}): Promise<Buffer> {
  const page = certifiedCopyPage(input.entry, input.copyNumber, input.place, input.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: page.title, Author: page.authority, CreationDate: input.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', SERIF);
  doc.registerFont('bold', SERIF_BOLD);
  const left = 56;
  const width = doc.page.width - 112;
  const half = width / 2 - 10;
  const top = 56;
  doc.font('bold').fontSize(10).text(page.authority, left, top, { width: half, align: 'center' });
  doc
    .font('body')
    .fontSize(10)
    .text(page.number, left, top + 28, { width: half, align: 'center' });
  doc
    .font('bold')
    .fontSize(10)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + half + 20, top, {
      width: half,
      align: 'center',
    })
    .text('Độc lập - Tự do - Hạnh phúc', { width: half, align: 'center' });
  doc
    .font('bold')
    .fontSize(14)
    .text(page.title, left, top + 90, { width, align: 'center' });
  let y = top + 140;
  for (const [label, value] of page.rows) {
    doc.font('body').fontSize(11).text(`${label}:`, left, y, { width: 200 });
    doc
      .font('bold')
      .fontSize(11)
      .text(value, left + 210, y, { width: width - 210 });
    y += 24;
  }
  doc
    .font('body')
    .fontSize(11)
    .text(page.statement, left, y + 12, { width, align: 'justify' });
  doc
    .font('body')
    .fontSize(11)
    .text(page.dateLine, left + half + 20, y + 70, { width: half, align: 'center' });
  doc
    .font('bold')
    .fontSize(11)
    .text('THỦ TRƯỞNG CƠ QUAN', left + half + 20, y + 92, { width: half, align: 'center' });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
