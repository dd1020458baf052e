/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import { KpiWorld, newId, orgUnit, paymentReceived, roundClosed } from './world';

/**
 * The department's numbers: payments projected into the cashless shares, and the report files
 * carrying the query API's numbers. (The dashboard in a browser: apps/web/test.)
 */
describe('kpi-aggregator: projections and report files (real Kafka, PostgreSQL)', () => {
  const world = new KpiWorld();
  const province = newId();
  const ward = newId();
  const commune = newId();
  const urbanSchool = newId();
  const mountainSchool = newId();
  const INDICATOR = 'ENR-APPLICATIONS-ONLINE';
  const PERIOD = '2025-2026';

  beforeAll(async () => {
    await world.start();
    await world.publish([
      orgUnit(province, 'province', null, {
        versions: [
          { validFrom: '1963-10-30', validTo: null, parentId: null, name: 'Tỉnh Quảng Ninh' },
        ],
      }),
      orgUnit(ward, 'ward', province, {
        versions: [
          { validFrom: '2025-07-01', validTo: null, parentId: province, name: 'Phường Hồng Gai' },
        ],
      }),
      orgUnit(commune, 'commune', province, {
        versions: [
          { validFrom: '2025-07-01', validTo: null, parentId: province, name: 'Xã Ba Chẽ' },
        ],
      }),
      orgUnit(urbanSchool, 'school', ward, { segment: 'urban' }),
      orgUnit(mountainSchool, 'school', commune, { segment: 'ethnic-minority-mountain' }),
    ]);
    // A grade-1 round closed: the urban school 3 online + 1 paper, the mountain school 1 + 2.
    await world.publish([
      roundClosed(newId(), 1, [
        [urbanSchool, 3, 0, 1],
        [mountainSchool, 1, 0, 2],
      ]),
    ]);
    // Fees: the urban school all cashless; the mountain school 1.3 M of 2 M cashless (65%).
    await world.publish([
      paymentReceived(urbanSchool, 'urban', '1500000', true),
      paymentReceived(mountainSchool, 'ethnic-minority-mountain', '1300000', true),
      paymentReceived(mountainSchool, 'ethnic-minority-mountain', '700000', false),
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
    expect(v.orgUnit.bySegment.urban).toMatchObject({ value: 100, target: 100, status: 'met' });
    expect(v.orgUnit.bySegment['ethnic-minority-mountain']).toMatchObject({
      numerator: 1300000,
      denominator: 2000000,
      value: 65,
      target: 65,
      status: 'met',
    });
    const count = await api(
      `/indicators/PAY-CASHLESS-COUNT/values?orgUnitId=${province}&period=${PERIOD}`,
    );
    expect(count.orgUnit.total).toMatchObject({ numerator: 2, denominator: 3 });
    // Both schools have had a cashless payment (15/10/2025): both accept cashless from then on.
    const schools = await api(
      `/indicators/PAY-SCHOOLS-CASHLESS/values?orgUnitId=${province}&period=2025-12-31`,
    );
    expect(schools.orgUnit.total).toMatchObject({ numerator: 2, denominator: 2, value: 100 });
    const before = await api(
      `/indicators/PAY-SCHOOLS-CASHLESS/values?orgUnitId=${province}&period=2025-10-14`,
    );
    expect(before.orgUnit.total).toMatchObject({ numerator: 0, denominator: 2, value: 0 });
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
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0].split(',');
    const rows = lines
      .slice(1)
      .filter(Boolean)
      .map((l) => Object.fromEntries(l.split(',').map((c, i) => [header[i], c])));
    const provinceRow = rows.find(
      (r) => r.indicator_code === INDICATOR && r.org_unit_id === province && r.segment === 'all',
    )!;
    expect(provinceRow).toMatchObject({
      numerator: String(values.orgUnit.total.numerator),
      denominator: String(values.orgUnit.total.denominator),
      status: values.orgUnit.total.status,
    });
    expect(Number(provinceRow.value)).toBeCloseTo(values.orgUnit.total.value, 4);
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
