/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import {
  collectionAccountSet,
  KpiWorld,
  newId,
  paymentReceived,
  roundClosed,
  smallProvince,
} from './world';

/**
 * The department's numbers: payments projected into the cashless shares, and the report files
 * carrying the query API's numbers. (The dashboard in a browser: apps/web/test.)
 */
describe('kpi-aggregator: projections and report files (real Kafka, PostgreSQL)', () => {
  const world = new KpiWorld();
  const tree = smallProvince();
  const { province, ward, urbanSchool, mountainSchool } = tree;
  const INDICATOR = 'ENR-APPLICATIONS-ONLINE';
  const PERIOD = '2025-2026';

  beforeAll(async () => {
    await world.start();
    await world.publish(tree.events);
    // A grade-1 round closed: the urban school 3 online + 1 paper, the mountain school 1 + 2.
    await world.publish([
      roundClosed(newId(), 1, [
        [urbanSchool, 3, 0, 1],
        [mountainSchool, 1, 0, 2],
      ]),
    ]);
    // Fees: the urban school all cashless; the mountain school 1.3 M of 2 M cashless (65%). The
    // urban school's families also paid health insurance by transfer: a receipt, but not part of
    // the amount of tuition and service fees the target is about.
    await world.publish([
      paymentReceived(urbanSchool, 'urban', '1500000', true),
      paymentReceived(urbanSchool, 'urban', '884520', true, {
        lines: [{ kind: 'healthInsurance', amount: '884520' }],
      }),
      paymentReceived(mountainSchool, 'ethnic-minority-mountain', '1300000', true),
      paymentReceived(mountainSchool, 'ethnic-minority-mountain', '700000', false),
      // Collection accounts: the urban school from 1 September, the mountain one from 15 October.
      collectionAccountSet(urbanSchool, '2025-09-01T03:00:00.000Z'),
      collectionAccountSet(mountainSchool, '2025-10-15T03:00:00.000Z'),
    ]);
    await world.until(
      `/indicators/${INDICATOR}/values?orgUnitId=${province}&period=${PERIOD}`,
      (b) => b.orgUnit.total.denominator === 7,
    );
  }, 120000);

  afterAll(async () => {
    await world.stop();
  });

  const api = async (path: string) => (await world.call(path)).body;

  it('projects payments into the cashless shares by amount, by segment, against the targets of 003', async () => {
    const v = await world.until(
      `/indicators/PAY-CASHLESS-AMOUNT/values?orgUnitId=${province}&period=2025`,
      (b) => b.orgUnit.total.denominator === 3500000,
    );
    expect(v.orgUnit.total).toMatchObject({ numerator: 2800000, denominator: 3500000, value: 80 });
    expect(v.orgUnit.bySegment.urban).toMatchObject({
      value: 100,
      target: 100,
      status: 'completed',
    });
    expect(v.orgUnit.bySegment['ethnic-minority-mountain']).toMatchObject({
      numerator: 1300000,
      denominator: 2000000,
      value: 65,
      target: 65,
      status: 'completed',
    });
    // No target for the province as a whole: it is held to what its areas owe, weighted by
    // their amounts ((100 × 1.5 M + 65 × 2 M) / 3.5 M = 80 %), and 2025 is over: judged.
    expect(v.orgUnit.total).toMatchObject({
      target: 80,
      expected: 80,
      status: 'completed',
      final: true,
      judged: { value: 80, segments: ['ethnic-minority-mountain', 'urban'] },
    });
    const count = await api(
      `/indicators/PAY-CASHLESS-COUNT/values?orgUnitId=${province}&period=${PERIOD}`,
    );
    expect(count.orgUnit.total).toMatchObject({ numerator: 3, denominator: 4 });
    // A school accepts cashless from the day its collection account was set, whether or not a
    // family has paid that way yet.
    const schools = await api(
      `/indicators/PAY-SCHOOLS-CASHLESS/values?orgUnitId=${province}&period=2025-12-31`,
    );
    expect(schools.orgUnit.total).toMatchObject({ numerator: 2, denominator: 2, value: 100 });
    const before = await api(
      `/indicators/PAY-SCHOOLS-CASHLESS/values?orgUnitId=${province}&period=2025-10-14`,
    );
    expect(before.orgUnit.total).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    // Before its deadline (31/12/2025) and on the line from the 2024 baseline (100 %): behind.
    expect(before.orgUnit.total).toMatchObject({ status: 'behind', expected: 100, final: false });
  });

  it('exports the year-end report as CSV, XLSX and PDF with the API’s numbers', async () => {
    const values = await api(
      `/indicators/${INDICATOR}/values?orgUnitId=${province}&period=${PERIOD}`,
    );
    const get = (format: string) =>
      fetch(
        `${world.url}/reports/${PERIOD}/year-end/export?format=${format}&orgUnitId=${province}`,
        {
          headers: { authorization: `Bearer ${world.province}` },
        },
      );
    const csv = await get('csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="bao-cao-tong-ket-nam-hoc-2025-2026.csv"',
    );
    const rows: Array<Record<string, string>> = parse(await csv.text(), {
      columns: true,
      bom: true,
    });
    const provinceRow = rows.find(
      (r) => r.indicator_code === INDICATOR && r.org_unit_id === province && r.segment === 'all',
    )!;
    expect(provinceRow).toMatchObject({
      numerator: String(values.orgUnit.total.numerator),
      denominator: String(values.orgUnit.total.denominator),
      status: values.orgUnit.total.status,
    });
    // A decimal comma: what a Vietnamese-locale spreadsheet reads as a number.
    expect(Number(provinceRow.value.replace(',', '.'))).toBeCloseTo(values.orgUnit.total.value, 4);
    const wardRow = rows.find((r) => r.indicator_code === INDICATOR && r.org_unit_id === ward)!;
    const wardChild = values.children.find((c: { orgUnitId: string }) => c.orgUnitId === ward);
    expect(wardRow.numerator).toBe(String(wardChild.total.numerator));
    // every catalogue indicator is in the report
    const codes = new Set(rows.map((r) => r.indicator_code));
    for (const i of await api('/indicators')) expect(codes).toContain(i.code);

    const xlsx = await get('xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Đầy đủ', 'Thông tin']);

    const pdf = await get('pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const bad = await get('docx');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown }).errors).toEqual([
      { field: 'format', message: 'must be one of csv, xlsx, pdf' },
    ]);
  });
});
