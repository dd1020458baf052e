import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import { HttpRecordsSectorDatabase } from './http-records-sector-database';
import { judgeTermResults, LocalRecordsSectorDatabase } from './local-records-sector-database';
import {
  SectorDatabaseUnavailable,
  type PrimaryTermResultRecord,
  type RecordsSectorDatabase,
  type SecondaryTermResultRecord,
  type TermResultBatch,
  type TermResultRecord,
} from './records-sector-database';

const SCHOOL = '7d1f3c2e-0000-4000-8000-000000000001';
const rec = (
  ref: string,
  over: Partial<SecondaryTermResultRecord> = {},
): SecondaryTermResultRecord => ({
  ref,
  classId: 'c-9a',
  grade: 9,
  subjects: [
    { code: 'TOAN', result: '7.8' },
    { code: 'GDTC', result: 'Đ' },
  ],
  conduct: 'good',
  ...over,
});
const allQualities = (level: string) =>
  Object.fromEntries(QUALITY_CODES.map((c) => [c, level])) as PrimaryTermResultRecord['qualities'];
const prim = (
  ref: string,
  over: Partial<PrimaryTermResultRecord> = {},
): PrimaryTermResultRecord => ({
  kind: 'primary',
  ref,
  classId: 'c-4a',
  grade: 4,
  subjects: [
    { code: 'TOAN', level: 'T', testScore: 9 },
    { code: 'DD', level: 'H' },
  ],
  qualities: allQualities('Đ'),
  ...over,
});
const batch = (batchId: string, records: TermResultRecord[]): TermResultBatch => ({
  batchId,
  schoolId: SCHOOL,
  schoolYear: '2025-2026',
  term: '2025-2026-HK1',
  records,
});

interface Harness {
  sector: RecordsSectorDatabase;
  goUnavailable(): void;
  close(): Promise<void>;
}

/** What every adapter of the port does with term results (the local folder, the HTTP API). */
function termResultsConformance(name: string, make: () => Promise<Harness>) {
  describe(`${name}: term results`, () => {
    let h: Harness;
    beforeEach(async () => (h = await make()));
    afterEach(() => h.close());

    it('answers one per record in order: accepted, invalid, duplicate', async () => {
      const answers = await h.sector.submitTermResults(
        batch('b-1', [rec('s1'), rec('s2', { conduct: 'x' as never }), rec('s1')]),
      );
      expect(answers).toEqual([
        { ref: 's1', status: 'accepted' },
        { ref: 's2', status: 'rejected', reason: 'invalid-record' },
        { ref: 's1', status: 'rejected', reason: 'duplicate-in-batch' },
      ]);
    });

    it('takes primary records (grades 1-5) beside secondary ones, as they are', async () => {
      const answers = await h.sector.submitTermResults(
        batch('b-5', [
          prim('p1'),
          rec('s1'),
          prim('p2', { subjects: [{ code: 'TOAN', level: 'T', testScore: 8.5 }] }),
        ]),
      );
      expect(answers).toEqual([
        { ref: 'p1', status: 'accepted' },
        { ref: 's1', status: 'accepted' },
        { ref: 'p2', status: 'rejected', reason: 'invalid-record' },
      ]);
    });

    it('answers the same batch sent again as the first time', async () => {
      const first = await h.sector.submitTermResults(batch('b-2', [rec('s1'), rec('s1')]));
      const again = await h.sector.submitTermResults(batch('b-2', [rec('s1'), rec('s1')]));
      expect(again).toEqual(first);
    });

    it('refuses a batch over maxBatch or without a batch id (RangeError)', async () => {
      const many = Array.from({ length: h.sector.maxBatch + 1 }, (_, i) => rec(`s${i}`));
      await expect(h.sector.submitTermResults(batch('b-3', many))).rejects.toThrow(RangeError);
      await expect(h.sector.submitTermResults(batch('../x', [rec('s1')]))).rejects.toThrow(
        RangeError,
      );
    });

    it('is SectorDatabaseUnavailable when it cannot be reached', async () => {
      h.goUnavailable();
      await expect(h.sector.submitTermResults(batch('b-4', [rec('s1')]))).rejects.toBeInstanceOf(
        SectorDatabaseUnavailable,
      );
    });
  });
}

termResultsConformance('LocalRecordsSectorDatabase', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'records-sector-'));
  return {
    sector: new LocalRecordsSectorDatabase(dir, () => new Date(), 5),
    goUnavailable: () => writeFileSync(join(dir, 'UNAVAILABLE'), ''),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

/** The sector database's API as the HTTP adapter expects it, judging with the same rules. */
async function stub(apiKey: string) {
  const answered = new Map<string, unknown>();
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (state.down || req.headers.authorization !== `Bearer ${apiKey}`) {
        res.writeHead(state.down ? 503 : 401).end();
        return;
      }
      if (req.method === 'POST' && req.url === '/api/results/v1/term-batches') {
        const b = JSON.parse(body) as TermResultBatch;
        const key = String(req.headers['idempotency-key']);
        if (!answered.has(key))
          answered.set(key, {
            results: judgeTermResults(b).map((a) =>
              a.status === 'accepted'
                ? { ref: a.ref, status: 'ACCEPTED' }
                : {
                    ref: a.ref,
                    status: 'REJECTED',
                    reason: a.reason.toUpperCase().replace(/-/g, '_'),
                  },
            ),
          });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answered.get(key)));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return { url, state, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

termResultsConformance('HttpRecordsSectorDatabase (against a local HTTP stub)', async () => {
  const s = await stub('k-1');
  return {
    sector: new HttpRecordsSectorDatabase({
      baseUrl: s.url,
      apiKey: 'k-1',
      timeoutMs: 2000,
      maxBatch: 5,
    }),
    goUnavailable: () => void (s.state.down = true),
    close: () => s.stop(),
  };
});

describe('the local sector database rules (judgeTermResults)', () => {
  const reasons = (records: TermResultRecord[], known?: (r: string) => boolean) =>
    judgeTermResults(batch('b', records), known).map((a) =>
      a.status === 'rejected' ? a.reason : a.status,
    );

  it('accepts scores with one decimal, Đ and CĐ, the four levels', () => {
    expect(
      reasons([
        rec('a', {
          subjects: [
            { code: 'NV', result: '10.0' },
            { code: 'GDTC', result: 'CĐ' },
          ],
        }),
        rec('b', { subjects: [{ code: 'TOAN', result: '0.0' }], learningLevel: 'fail' }),
      ]),
    ).toEqual(['accepted', 'accepted']);
  });

  it('rejects invalid values, then duplicates, then unknown learners', () => {
    expect(
      reasons(
        [
          rec('a', { subjects: [{ code: 'TOAN', result: '7.85' }] }),
          rec('b', { subjects: [{ code: 'TOAN', result: '11.0' }] }),
          rec('c', { subjects: [{ code: 'TOAN', result: '8' }] }),
          rec('d', { subjects: [] }),
          rec('e', { grade: 5 }),
          rec('f', { learningLevel: 'excellent' as never }),
          rec('g', {
            subjects: [
              { code: 'TOAN', result: '7.0' },
              { code: 'TOAN', result: '7.0' },
            ],
          }),
          rec('h'),
          rec('h'),
          rec('i'),
        ],
        (ref) => ref !== 'i',
      ),
    ).toEqual([
      'invalid-record',
      'invalid-record',
      'invalid-record',
      'invalid-record',
      'invalid-record',
      'invalid-record',
      'invalid-record',
      'accepted',
      'duplicate-in-batch',
      'unknown-learner',
    ]);
  });
});

describe('the local sector database rules for primary records (Circular 27)', () => {
  const reasons = (records: TermResultRecord[]) =>
    judgeTermResults(batch('b', records)).map((a) =>
      a.status === 'rejected' ? a.reason : a.status,
    );
  const partial = Object.fromEntries(
    QUALITY_CODES.slice(1).map((c) => [c, 'T']),
  ) as PrimaryTermResultRecord['qualities'];

  it('accepts grades 1-5, levels T/H/C, whole tests 1-10, every quality T/Đ/C', () => {
    expect(
      reasons([
        prim('a', { grade: 1, qualities: allQualities('T') }),
        prim('b', {
          grade: 5,
          subjects: [
            { code: 'TV', level: 'C', testScore: 1 },
            { code: 'TOAN', level: 'H', testScore: 10 },
            { code: 'DD', level: 'T' },
          ],
          qualities: allQualities('C'),
        }),
      ]),
    ).toEqual(['accepted', 'accepted']);
  });

  it('rejects a primary record out of its rules, and one of each kind in the other’s shape', () => {
    const records: unknown[] = [
      prim('a', { grade: 6 }),
      prim('b', { grade: 0 }),
      prim('c', { subjects: [{ code: 'TOAN', level: 'Đ' as never }] }),
      prim('d', { subjects: [{ code: 'TOAN', level: 'T', testScore: 0 }] }),
      prim('e', { subjects: [{ code: 'TOAN', level: 'T', testScore: 11 }] }),
      prim('f', { subjects: [{ code: 'TOAN', level: 'T', testScore: 7.5 }] }),
      prim('g', { subjects: [] }),
      prim('h', { qualities: partial }),
      prim('i', { qualities: { ...allQualities('T'), other: 'T' } }),
      prim('j', { qualities: { ...allQualities('T'), chamChi: 'H' as never } }),
      { ...prim('k'), conduct: 'good' },
      { ...rec('l'), grade: 4 },
      { ...prim('m'), kind: 'secondary' },
      { ...rec('n'), kind: 'primary', grade: 4 },
      prim('o', {
        subjects: [
          { code: 'TOAN', level: 'T' },
          { code: 'TOAN', level: 'H' },
        ],
      }),
    ];
    expect(reasons(records as TermResultRecord[])).toEqual(records.map(() => 'invalid-record'));
  });
});

describe('LocalRecordsSectorDatabase files', () => {
  it('keeps each batch atomically under term-results/, and a folder it cannot write is unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-sector-'));
    try {
      const db = new LocalRecordsSectorDatabase(dir);
      await db.submitTermResults(batch('b-9', [rec('s1')]));
      const kept = JSON.parse(readFileSync(join(dir, 'term-results', 'b-9.json'), 'utf8'));
      expect(kept).toMatchObject({ batch: { batchId: 'b-9' }, answers: [{ status: 'accepted' }] });
      writeFileSync(join(dir, 'term-results', 'known-learners.json'), JSON.stringify(['s1']));
      expect(await db.submitTermResults(batch('b-10', [rec('s1'), rec('s2')]))).toEqual([
        { ref: 's1', status: 'accepted' },
        { ref: 's2', status: 'rejected', reason: 'unknown-learner' },
      ]);
      if (process.getuid?.() !== 0) {
        chmodSync(join(dir, 'term-results'), 0o500);
        await expect(db.submitTermResults(batch('b-11', [rec('s1')]))).rejects.toBeInstanceOf(
          SectorDatabaseUnavailable,
        );
        chmodSync(join(dir, 'term-results'), 0o700);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
