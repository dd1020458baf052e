import ExcelJS from 'exceljs';
import { STATUS_LABELS } from '../../indicators/domain';
import {
  formatVietnamTime as displayTime,
  reportTitle,
  type ProvinceReport,
} from '../domain/report-model';

/** A number when it is exact as one, else the exact decimal string (very large VND sums). */
const exact = (s: string | null): number | string | null => {
  if (s === null) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
};

/**
 * The workbook the department files: "Chỉ tiêu" (one row per indicator, unit and segment, with
 * numbers as numbers), "Đầy đủ" (units that have not reported, and late ones) and "Thông tin"
 * (what, when, as of). Vietnamese headings; the CSV carries the same data for machines.
 */
export async function buildReportXlsx(report: ProvinceReport): Promise<Buffer> {
  const title = reportTitle(report.kind, report.schoolYear);
  const segmentName = new Map(report.segments.map((s) => [s.code, s.nameVi]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sở GD&ĐT Quảng Ninh — kpi-aggregator';
  wb.created = report.generatedAt;

  const rows = wb.addWorksheet('Chỉ tiêu', { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.columns = [
    { header: 'Mã chỉ tiêu', key: 'code', width: 22 },
    { header: 'Tên chỉ tiêu', key: 'name', width: 60 },
    { header: 'Đơn vị', key: 'unitName', width: 34 },
    { header: 'Loại đơn vị', key: 'kind', width: 14 },
    { header: 'Vùng', key: 'segment', width: 26 },
    { header: 'Tử số', key: 'numerator', width: 16 },
    { header: 'Mẫu số', key: 'denominator', width: 16 },
    { header: 'Kết quả', key: 'value', width: 12 },
    { header: 'Chỉ tiêu giao', key: 'target', width: 12 },
    { header: 'Đánh giá', key: 'status', width: 20 },
  ];
  rows.getRow(1).font = { bold: true };
  for (const r of report.rows) {
    const row = rows.addRow({
      code: r.indicatorCode,
      name: r.indicatorNameVi,
      unitName: r.orgUnitName,
      kind: r.orgUnitKind,
      segment: r.segment ? (segmentName.get(r.segment) ?? r.segment) : 'Tất cả',
      numerator: exact(r.numerator),
      denominator: exact(r.denominator),
      value: r.value === null ? null : r.unit === 'percent' ? r.value / 100 : r.value,
      target: r.target === null ? null : r.unit === 'percent' ? r.target / 100 : r.target,
      status: STATUS_LABELS[r.status].vi,
    });
    if (r.unit === 'percent') {
      row.getCell('value').numFmt = '0.00%';
      row.getCell('target').numFmt = '0%';
    }
  }
  rows.autoFilter = { from: 'A1', to: 'J1' };

  const done = wb.addWorksheet('Đầy đủ');
  const c = report.completeness;
  done.addRow([
    `Đã báo cáo ${c.submitted}/${c.expected} đơn vị (đúng hạn ${c.onTime}, muộn ${c.late}); hạn ${report.dueOn}`,
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

  const info = wb.addWorksheet('Thông tin');
  info.addRows([
    ['Báo cáo', title.vi],
    ['Report', title.en],
    ['Đơn vị báo cáo', report.province.name],
    ['Kỳ báo cáo', report.periodCode],
    ['Số liệu tính đến ngày', report.asOf],
    ['Thời điểm lập (giờ Việt Nam)', displayTime(report.generatedAt)],
    ['Hạn gửi Bộ GD&ĐT', report.dueOn],
  ]);
  info.getColumn(1).width = 30;
  info.getColumn(2).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
