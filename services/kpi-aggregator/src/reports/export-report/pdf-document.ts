import PDFDocument from 'pdfkit';
import { addSignaturePlaceholder } from '@qn/document-signing';
import { STATUS_LABELS } from '../../indicators/domain';
import { NATIONAL_HEADING } from '../domain/administrative-form';
import {
  formatDateVi,
  formatNumberVi,
  formatPercentVi,
  formatVietnamTime,
  reportTitle,
  type ProvinceReport,
  type ReportRow,
} from '../domain/report-model';

// Decree 30/2020 asks for Times New Roman (Unicode, TCVN 6909:2001). Tinos is its metric-
// compatible open font (same widths, so the layout is the one Times would give), and it covers
// Vietnamese.
const fontFile = (style: string) =>
  require.resolve(`@expo-google-fonts/tinos/${style}/Tinos_${style}.ttf`);
const FONTS = {
  body: fontFile('400Regular'),
  bold: fontFile('700Bold'),
  italic: fontFile('400Regular_Italic'),
  boldItalic: fontFile('700Bold_Italic'),
} as const;

const MM = 72 / 25.4;
/** Decree 30, Appendix I, I.5: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm (A4). */
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

/** The indicator tables (widths add up to the text width of an A4 portrait page, 467 pt). */
const COLUMNS: Column[] = [
  { title: 'TT', width: 26, align: 'center' },
  { title: 'Chỉ tiêu / đơn vị', width: 112, align: 'left' },
  { title: 'Kỳ', width: 70, align: 'center' },
  { title: 'Số liệu (tử số / mẫu số)', width: 72, align: 'right' },
  { title: 'Kết quả', width: 42, align: 'right' },
  { title: 'Chỉ tiêu giao', width: 42, align: 'right' },
  { title: 'Mức cần đạt', width: 42, align: 'right' },
  { title: 'Đánh giá', width: 61, align: 'left' },
];
const TABLE_SIZE = 9;
const BODY_SIZE = 13;
const PAD = 3;

const percentOrNumber = (r: ReportRow, v: number | null) =>
  v === null ? '' : r.unit === 'percent' ? formatPercentVi(v) : formatNumberVi(v);

/**
 * The report as a Vietnamese administrative document (Decree 30/2020/ND-CP, Appendix I): A4
 * portrait; the issuing body and the number/symbol left, the national heading and the place and
 * date right; the type (BÁO CÁO) and summary; an opening paragraph naming the recipient; the
 * unit's indicators (by area), those of the units below it, and the completeness of their
 * reports, in tables whose header row is repeated on every page; then the recipients (Nơi nhận)
 * and the signature block. Page numbers centred in the top margin from page 2 on. Every piece of
 * text is measured before it is placed: nothing is printed over anything else.
 */
export function buildReportPdf(report: ProvinceReport): Promise<Buffer> {
  const form = report.form;
  const title = reportTitle(report.kind, report.schoolYear);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: MARGINS,
    bufferPages: true,
    info: {
      Title: `${form.type} ${form.summary}`,
      Subject: title.en,
      Author: form.issuingBody.name.replace('\n', ' '),
      CreationDate: report.generatedAt,
    },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const bottom = () => doc.page.height - MARGINS.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) {
      doc.addPage();
      doc.y = MARGINS.top;
      return true;
    }
    return false;
  };
  /** Writes a block of text at (x, y) in a box of `w`, returns its height. */
  const put = (
    text: string,
    x: number,
    y: number,
    w: number,
    font: keyof typeof FONTS,
    size: number,
    align: 'left' | 'center' | 'right' | 'justify' = 'left',
    indent = 0,
  ) => {
    doc.font(font).fontSize(size);
    const h = doc.heightOfString(text, { width: w, align, indent });
    doc.text(text, x, y, { width: w, align, indent, lineBreak: true });
    return h;
  };
  const rule = (x: number, y: number, w: number) =>
    doc
      .moveTo(x, y)
      .lineTo(x + w, y)
      .lineWidth(0.6)
      .stroke();

  // --- Heading: issuing body | national heading --------------------------------------------
  const leftW = 190;
  const rightW = width - leftW;
  const top = MARGINS.top;
  let ly = top;
  if (form.issuingBody.managing)
    ly += put(form.issuingBody.managing, left, ly, leftW, 'body', 12, 'center');
  ly += put(form.issuingBody.name, left, ly, leftW, 'bold', 12, 'center');
  doc.font('bold').fontSize(12);
  const nameW = Math.min(
    leftW,
    Math.max(...form.issuingBody.name.split('\n').map((l) => doc.widthOfString(l))),
  );
  rule(left + (leftW - nameW / 2) / 2, ly + 2, nameW / 2);
  ly += 10;
  ly += put(form.numberAndSymbol, left, ly, leftW, 'body', 13, 'center');
  const rx = left + leftW;
  let ry = top;
  ry += put(NATIONAL_HEADING.country, rx, ry, rightW, 'bold', 12, 'center');
  ry += put(NATIONAL_HEADING.motto, rx, ry, rightW, 'bold', 13, 'center');
  doc.font('bold').fontSize(13);
  const mottoW = doc.widthOfString(NATIONAL_HEADING.motto);
  rule(rx + (rightW - mottoW) / 2, ry + 1, mottoW);
  ry += 10;
  ry += put(form.placeAndDate, rx, ry, rightW, 'italic', 13, 'center');
  doc.y = Math.max(ly, ry) + 18;

  // --- Type and summary ---------------------------------------------------------------------
  doc.y += put(form.type, left, doc.y, width, 'bold', 14, 'center');
  const summaryH = put(form.summary, left + 40, doc.y, width - 80, 'bold', 13, 'center');
  doc.y += summaryH;
  rule(left + width / 2 - 50, doc.y + 3, 100);
  doc.y += 16;

  // --- Opening paragraph --------------------------------------------------------------------
  const opening =
    `Thực hiện chế độ báo cáo định kỳ về chuyển đổi số ngành Giáo dục, ` +
    `${report.reportingUnit.name} báo cáo ${form.recipient} kết quả thực hiện các chỉ tiêu ` +
    `${report.kind === 'semester-1' ? 'học kỳ I' : 'năm học'} ${report.schoolYear} như sau ` +
    `(số liệu của hệ thống, tính đến ngày ${formatDateVi(report.asOf)}; đánh giá: Hoàn thành, ` +
    `Cơ bản hoàn thành, Chưa hoàn thành đối với chỉ tiêu đã đến hạn; Đang thực hiện đối với chỉ ` +
    `tiêu chưa đến hạn):`;
  doc.font('body').fontSize(BODY_SIZE);
  const openingH = doc.heightOfString(opening, { width, align: 'justify', indent: 28 });
  ensure(openingH);
  doc.y += put(opening, left, doc.y, width, 'body', BODY_SIZE, 'justify', 28) + 8;

  // --- Tables -------------------------------------------------------------------------------
  const cellHeight = (cells: string[], font: keyof typeof FONTS) => {
    doc.font(font).fontSize(TABLE_SIZE);
    return (
      Math.max(
        ...cells.map((t, i) => doc.heightOfString(t || ' ', { width: COLUMNS[i].width - 2 * PAD })),
      ) +
      2 * PAD
    );
  };
  const drawRow = (cells: string[], font: keyof typeof FONTS, fill?: string) => {
    const h = cellHeight(cells, font);
    const y = doc.y;
    let x = left;
    if (fill) doc.rect(left, y, width, h).fill(fill).fillColor('black');
    cells.forEach((t, i) => {
      const c = COLUMNS[i];
      doc.rect(x, y, c.width, h).lineWidth(0.5).stroke();
      doc
        .font(font)
        .fontSize(TABLE_SIZE)
        .text(t, x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align });
      x += c.width;
    });
    doc.y = y + h;
  };
  const header = () => drawRow(COLUMNS.map((c) => c.title), 'bold', '#eeeeee');
  /** A row, after a page break if it does not fit, under the header repeated on the new page. */
  const tableRow = (cells: string[], font: keyof typeof FONTS = 'body') => {
    if (ensure(cellHeight(cells, font))) header();
    drawRow(cells, font);
  };
  /** A full-width line inside a table (an indicator's name over its units). */
  const groupRow = (text: string) => {
    doc.font('bold').fontSize(TABLE_SIZE);
    const h = doc.heightOfString(text, { width: width - 2 * PAD }) + 2 * PAD;
    if (ensure(h + cellHeight(['x'], 'body'))) header();
    const y = doc.y;
    doc.rect(left, y, width, h).lineWidth(0.5).stroke();
    doc.text(text, left + PAD, y + PAD, { width: width - 2 * PAD });
    doc.y = y + h;
  };
  const section = (text: string) => {
    doc.font('bold').fontSize(BODY_SIZE);
    const h = doc.heightOfString(text, { width });
    // A heading is never left alone at the bottom of a page: keep room for the header and a row.
    ensure(h + 60);
    doc.y += put(text, left, doc.y, width, 'bold', BODY_SIZE) + 4;
  };
  const cells = (tt: string, label: string, r: ReportRow) => [
    tt,
    label,
    r.periodCode,
    r.numerator === null
      ? ''
      : `${formatNumberVi(r.numerator)} / ${formatNumberVi(r.denominator ?? '0')}`,
    percentOrNumber(r, r.value),
    percentOrNumber(r, r.target),
    percentOrNumber(r, r.expected),
    STATUS_LABELS[r.status].vi,
  ];

  const segmentName = new Map(report.segments.map((s) => [s.code, s.nameVi]));
  const own = report.rows.filter((r) => r.orgUnitId === report.reportingUnit.id);
  const below = report.rows.filter((r) => r.orgUnitId !== report.reportingUnit.id);
  const codes = [...new Set(report.rows.map((r) => r.indicatorCode))];

  section(`I. KẾT QUẢ CỦA ${report.reportingUnit.name.toLocaleUpperCase('vi-VN')}`);
  header();
  codes.forEach((code, i) => {
    for (const r of own.filter((x) => x.indicatorCode === code)) {
      if (r.segment === null) tableRow(cells(String(i + 1), r.indicatorNameVi, r), 'bold');
      else tableRow(cells('', `- ${segmentName.get(r.segment) ?? r.segment}`, r));
    }
  });
  doc.y += 10;

  if (below.length > 0) {
    section('II. KẾT QUẢ CỦA CÁC ĐƠN VỊ TRỰC THUỘC');
    header();
    codes.forEach((code, i) => {
      const rows = below.filter((x) => x.indicatorCode === code);
      if (rows.length === 0) return;
      groupRow(`${i + 1}. ${rows[0].indicatorNameVi}`);
      rows.forEach((r, k) => tableRow(cells(`${i + 1}.${k + 1}`, r.orgUnitName, r)));
    });
    doc.y += 10;
  }

  const c = report.completeness;
  if (c.expected > 0) {
    section(
      `${below.length > 0 ? 'III' : 'II'}. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ (hạn ${formatDateVi(report.unitsDueOn)})`,
    );
    const lines = [
      `Đã báo cáo ${c.submitted}/${c.expected} đơn vị (đúng hạn ${c.onTime}, muộn ${c.late}).`,
      ...(c.missing.length
        ? [`Chưa báo cáo: ${c.missing.map((u) => u.name).join('; ')}.`]
        : ['Tất cả đơn vị đã báo cáo.']),
    ];
    for (const line of lines) {
      doc.font('body').fontSize(BODY_SIZE);
      ensure(doc.heightOfString(line, { width, indent: 28 }));
      doc.y += put(line, left, doc.y, width, 'body', BODY_SIZE, 'justify', 28) + 2;
    }
  }

  // --- Recipients | signature block (kept together on one page) ---------------------------
  const recipientsW = width / 2 - 10;
  const signX = left + width / 2;
  const signW = width / 2;
  doc.font('body').fontSize(11);
  const recipientsText = form.copiesTo.map((l) => `- ${l}`).join('\n');
  const blockH = Math.max(
    14 + doc.heightOfString(recipientsText, { width: recipientsW }),
    (form.signature.authority.length + 1) * 18 + 90,
  );
  ensure(blockH + 16);
  const by = doc.y + 16;
  put('Nơi nhận:', left, by, recipientsW, 'boldItalic', 12);
  put(recipientsText, left, by + 15, recipientsW, 'body', 11);
  let sy = by;
  // The authority and title; below them, room for the signature (digital or by hand), the seal
  // and the signer's name.
  for (const line of [...form.signature.authority, form.signature.title])
    sy += put(line, signX, sy, signW, 'bold', 13, 'center');
  if (report.signature) {
    // Signed with the issuing body's seal: say so where the signature goes, with the name its
    // certificate gives and when (the signature itself is the PDF's signature field).
    sy += 8;
    sy += put('Đã ký số', signX, sy, signW, 'italic', 11, 'center');
    sy += put(report.signature.signerName, signX, sy, signW, 'bold', 11, 'center');
    put(formatVietnamTime(report.signature.signingTime), signX, sy, signW, 'italic', 11, 'center');
    addSignaturePlaceholder(doc, {
      name: report.signature.signerName,
      reason: `${form.type} ${form.summary}`,
      location: form.placeAndDate.split(',')[0],
      signingTime: report.signature.signingTime,
    });
  }
  doc.y = by + blockH;

  // --- Page numbers: centred in the top margin, none on the first page ----------------------
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font('body')
      .fontSize(13)
      .text(String(i + 1), left, MARGINS.top / 2 - 6, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return finished;
}
