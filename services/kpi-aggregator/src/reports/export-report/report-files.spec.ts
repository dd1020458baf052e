import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { administrativeForm } from '../domain/administrative-form';
import { completeness, type ReportingUnit } from '../domain/completeness';
import {
  formatDateVi,
  formatNumberVi,
  formatPercentVi,
  reportFileStem,
  reportTitle,
  type ProvinceReport,
} from '../domain/report-model';
import { CSV_COLUMNS, renderReportCsv } from './render-csv';
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
  reportingUnit: { id: 'p', name: 'Tỉnh Quảng Ninh', kind: 'province' },
  form: administrativeForm(
    { kind: 'province', name: 'Tỉnh Quảng Ninh' },
    'semester-1',
    '2025-2026',
    '2026-01-17',
  ),
  unitsDueOn: '2026-01-10',
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
      periodCode: '2025',
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      numerator: '123456789012345678901',
      denominator: '200000000000000000000',
      value: 61.728394506,
      target: 65,
      expected: 65,
      deadline: '2025-12-31',
      final: false,
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
      periodCode: 'HK1-2025-2026',
      periodStart: '2025-09-05',
      periodEnd: '2026-01-17',
      numerator: '1200',
      denominator: '1000',
      value: 120,
      target: 100,
      expected: 100,
      deadline: '2026-01-17',
      final: true,
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

/** A Vietnamese-locale spreadsheet's reading of a cell: `.` groups thousands, `,` is the decimal. */
function viSpreadsheetNumber(cell: string): number | null {
  const parts = new Intl.NumberFormat('vi-VN').formatToParts(1234.5);
  const group = parts.find((p) => p.type === 'group')!.value;
  const decimal = parts.find((p) => p.type === 'decimal')!.value;
  if (!new RegExp(`^-?[\\d${group}]+(${decimal}\\d+)?$`).test(cell)) return null;
  return Number(cell.split(group).join('').replace(decimal, '.'));
}

/** Runs a poppler tool on a PDF written to a temporary file. */
function poppler(tool: string, pdf: Buffer, ...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'qn-report-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('report files', () => {
  it('names and titles the report in Vietnamese, with an ASCII file name', () => {
    expect(reportTitle('semester-1', '2025-2026').vi).toBe(
      'Báo cáo sơ kết học kỳ I năm học 2025-2026',
    );
    expect(reportTitle('year-end', '2025-2026').vi).toBe('Báo cáo tổng kết năm học 2025-2026');
    expect(reportFileStem(report)).toBe('bao-cao-so-ket-hk1-2025-2026');
    expect(formatPercentVi(61.728)).toBe('61,73 %');
    expect(formatPercentVi(93.4)).toBe('93,4 %');
    expect(formatPercentVi(null)).toBe('');
    expect(formatNumberVi('1234567')).toBe('1.234.567');
    expect(formatNumberVi('123456789012345678901')).toBe('123.456.789.012.345.678.901');
    expect(formatDateVi('2026-12-31')).toBe('31/12/2026');
  });

  it('CSV: BOM, CRLF, period and unit columns, formula cells defused', () => {
    const csv = renderReportCsv(report);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0].split(',')).toEqual([...CSV_COLUMNS]);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
    const rows: Array<Record<string, string>> = parse(csv.subarray(3), {
      columns: true,
      bom: true,
    });
    expect(rows[0]).toMatchObject({
      report: 'semester-1',
      school_year: '2025-2026',
      reporting_unit_name: 'Tỉnh Quảng Ninh',
      period_code: '2025',
      period_start: '2025-01-01',
      period_end: '2025-12-31',
      org_unit_name: 'Tỉnh Quảng Ninh',
      segment: 'ethnic-minority-mountain',
      deadline: '2025-12-31',
      final: 'false',
      status: 'behind',
      status_vi: 'Đang thực hiện – chậm tiến độ',
    });
    expect(rows[1].org_unit_name).toBe(`'=HYPERLINK("x"), "Phường" Hồng Gai`);
    expect(rows[1].segment).toBe('all');
  });

  it('CSV: read by a Vietnamese-locale spreadsheet, every number is the same number', () => {
    const rows: Array<Record<string, string>> = parse(renderReportCsv(report).subarray(3), {
      columns: true,
      bom: true,
    });
    const read = (row: Record<string, string>, column: string) => viSpreadsheetNumber(row[column]);
    // 61.728394506 % → "61,7284": not 617284 (a dot would be read as a thousands separator)
    expect(rows[0].value).toBe('61,7284');
    expect(read(rows[0], 'value')).toBe(61.7284);
    expect(read(rows[0], 'target')).toBe(65);
    expect(read(rows[0], 'numerator')).toBe(Number('123456789012345678901'));
    expect(rows[0].numerator).toBe('123456789012345678901'); // exact in the file
    expect(read(rows[1], 'value')).toBe(120); // over 100 % kept
    expect(read(rows[1], 'denominator')).toBe(1000);
    for (const row of rows)
      for (const column of ['numerator', 'denominator', 'value', 'target', 'expected'])
        if (row[column] !== '') expect(read(row, column)).not.toBeNull();
    // ISO days: read as dates by spreadsheets in every locale
    for (const row of rows) expect(row.period_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('XLSX: numbers as numbers, dates as dates, exact huge sums, set up to print', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReportXlsx(report)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Đầy đủ', 'Thông tin']);
    const sheet = wb.getWorksheet('Chỉ tiêu')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Mã chỉ tiêu',
      'Tên chỉ tiêu',
      'Kỳ',
      'Từ ngày',
      'Đến ngày',
      'Đơn vị',
      'Loại đơn vị',
      'Vùng',
      'Tử số',
      'Mẫu số',
      'Kết quả',
      'Chỉ tiêu giao',
      'Mức cần đạt',
      'Hạn',
      'Đánh giá',
    ]);
    const big = sheet.getRow(2);
    const cell = (row: ExcelJS.Row, title: string) => row.getCell(header.indexOf(title) + 1);
    expect(cell(big, 'Kỳ').value).toBe('2025');
    expect(cell(big, 'Từ ngày').value).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(cell(big, 'Từ ngày').numFmt).toBe('dd/mm/yyyy');
    expect(cell(big, 'Vùng').value).toBe('Vùng DTTS và miền núi');
    expect(cell(big, 'Tử số').value).toBe('123456789012345678901');
    expect(cell(big, 'Kết quả').value).toBeCloseTo(0.61728394506, 10);
    expect(cell(big, 'Kết quả').numFmt).toBe('0.00%');
    expect(cell(big, 'Mức cần đạt').value).toBe(0.65);
    expect(cell(big, 'Đánh giá').value).toBe('Đang thực hiện – chậm tiến độ');
    const over = sheet.getRow(3);
    expect(cell(over, 'Tử số').value).toBe(1200);
    expect(cell(over, 'Kết quả').value).toBe(1.2);
    expect(cell(over, 'Vùng').value).toBe('Tất cả');

    // Print setup: A4 landscape, one page wide, the header row on every page, page numbers.
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    });
    expect(sheet.headerFooter.oddFooter).toBe('&CTrang &P / &N');
    expect(sheet.headerFooter.oddHeader).toContain('Báo cáo sơ kết học kỳ I năm học 2025-2026');
    for (const name of ['Đầy đủ', 'Thông tin'])
      expect(wb.getWorksheet(name)!.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1 });

    const done = wb.getWorksheet('Đầy đủ')!;
    const texts = done
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(texts).toContain('Xã Ba Chẽ');
    expect(texts).not.toContain('Phường Hồng Gai');
    expect(String(done.getRow(1).getCell(1).value)).toContain('Đã báo cáo 1/2');
    expect(String(done.getRow(1).getCell(1).value)).toContain('hạn 10/01/2026');
    const info = wb.getWorksheet('Thông tin')!;
    const infoRows = Object.fromEntries(
      info.getSheetValues().flatMap((r) => (Array.isArray(r) ? [[r[1], r[2]]] : [])),
    );
    expect(infoRows).toMatchObject({
      'Báo cáo': 'Báo cáo sơ kết học kỳ I năm học 2025-2026',
      'Nơi nhận': 'Bộ Giáo dục và Đào tạo',
      'Hạn gửi': '30/01/2026',
      'Thời điểm lập (giờ Việt Nam)': '20/01/2026 10:00',
    });
  });

  describe('PDF: a Vietnamese administrative document (Decree 30/2020)', () => {
    const many: ProvinceReport = {
      ...report,
      rows: [
        report.rows[0],
        ...Array.from({ length: 120 }, (_, i) => ({
          ...report.rows[1],
          orgUnitId: `w${i}`,
          orgUnitName: `Phường số ${i + 1}`,
        })),
      ],
    };
    let pdf: Buffer;
    let text: string;
    beforeAll(async () => {
      pdf = await renderReportPdf(many);
      if (process.env.QN_SAVE_PDF) writeFileSync(process.env.QN_SAVE_PDF, pdf);
      text = poppler('pdftotext', pdf, '-layout');
    });

    it('is A4 portrait with its fonts embedded, several pages', () => {
      const info = poppler('pdfinfo', pdf);
      expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(4);
      const fonts = poppler('pdffonts', pdf);
      expect(fonts).toMatch(/Tinos-Bold/);
      for (const line of fonts.split('\n').slice(2).filter(Boolean))
        expect(line).toMatch(/ yes /); // embedded
    });

    it('has the heading, number and symbol, place and date, type and summary', () => {
      const first = text.split('\f')[0];
      for (const part of [
        'UBND TỈNH QUẢNG NINH',
        'SỞ GIÁO DỤC VÀ ĐÀO TẠO',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        '/BC-SGDĐT',
        'Quảng Ninh, ngày 17 tháng 01 năm 2026',
        'BÁO CÁO',
        'Sơ kết học kỳ I năm học 2025-2026',
        'Bộ Giáo dục và Đào tạo',
      ])
        expect(first).toContain(part);
    });

    it('repeats the table header on every page of the table and numbers pages from 2', () => {
      const pages = text.split('\f').filter((p) => p.trim());
      pages.slice(1).forEach((page, i) => {
        expect(page.split('\n').find((l) => l.trim())!.trim()).toBe(String(i + 2));
      });
      const withTable = pages.filter((p) => p.includes('Phường số'));
      expect(withTable.length).toBeGreaterThanOrEqual(3);
      for (const page of withTable) expect(page).toMatch(/TT\s+Chỉ tiêu \/ đơn vị/);
      expect(pages[0]).not.toMatch(/^\s*1\s*$/m);
    });

    it('ends with the recipients and the signature block, on the same page', () => {
      const last = text.split('\f').filter((p) => p.trim()).at(-1)!;
      expect(last).toContain('Nơi nhận:');
      expect(last).toContain('- Bộ Giáo dục và Đào tạo (để báo cáo);');
      expect(last).toContain('- Lưu: VT, KHTC.');
      expect(last).toContain('GIÁM ĐỐC');
    });

    it('prints nothing over anything else', () => {
      const html = poppler('pdftotext', pdf, '-bbox');
      const pages = html.split('<page').slice(1);
      for (const page of pages) {
        const boxes = [...page.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map(
          (m) => m.slice(1, 5).map(Number),
        );
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            const overlapX = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
            const overlapY = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
            // Glyph boxes of neighbouring lines touch; a real overprint overlaps both ways.
            if (overlapX > 1 && overlapY > 2) throw new Error(`overprint: ${a} and ${b}`);
          }
      }
    });
  });
});
