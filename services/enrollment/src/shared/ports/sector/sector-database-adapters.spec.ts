import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  sectorDatabaseConformance,
  SectorFixture,
} from '../../../../test/ports/sector-database-conformance';
import { SectorDatabaseStub } from '../../../../test/ports/sector-database-stub';
import { SectorChangeBatch, SectorRecord } from '../sector-database';
import { HttpSectorDatabase } from './http-sector-database';
import { judgeSectorBatch, LocalSectorDatabase } from './local-sector-database';

function directoryWith(fixture: SectorFixture): string {
  const dir = mkdtempSync(join(tmpdir(), 'sector-'));
  for (const e of fixture.exports) {
    mkdirSync(join(dir, 'exports', e.schoolId), { recursive: true });
    writeFileSync(join(dir, 'exports', e.schoolId, `${e.schoolYear}.${e.ext}`), e.bytes);
  }
  return dir;
}

sectorDatabaseConformance('LocalSectorDatabase', async (fixture, log) => {
  const dir = directoryWith(fixture);
  return {
    sector: new LocalSectorDatabase(dir, 20, log),
    goUnavailable: () => writeFileSync(join(dir, 'UNAVAILABLE'), ''),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

sectorDatabaseConformance(
  'HttpSectorDatabase (against a local HTTP stub)',
  async (fixture, log) => {
    const dir = directoryWith(fixture);
    const stub = await new SectorDatabaseStub(dir, 'k-9', 20).start();
    return {
      sector: new HttpSectorDatabase({
        baseUrl: stub.url,
        apiKey: 'k-9',
        timeoutMs: 2000,
        maxBatch: 20,
        log,
      }),
      goUnavailable: () => void (stub.down = true),
      close: async () => {
        await stub.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
);

describe('the local sector database rules (judgeSectorBatch)', () => {
  const A = 'school-a';
  const rec = (pid: string, over: Partial<SectorRecord> = {}): SectorRecord => ({
    ref: `r-${pid}-${over.change ?? 'enrolled'}`,
    change: 'enrolled',
    personalId: pid,
    fullName: 'Học Sinh',
    dateOfBirth: '2015-01-01',
    gender: 'male',
    grade: 5,
    className: '5A',
    effectiveOn: '2026-09-05',
    ...over,
  });
  const batch = (schoolId: string, records: SectorRecord[]): SectorChangeBatch => ({
    batchId: 'b',
    schoolId,
    schoolYear: '2026-2027',
    term: '2026-2027-HK1',
    records,
  });

  it('accepts enrolment, then placement and departure at the same school', () => {
    const one = judgeSectorBatch({}, batch(A, [rec('022215000001')]));
    expect(one.answers).toEqual([{ ref: 'r-022215000001-enrolled', status: 'accepted' }]);
    const two = judgeSectorBatch(
      one.state,
      batch(A, [rec('022215000001', { change: 'placed', className: '5B' })]),
    );
    expect(two.answers[0]!.status).toBe('accepted');
    expect(two.state['022215000001']).toMatchObject({ className: '5B', active: true });
    const three = judgeSectorBatch(two.state, batch(A, [rec('022215000001', { change: 'left' })]));
    expect(three.state['022215000001']!.active).toBe(false);
  });

  it('rejects invalid records, duplicates, learners held elsewhere and unknown learners', () => {
    const state = {
      '022215000009': { schoolId: 'school-b', active: true, grade: 5, className: '5C' },
    };
    const { answers, state: next } = judgeSectorBatch(
      state,
      batch(A, [
        rec('0222'),
        rec('022215000001', { change: 'placed', className: null }),
        rec('022215000002'),
        { ...rec('022215000002'), ref: 'again' },
        rec('022215000009'),
        rec('022215000003', { change: 'left' }),
      ]),
    );
    expect(answers.map((a) => (a.status === 'rejected' ? a.reason : a.status))).toEqual([
      'invalid-record',
      'invalid-record',
      'accepted',
      'duplicate-in-batch',
      'enrolled-elsewhere',
      'unknown-learner',
    ]);
    expect(Object.keys(next).sort()).toEqual(['022215000002', '022215000009']);
  });
});
