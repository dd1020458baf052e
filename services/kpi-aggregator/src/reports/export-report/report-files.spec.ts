import ExcelJS from 'exceljs';
import { completeness, type ReportingUnit } from '../domain/completeness';
import {
  formatPercentVi,
  reportFileStem,
  reportTitle,
  type ProvinceReport,
} from '../domain/report-model';
import { renderReportCsv } from './render-csv';
import { renderReportXlsx } from './render-xlsx';
import { renderReportPdf } from './render-pdf';

const unit = (id: string, name: string, kind = 'ward', parentName: string | null = 'Hạ Long') =>
  ({ id, code: id.toUpperCase(), name, kind, parentName }) as ReportingUnit;

const report: ProvinceReport = {
  kind: 'semester-1',
  schoolYear: '2025-2026',
  periodCode: 'HK1-2025-2026',
  asOf: '2026-01-17',
  generatedAt: new Date('2026-01-20T03:00:00Z'),
  province: { id: 'p', name: 'Tỉnh Quảng Ninh' },
  dueOn: '2026-01-30',
  segments: [
    { code: 'urban', nameVi: 'Thành thị' },
    { code: 'ethnic-minority-mountain', nameVi: 'Vùng DTTS và miền núi' },
  ],
  rows: [
    {
      indicatorCode: 'FEE_CASHLESS_AMOUNT',
      indicatorNameVi: 'Tỷ lệ số tiền thu không dùng tiền mặt',
      indicatorNameEn: 'Share of fee amount paid cashless',
      unit: 'percent',
      orgUnitId: 'p',
      orgUnitCode: 'QN',
      orgUnitName: 'Tỉnh Quảng Ninh',
      orgUnitKind: 'province',
      segment: 'ethnic-minority-mountain',
      numerator: '123456789012345678901',
      denominator: '200000000000000000000',
      value: 61.728394506,
      target: 65,
      status: 'behind',
    },
    {
      indicatorCode: 'APPS_ONLINE',
      indicatorNameVi: 'Tỷ lệ hồ sơ tuyển sinh nộp trực tuyến',
      indicatorNameEn: 'Share of applications submitted online',
      unit: 'percent',
      orgUnitId: 'w',
      orgUnitCode: null,
      orgUnitName: '=HYPERLINK("x"), "Phường" Hồng Gai',
      orgUnitKind: 'ward',
      segment: null,
      numerator: '1200',
      denominator: '1000',
      value: 120,
      target: 100,
      status: 'completed',
    },
  ],
  completeness: completeness(
    [unit('w', 'Phường Hồng Gai'), unit('c', 'Xã Ba Chẽ', 'commune', 'Ba Chẽ')],
    [{ orgUnitId: 'w', submittedAt: new Date('2026-01-09T01:00:00Z') }],
    { dueOn: '2026-01-10' },
    '2026-01-17',
  ),
};

describe('report files', () => {
  it('names and titles the report in Vietnamese, with an ASCII file name', () => {
    expect(reportTitle('semester-1', '2025-2026').vi).toBe(
      'Báo cáo sơ kết học kỳ I năm học 2025-2026',
    );
    expect(reportTitle('year-end', '2025-2026').vi).toBe('Báo cáo tổng kết năm học 2025-2026');
    expect(reportFileStem(report)).toBe('bao-cao-so-ket-hk1-2025-2026');
    expect(formatPercentVi(61.728)).toBe('61,73');
    expect(formatPercentVi(null)).toBe('');
  });

  it('CSV: BOM, CRLF, quoting, exact big numbers, values over 100% kept, formula cells defused', () => {
    const csv = renderReportCsv(report);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'indicator_code,indicator_name_vi,indicator_name_en,unit,org_unit_id,org_unit_code,org_unit_name,org_unit_kind,segment,numerator,denominator,value,target,status',
    );
    expect(lines[1]).toBe(
      'FEE_CASHLESS_AMOUNT,Tỷ lệ số tiền thu không dùng tiền mặt,Share of fee amount paid cashless,percent,p,QN,Tỉnh Quảng Ninh,province,ethnic-minority-mountain,123456789012345678901,200000000000000000000,61.7284,65,behind',
    );
    expect(lines[2]).toBe(
      `APPS_ONLINE,Tỷ lệ hồ sơ tuyển sinh nộp trực tuyến,Share of applications submitted online,percent,w,,"'=HYPERLINK(""x""), ""Phường"" Hồng Gai",ward,all,1200,1000,120,100,completed`,
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('XLSX: three sheets, numbers as numbers, percent formats, huge sums kept exact as text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReportXlsx(report)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Đầy đủ', 'Thông tin']);
    const sheet = wb.getWorksheet('Chỉ tiêu')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã chỉ tiêu');
    const big = sheet.getRow(2);
    expect(big.getCell(5).value).toBe('Vùng DTTS và miền núi');
    expect(big.getCell(6).value).toBe('123456789012345678901');
    expect(big.getCell(8).value).toBeCloseTo(0.61728394506, 10);
    expect(big.getCell(8).numFmt).toBe('0.00%');
    expect(big.getCell(10).value).toBe('Đang thực hiện – chậm tiến độ');
    const over = sheet.getRow(3);
    expect(over.getCell(6).value).toBe(1200);
    expect(over.getCell(8).value).toBe(1.2);
    expect(over.getCell(5).value).toBe('Tất cả');
    const done = wb.getWorksheet('Đầy đủ')!;
    const texts = done
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(texts).toContain('Xã Ba Chẽ');
    expect(texts).not.toContain('Phường Hồng Gai');
    expect(String(done.getRow(1).getCell(1).value)).toContain('Đã báo cáo 1/2');
    const info = wb.getWorksheet('Thông tin')!;
    expect(info.getRow(1).getCell(2).value).toBe('Báo cáo sơ kết học kỳ I năm học 2025-2026');
    expect(info.getRow(6).getCell(2).value).toBe('20/01/2026 10:00');
  });

  it('PDF: a landscape A4 document with the Vietnamese font embedded and a page per ~30 rows', async () => {
    const many: ProvinceReport = {
      ...report,
      rows: Array.from({ length: 90 }, (_, i) => ({
        ...report.rows[1],
        orgUnitId: `w${Math.floor(i / 3)}`,
        orgUnitName: `Phường số ${Math.floor(i / 3)}`,
      })),
    };
    const pdf = await renderReportPdf(many);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    expect(text).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    const pages = text.match(/\/Type \/Page\b/g)!.length;
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  });
});
