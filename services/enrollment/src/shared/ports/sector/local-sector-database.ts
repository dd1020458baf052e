import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PortLog, SILENT_LOG } from '../port-log';
import {
  checkSectorBatch,
  RosterExportFile,
  SectorChangeBatch,
  SectorDatabase,
  SectorDatabaseUnavailable,
  SectorRecordAnswer,
  XLSX_CONTENT_TYPE,
} from '../sector-database';

/** What the local sector database holds of a learner (by personal id). */
export interface SectorLearner {
  schoolId: string;
  active: boolean;
  grade: number;
  className: string | null;
}
export type SectorState = Record<string, SectorLearner>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The sector database's rules, deterministic, as the local adapter applies them (pure): records
 * in order; a record the database refuses changes nothing.
 * - invalid-record: a personal id that is not 12 digits, an empty or over-long name, a date
 *   that is not YYYY-MM-DD, a grade outside 1-12, a placement without a class;
 * - duplicate-in-batch: the personal id already came earlier in the batch;
 * - enrolled-elsewhere: `enrolled` for a learner held active at another school;
 * - unknown-learner: `placed` or `left` for a learner not held active at this school.
 */
export function judgeSectorBatch(
  state: SectorState,
  batch: SectorChangeBatch,
): { answers: SectorRecordAnswer[]; state: SectorState } {
  const next: SectorState = { ...state };
  const seen = new Set<string>();
  const answers = batch.records.map((r): SectorRecordAnswer => {
    const reject = (reason: Extract<SectorRecordAnswer, { status: 'rejected' }>['reason']) =>
      ({ ref: r.ref, status: 'rejected', reason }) as const;
    const valid =
      /^\d{12}$/.test(r.personalId) &&
      r.fullName.trim().length > 0 &&
      r.fullName.length <= 100 &&
      DATE.test(r.dateOfBirth) &&
      DATE.test(r.effectiveOn) &&
      Number.isInteger(r.grade) &&
      r.grade >= 1 &&
      r.grade <= 12 &&
      (r.change !== 'placed' || !!r.className);
    if (!valid) return reject('invalid-record');
    if (seen.has(r.personalId)) return reject('duplicate-in-batch');
    seen.add(r.personalId);
    const held = next[r.personalId];
    const here = held?.active === true && held.schoolId === batch.schoolId;
    if (r.change === 'enrolled') {
      if (held?.active && held.schoolId !== batch.schoolId) return reject('enrolled-elsewhere');
      next[r.personalId] = {
        schoolId: batch.schoolId,
        active: true,
        grade: r.grade,
        className: r.className,
      };
    } else if (!here) return reject('unknown-learner');
    else
      next[r.personalId] = {
        ...held,
        active: r.change !== 'left',
        grade: r.grade,
        className: r.className ?? held.className,
      };
    return { ref: r.ref, status: 'accepted' };
  });
  return { answers, state: next };
}

/**
 * A directory that plays the sector database for the demo and tests (`SECTOR_DATABASE_DIR`):
 *
 * - `exports/<schoolId>/<schoolYear>.xlsx` or `.csv`: roster export files placed there (by the
 *   demo, a test, or a person), served by `fetchRosterExport` (the .xlsx when both exist);
 * - `learners.json`: what it holds of each learner (by personal id: school, active, grade,
 *   class), changed by accepted records; a test may write it first (a learner held elsewhere);
 * - `batches/<batchId>.json`: each batch received and its answers (a batch sent again is
 *   answered from here);
 * - `UNAVAILABLE`: while this file exists, every call throws `SectorDatabaseUnavailable`.
 *
 * A missing directory is created on first use. One process at a time uses a directory.
 */
export class LocalSectorDatabase implements SectorDatabase {
  readonly provider = 'local-sector-database';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    readonly maxBatch = 500,
    private readonly log: PortLog = SILENT_LOG,
  ) {}

  async submitChanges(batch: SectorChangeBatch): Promise<SectorRecordAnswer[]> {
    checkSectorBatch(batch, this.maxBatch);
    // One batch at a time: the learners file is read, judged and written as one step.
    const run = this.queue.then(() => this.submitNow(batch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async fetchRosterExport(schoolId: string, schoolYear: string): Promise<RosterExportFile | null> {
    this.checkAvailable();
    if (!/^[0-9a-f-]{36}$/i.test(schoolId) || !/^\d{4}-\d{4}$/.test(schoolYear))
      throw new RangeError('a school id (uuid) and a school year (YYYY-YYYY) are expected');
    const folder = join(this.dir, 'exports', schoolId);
    for (const [ext, contentType] of [
      ['xlsx', XLSX_CONTENT_TYPE],
      ['csv', 'text/csv'],
    ] as const) {
      const path = join(folder, `${schoolYear}.${ext}`);
      if (existsSync(path)) {
        const bytes = await readFile(path);
        this.log.debug(`served a roster export (${ext}, ${bytes.length} bytes)`);
        return { fileName: `${schoolYear}.${ext}`, contentType, bytes };
      }
    }
    return null;
  }

  private async submitNow(batch: SectorChangeBatch): Promise<SectorRecordAnswer[]> {
    this.checkAvailable();
    if (!/^[0-9a-zA-Z-]{1,64}$/.test(batch.batchId)) throw new RangeError('a batch id is expected');
    const batches = join(this.dir, 'batches');
    await mkdir(batches, { recursive: true });
    const stored = join(batches, `${batch.batchId}.json`);
    if (existsSync(stored))
      return (JSON.parse(await readFile(stored, 'utf8')) as { answers: SectorRecordAnswer[] })
        .answers;
    const learnersFile = join(this.dir, 'learners.json');
    const state = existsSync(learnersFile)
      ? (JSON.parse(await readFile(learnersFile, 'utf8')) as SectorState)
      : {};
    const judged = judgeSectorBatch(state, batch);
    await writeAtomically(learnersFile, JSON.stringify(judged.state, null, 1));
    await writeAtomically(
      stored,
      JSON.stringify({ batch, answers: judged.answers, receivedAt: new Date() }, null, 1),
    );
    this.log.debug(
      `judged a batch of ${batch.records.length}: ${judged.answers.filter((a) => a.status === 'accepted').length} accepted`,
    );
    return judged.answers;
  }

  private checkAvailable(): void {
    if (existsSync(join(this.dir, 'UNAVAILABLE')))
      throw new SectorDatabaseUnavailable('the local sector database is marked unavailable');
  }

  /** Batches received so far (for tests and the demo). */
  async batchIds(): Promise<string[]> {
    const dir = join(this.dir, 'batches');
    return existsSync(dir)
      ? (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5))
      : [];
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
