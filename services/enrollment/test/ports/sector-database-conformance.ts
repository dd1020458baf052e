import type { PortLog } from '../../src/shared/ports/port-log';
import {
  SECTOR_REJECTIONS,
  SectorChangeBatch,
  SectorDatabase,
  SectorDatabaseUnavailable,
  SectorRecord,
} from '../../src/shared/ports/sector-database';

/** An adapter set up by a suite's caller, with the roster exports it should serve. */
export interface SectorAdapterUnderTest {
  sector: SectorDatabase;
  goUnavailable(): void | Promise<void>;
  close?(): Promise<void>;
}

export interface SectorFixture {
  /** `exports[schoolId][schoolYear]`: a file the sector database holds. */
  exports: Array<{ schoolId: string; schoolYear: string; ext: 'csv' | 'xlsx'; bytes: Buffer }>;
}

export type MakeSectorAdapter = (
  fixture: SectorFixture,
  log: PortLog,
) => Promise<SectorAdapterUnderTest>;

const SCHOOL = '0190a6a8-0000-7000-8000-00000000a001';
const OTHER = '0190a6a8-0000-7000-8000-00000000a002';
let n = 0;
const record = (over: Partial<SectorRecord> = {}): SectorRecord => {
  n++;
  return {
    ref: `0190a6a8-0000-7000-8000-${String(n).padStart(12, '0')}`,
    change: 'enrolled',
    personalId: `0222150${String(n).padStart(5, '0')}`,
    fullName: `Học Sinh Số ${n}`,
    dateOfBirth: '2015-03-04',
    gender: 'female',
    grade: 5,
    className: '5A',
    effectiveOn: '2026-09-05',
    ...over,
  };
};
const batch = (records: SectorRecord[], schoolId = SCHOOL): SectorChangeBatch => ({
  batchId: `0190a6a8-0000-7000-9000-${String(++n).padStart(12, '0')}`,
  schoolId,
  schoolYear: '2026-2027',
  term: '2026-2027-HK1',
  records,
});

/**
 * The contract of `SectorDatabase` (src/shared/ports/sector-database.ts), for any adapter: one
 * answer per record with the same refs, a rejection with a known reason; a batch sent again is
 * answered the same; the batch limit; roster exports served as bytes, null when none;
 * unreachable is `SectorDatabaseUnavailable`; no personal id or name in what it logs.
 */
export function sectorDatabaseConformance(name: string, makeAdapter: MakeSectorAdapter): void {
  describe(`SectorDatabase conformance: ${name}`, () => {
    let adapter: SectorAdapterUnderTest;
    let logged: string[];
    const csv = Buffer.from('ma_dinh_danh,ho_ten\n022215000001,Nguyễn Văn A\n', 'utf8');
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

    beforeEach(async () => {
      logged = [];
      const log: PortLog = { warn: (m) => void logged.push(m), debug: (m) => void logged.push(m) };
      adapter = await makeAdapter(
        {
          exports: [
            { schoolId: SCHOOL, schoolYear: '2026-2027', ext: 'csv', bytes: csv },
            { schoolId: OTHER, schoolYear: '2026-2027', ext: 'xlsx', bytes: xlsx },
          ],
        },
        log,
      );
    });
    afterEach(() => adapter.close?.());

    it('answers each record once, with its ref; a rejection names a known reason', async () => {
      const good = record();
      const sent = [good, record({ change: 'left' }), record({ personalId: '12' })];
      const answers = await adapter.sector.submitChanges(batch(sent));
      expect(answers.map((a) => a.ref).sort()).toEqual(sent.map((r) => r.ref).sort());
      const byRef = new Map(answers.map((a) => [a.ref, a]));
      expect(byRef.get(good.ref)).toEqual({ ref: good.ref, status: 'accepted' });
      for (const a of answers)
        if (a.status === 'rejected') expect(SECTOR_REJECTIONS).toContain(a.reason);
      expect(answers.filter((a) => a.status === 'rejected')).toHaveLength(2);
    });

    it('answers a batch sent again as the first time', async () => {
      const b = batch([record(), record({ change: 'placed', className: null })]);
      const first = await adapter.sector.submitChanges(b);
      expect(await adapter.sector.submitChanges(b)).toEqual(first);
    });

    it('takes a full batch and refuses a larger one (RangeError)', async () => {
      const max = adapter.sector.maxBatch;
      expect(max).toBeGreaterThan(0);
      const full = Array.from({ length: max }, () => record());
      expect(await adapter.sector.submitChanges(batch(full))).toHaveLength(max);
      await expect(
        adapter.sector.submitChanges(
          batch([...full.map((r) => ({ ...r, ref: `${r.ref}x` })), record()]),
        ),
      ).rejects.toBeInstanceOf(RangeError);
    });

    it("serves a school's roster export as bytes, and null when there is none", async () => {
      const a = await adapter.sector.fetchRosterExport(SCHOOL, '2026-2027');
      expect(a?.contentType).toBe('text/csv');
      expect(a?.bytes.equals(csv)).toBe(true);
      const b = await adapter.sector.fetchRosterExport(OTHER, '2026-2027');
      expect(b?.contentType).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(b?.bytes.equals(xlsx)).toBe(true);
      expect(await adapter.sector.fetchRosterExport(SCHOOL, '2027-2028')).toBeNull();
    });

    it('throws SectorDatabaseUnavailable when it cannot be reached', async () => {
      await adapter.goUnavailable();
      await expect(adapter.sector.submitChanges(batch([record()]))).rejects.toBeInstanceOf(
        SectorDatabaseUnavailable,
      );
      await expect(adapter.sector.fetchRosterExport(SCHOOL, '2026-2027')).rejects.toBeInstanceOf(
        SectorDatabaseUnavailable,
      );
    });

    it('logs no personal id or name', async () => {
      const sent = [record(), record()];
      await adapter.sector.submitChanges(batch(sent));
      await adapter.goUnavailable();
      await adapter.sector.submitChanges(batch([record()])).catch(() => undefined);
      const text = logged.join('\n');
      for (const r of sent) {
        expect(text).not.toContain(r.personalId);
        expect(text).not.toContain(r.fullName);
      }
    });
  });
}
