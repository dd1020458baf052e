import PDFDocument from 'pdfkit';
import { STATUS_LABELS } from '../../indicators/domain';
import {
  formatPercentVi,
  reportTitle,
  type ProvinceReport,
  type ReportRow,
} from '../domain/report-model';

// DejaVu covers Vietnamese (precomposed letters with stacked diacritics); PDF's built-in
// Helvetica does not.
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const COLUMNS = [
  { title: 'Chỉ tiêu', width: 250, align: 'left' as const },
  { title: 'Vùng', width: 130, align: 'left' as const },
  { title: 'Tử số', width: 80, align: 'right' as const },
  { title: 'Mẫu số', width: 80, align: 'right' as const },
  { title: 'Kết quả', width: 60, align: 'right' as const },
  { title: 'Chỉ tiêu giao', width: 60, align: 'right' as const },
  { title: 'Đánh giá', width: 100, align: 'left' as const },
];

const thousands = (s: string | null) => (s === null ? '' : s.replace(/\B(?=(\d{3})+(?!\d))/g, '.'));

/**
 * The printable version (A4 landscape): the province's figures by segment, then each
 * commune-level unit's totals, then the completeness of the units' reports. Figures are the
 * same as in the CSV and XLSX, formatted for people (decimal comma, thousands dots).
 */
export function buildReportPdf(report: ProvinceReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    info: {
      Title: reportTitle(report.kind, report.schoolYear).vi,
      Author: 'Sở GD&ĐT Quảng Ninh',
      CreationDate: report.generatedAt,
    },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const segmentName = new Map(report.segments.map((s) => [s.code, s.nameVi]));
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const left = doc.page.margins.left;

  const header = () => {
    doc.font('bold').fontSize(8);
    let x = left;
    const y = doc.y;
    for (const c of COLUMNS) {
      doc.text(c.title, x, y, { width: c.width - 6, align: c.align });
      x += c.width;
    }
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + 760, doc.y + 2)
      .stroke();
    doc.y += 5;
  };
  const row = (r: ReportRow) => {
    const cells = [
      `${r.indicatorCode} — ${r.indicatorNameVi}`,
      r.segment ? (segmentName.get(r.segment) ?? r.segment) : 'Tất cả',
      thousands(r.numerator),
      thousands(r.denominator),
      r.unit === 'percent' ? formatPercentVi(r.value) : (r.value?.toString() ?? ''),
      r.target === null ? '' : `${r.target}`,
      STATUS_LABELS[r.status].vi,
    ];
    doc.font('body').fontSize(7.5);
    const height = Math.max(
      ...cells.map((t, i) => doc.heightOfString(t, { width: COLUMNS[i].width - 6 })),
    );
    if (doc.y + height > bottom()) {
      doc.addPage();
      header();
      doc.font('body').fontSize(7.5);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((t, i) => {
      doc.text(t, x, y, { width: COLUMNS[i].width - 6, align: COLUMNS[i].align });
      x += COLUMNS[i].width;
    });
    doc.y = y + height + 3;
  };
  const heading = (text: string) => {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc
      .font('bold')
      .fontSize(11)
      .text(text, left, doc.y + 6);
    doc.y += 4;
  };

  const title = reportTitle(report.kind, report.schoolYear);
  doc.font('bold').fontSize(15).text(title.vi, { align: 'center' });
  doc.font('body').fontSize(9).text(title.en, { align: 'center' });
  doc.moveDown(0.5);
  doc
    .fontSize(9)
    .text(
      `${report.province.name} · kỳ ${report.periodCode} · số liệu đến ngày ${report.asOf} · hạn gửi Bộ ${report.dueOn}`,
      { align: 'center' },
    );

  const byUnit = new Map<string, ReportRow[]>();
  for (const r of report.rows) byUnit.set(r.orgUnitId, [...(byUnit.get(r.orgUnitId) ?? []), r]);
  heading(report.province.name);
  header();
  for (const r of byUnit.get(report.province.id) ?? []) row(r);
  for (const [unitId, rows] of byUnit) {
    if (unitId === report.province.id) continue;
    heading(rows[0].orgUnitName);
    header();
    for (const r of rows.filter((x) => x.segment === null)) row(r);
  }

  const c = report.completeness;
  heading(
    `Tình hình báo cáo của các đơn vị: ${c.submitted}/${c.expected} (đúng hạn ${c.onTime}, muộn ${c.late})`,
  );
  doc.font('body').fontSize(8);
  if (c.missing.length === 0) doc.text('Tất cả đơn vị đã báo cáo.');
  for (const u of c.missing) {
    if (doc.y + 12 > bottom()) doc.addPage();
    doc.text(`Chưa báo cáo: ${u.name}${u.parentName ? ` (${u.parentName})` : ''}`, left);
  }
  doc.end();
  return finished;
}
