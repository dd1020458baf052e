import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type * as Pool from '../src/reports/export-report/render-pool';
import type * as Completeness from '../src/reports/domain/completeness';
import type * as Form from '../src/reports/domain/administrative-form';
import type { ProvinceReport } from '../src/reports/domain/report-model';

// The compiled modules (`npm test` builds first): the pool runs dist/reports/export-report/render-worker.js,
// which does not exist next to the TypeScript sources.
const dist = join(__dirname, '..', 'dist', 'reports');
const pool = require(join(dist, 'export-report', 'render-pool')) as typeof Pool;
const { completeness } = require(join(dist, 'domain', 'completeness')) as typeof Completeness;
const { administrativeForm } = require(join(dist, 'domain', 'administrative-form')) as typeof Form;

function report(rows: number): ProvinceReport {
  return {
    kind: 'semester-1',
    schoolYear: '2025-2026',
    periodCode: '2025-2026-HK1',
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
    segments: [],
    rows: Array.from({ length: rows }, (_, i) => ({
      indicatorCode: 'APPS_ONLINE',
      indicatorNameVi: 'Tỷ lệ hồ sơ tuyển sinh nộp trực tuyến',
      indicatorNameEn: 'Share of applications submitted online',
      unit: 'percent' as const,
      orgUnitId: `w${i}`,
      orgUnitCode: null,
      orgUnitName: `Phường số ${i}`,
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
      status: 'completed' as const,
    })),
    completeness: completeness([], [], { dueOn: '2026-01-25' }, '2026-01-17'),
  } as ProvinceReport;
}

/** The longest pause of the event loop while `work` runs. */
async function longestPause(
  work: () => Promise<unknown>,
): Promise<{ pause: number; took: number }> {
  let last = Date.now();
  let pause = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    pause = Math.max(pause, now - last);
    last = now;
  }, 5);
  const start = Date.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { pause: Math.max(pause, Date.now() - last), took: Date.now() - start };
}

describe('report rendering off the event loop (worker pool)', () => {
  afterEach(() => pool.closeRenderPool());

  it('renders XLSX and PDF in a worker thread', async () => {
    pool.configureRenderPool({ threads: 1, queue: 4 });
    const xlsx = await pool.renderOffLoop('xlsx', report(20));
    expect(pool.renderPoolThreads()).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ tiêu', 'Đầy đủ', 'Thông tin']);
    expect(wb.getWorksheet('Chỉ tiêu')!.getRow(21).getCell(6).value).toBe('Phường số 19');
    const pdf = await pool.renderOffLoop('pdf', report(20));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('keeps the event loop turning while a large report renders', async () => {
    pool.configureRenderPool({ threads: 1, queue: 4 });
    await pool.renderOffLoop('pdf', report(1)); // thread started and modules loaded
    const { pause, took } = await longestPause(() => pool.renderOffLoop('pdf', report(3000)));
    expect(took).toBeGreaterThan(200);
    expect(pause).toBeLessThan(took / 2);
  });

  it('refuses work beyond the queue with 503 and Retry-After', async () => {
    pool.configureRenderPool({ threads: 1, queue: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => pool.renderOffLoop('xlsx', report(200))),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const r of refused) {
      // A typed domain error (`Unavailable`): its status and the problem+json body it answers.
      const error = (r as PromiseRejectedResult).reason as {
        status: number;
        toProblem(): object;
      };
      expect(error.status).toBe(503);
      expect(error.toProblem()).toMatchObject({ retryAfterSeconds: 5 });
    }
  });
});
