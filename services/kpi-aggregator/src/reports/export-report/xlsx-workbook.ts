import ExcelJS from 'exceljs';
import { STATUS_LABELS } from '../../indicators/domain';
import {
  formatDateVi,
  formatVietnamTime as displayTime,
  reportTitle,
  type ProvinceReport,
} from '../domain/report-model';

/** A number when it is exact as one, else the exact decimal string (very large VND sums). */
const exact = (s: string | null): number | string | null => {
  if (s === null) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) || !/^-?\d+$/.test(s) ? n : s;
};

/** A calendar day as a spreadsheet date (midnight UTC, so no time zone moves it). */
const day = (iso: string | null) => (iso === null ? null : new Date(`${iso}T00:00:00Z`));

/**
 * Set up to print as an office prints a table: A4 landscape, fitted to one page wide (as many
 * pages long as it takes), the header row repeated on every page, the report's title in the
 * page header and "Trang N / M" in the footer.
 */
function printSetup(
  sheet: ExcelJS.Worksheet,
  title: string,
  headerRow: number | null,
  orientation: 'landscape' | 'portrait' = 'landscape',
): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.4, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    ...(headerRow ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
  };
  const escaped = title.replace(/&/g, '&&');
  sheet.headerFooter = {
    oddHeader: `&C&"Times New Roman,Bold"&11${escaped}`,
    oddFooter: '&CTrang &P / &N',
  };
}

/**
 * The workbook a unit files: "Chỉ tiêu" (one row per indicator, unit and segment: period,
 * numbers as numbers, percentages as percentages, dates as dates), "Đầy đủ" (units that have not
 * reported, and late ones) and "Thông tin" (what, who, to whom, by when, as of). Vietnamese
 * headings; every sheet set up to print.
 */
export async function buildReportXlsx(report: ProvinceReport): Promise<Buffer> {
  const title = reportTitle(report.kind, report.schoolYear);
  const printTitle = `${title.vi} — ${report.reportingUnit.name}`;
  const segmentName = new Map(report.segments.map((s) => [s.code, s.nameVi]));
  const wb = new ExcelJS.Workbook();
  wb.creator = `${report.reportingUnit.name} — kpi-aggregator`;
  wb.created = report.generatedAt;

  const rows = wb.addWorksheet('Chỉ tiêu', { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.columns = [
    { header: 'Mã chỉ tiêu', key: 'code', width: 22 },
    { header: 'Tên chỉ tiêu', key: 'name', width: 52 },
    { header: 'Kỳ', key: 'period', width: 12 },
    { header: 'Từ ngày', key: 'periodStart', width: 11 },
    { header: 'Đến ngày', key: 'periodEnd', width: 11 },
    { header: 'Đơn vị', key: 'unitName', width: 30 },
    { header: 'Loại đơn vị', key: 'kind', width: 12 },
    { header: 'Vùng', key: 'segment', width: 22 },
    { header: 'Tử số', key: 'numerator', width: 15 },
    { header: 'Mẫu số', key: 'denominator', width: 15 },
    { header: 'Kết quả', key: 'value', width: 10 },
    { header: 'Chỉ tiêu giao', key: 'target', width: 10 },
    { header: 'Mức cần đạt', key: 'expected', width: 10 },
    { header: 'Hạn', key: 'deadline', width: 11 },
    { header: 'Đánh giá', key: 'status', width: 26 },
  ];
  const head = rows.getRow(1);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  const pct = (r: { unit: string }, v: number | null) =>
    v === null ? null : r.unit === 'percent' ? v / 100 : v;
  for (const r of report.rows) {
    const row = rows.addRow({
      code: r.indicatorCode,
      name: r.indicatorNameVi,
      period: r.periodCode,
      periodStart: day(r.periodStart),
      periodEnd: day(r.periodEnd),
      unitName: r.orgUnitName,
      kind: r.orgUnitKind,
      segment: r.segment ? (segmentName.get(r.segment) ?? r.segment) : 'Tất cả',
      numerator: exact(r.numerator),
      denominator: exact(r.denominator),
      value: pct(r, r.value),
      target: pct(r, r.target),
      expected: pct(r, r.expected),
      deadline: day(r.deadline),
      status: STATUS_LABELS[r.status].vi,
    });
    for (const key of ['periodStart', 'periodEnd', 'deadline'])
      row.getCell(key).numFmt = 'dd/mm/yyyy';
    for (const key of ['numerator', 'denominator']) row.getCell(key).numFmt = '#,##0';
    if (r.unit === 'percent')
      for (const key of ['value', 'target', 'expected']) row.getCell(key).numFmt = '0.00%';
  }
  rows.autoFilter = { from: 'A1', to: 'O1' };
  printSetup(rows, printTitle, 1);

  const done = wb.addWorksheet('Đầy đủ');
  const c = report.completeness;
  done.addRow([
    `Đã báo cáo ${c.submitted}/${c.expected} đơn vị (đúng hạn ${c.onTime}, muộn ${c.late}); hạn ${formatDateVi(report.unitsDueOn)}`,
  ]);
  done.addRow([]);
  done.addRow(['Chưa báo cáo', 'Mã', 'Thuộc']).font = { bold: true };
  for (const u of c.missing) done.addRow([u.name, u.code ?? '', u.parentName ?? '']);
  done.addRow([]);
  done.addRow(['Báo cáo muộn', 'Mã', 'Thuộc', 'Thời điểm nộp']).font = { bold: true };
  for (const u of c.lateUnits)
    done.addRow([u.name, u.code ?? '', u.parentName ?? '', displayTime(u.submittedAt)]);
  done.getColumn(1).width = 40;
  done.getColumn(3).width = 30;
  printSetup(done, printTitle, null, 'portrait');

  const info = wb.addWorksheet('Thông tin');
  const f = report.form;
  info.addRows([
    ['Báo cáo', title.vi],
    ['Report', title.en],
    ['Đơn vị báo cáo', report.reportingUnit.name],
    ['Nơi nhận', f.recipient],
    ['Hạn gửi', formatDateVi(f.dueOn)],
    ['Kỳ báo cáo', report.periodCode],
    ['Số liệu tính đến ngày', formatDateVi(report.asOf)],
    ['Thời điểm lập (giờ Việt Nam)', displayTime(report.generatedAt)],
  ]);
  info.getColumn(1).width = 30;
  info.getColumn(2).width = 60;
  printSetup(info, printTitle, null, 'portrait');
  return Buffer.from(await wb.xlsx.writeBuffer());
}
