import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QUALITY_CODES } from '../../gradebook/domain/primary-assessments';
import type { RegisteredSigner } from '../signing/domain/verify-record';
import {
  checkTermResultBatch,
  isPrimaryRecord,
  SectorDatabaseUnavailable,
  type RecordsSectorDatabase,
  type SignerRegistration,
  type TermResultAnswer,
  type TermResultBatch,
  type PrimaryTermResultRecord,
  type SecondaryTermResultRecord,
  type TermResultRecord,
  type TermResultRejection,
} from './records-sector-database';

const LEVELS = new Set(['good', 'fair', 'pass', 'fail']);
const RESULT = /^(?:10\.0|\d\.\d|Đ|CĐ)$/;
const SUBJECT_CODE = /^[A-Z0-9_]{1,20}$/;
const PRIMARY_SUBJECT_LEVELS = new Set(['T', 'H', 'C']);
const PRIMARY_QUALITY_LEVELS = new Set(['T', 'Đ', 'C']);

/** What every record needs: a ref, a class, subjects with distinct upper-case codes. */
function validHead(r: TermResultRecord): boolean {
  const codes = new Set(r.subjects?.map((s) => s?.code));
  return (
    typeof r.ref === 'string' &&
    r.ref.length > 0 &&
    r.ref.length <= 64 &&
    typeof r.classId === 'string' &&
    r.classId.length > 0 &&
    Number.isInteger(r.grade) &&
    Array.isArray(r.subjects) &&
    r.subjects.length > 0 &&
    codes.size === r.subjects.length &&
    r.subjects.every((s) => typeof s?.code === 'string' && SUBJECT_CODE.test(s.code))
  );
}

function validSecondary(r: SecondaryTermResultRecord): boolean {
  return (
    r.grade >= 6 &&
    r.grade <= 12 &&
    r.subjects.every((s) => typeof s.result === 'string' && RESULT.test(s.result)) &&
    LEVELS.has(r.conduct) &&
    (r.learningLevel === undefined || LEVELS.has(r.learningLevel))
  );
}

function validPrimary(r: PrimaryTermResultRecord): boolean {
  const q = r.qualities;
  return (
    r.grade >= 1 &&
    r.grade <= 5 &&
    r.subjects.every(
      (s) =>
        PRIMARY_SUBJECT_LEVELS.has(s.level) &&
        (s.testScore === undefined ||
          (Number.isInteger(s.testScore) && s.testScore >= 1 && s.testScore <= 10)),
    ) &&
    typeof q === 'object' &&
    q !== null &&
    !Array.isArray(q) &&
    Object.keys(q).length === QUALITY_CODES.length &&
    QUALITY_CODES.every((code) => PRIMARY_QUALITY_LEVELS.has(q[code]!)) &&
    !('conduct' in r) &&
    !('learningLevel' in r)
  );
}

function validRecord(r: TermResultRecord): boolean {
  if (typeof r !== 'object' || r === null || !validHead(r)) return false;
  if (r.kind === undefined) return validSecondary(r);
  return isPrimaryRecord(r) && validPrimary(r);
}

/**
 * The sector database's rules for term results, deterministic, as the local adapter applies
 * them (pure): one answer per record, in order.
 * - invalid-record: no ref or class, no subject, a subject twice, a code that is not upper-case
 *   letters and digits, a `kind` other than none or `primary`; for a secondary record (no `kind`):
 *   a grade outside 6-12, a result that is not "0.0".."10.0" with one decimal or Đ/CĐ, a conduct
 *   or learning level outside good/fair/pass/fail; for a primary one: a grade outside 1-5, a level
 *   outside T/H/C, a test mark that is not a whole 1-10, qualities that are not exactly the 15
 *   codes (`QUALITY_CODES`) each T/Đ/C, a conduct or learning level;
 * - duplicate-in-batch: the ref came earlier in the batch (in a valid record);
 * - unknown-learner: `isKnown` says the database holds no learner under the ref.
 */
export function judgeTermResults(
  batch: TermResultBatch,
  isKnown: (ref: string) => boolean = () => true,
): TermResultAnswer[] {
  const seen = new Set<string>();
  return batch.records.map((r): TermResultAnswer => {
    const reject = (reason: TermResultRejection) =>
      ({ ref: r.ref, status: 'rejected', reason }) as const;
    if (!validRecord(r)) return reject('invalid-record');
    if (seen.has(r.ref)) return reject('duplicate-in-batch');
    seen.add(r.ref);
    if (!isKnown(r.ref)) return reject('unknown-learner');
    return { ref: r.ref, status: 'accepted' };
  });
}

interface StoredRegistration extends SignerRegistration {
  registeredAt: string;
}

/**
 * The sector database for the demo and tests, a folder (the same folder enrollment's local
 * sector database uses, so a demo province has one):
 *
 * - `signers.json`: the signer registrations. The parsed file is kept, by school, while its
 *   modification time and size stay the same: a province's file holds a registration per
 *   homeroom teacher (about 12 MB for 10,000 classes), too much to parse again for every
 *   verification and every certificate issued; another writer's change is still seen;
 * - `term-results/<batchId>.json`: each term results batch received and its answers (a batch
 *   sent again is answered from here);
 * - `term-results/known-learners.json` (optional, a JSON array of refs): when present, a ref not
 *   in it is `unknown-learner`; a test or the demo writes it;
 * - `UNAVAILABLE`: while this file exists, `submitTermResults` throws `SectorDatabaseUnavailable`.
 *
 * Writes are serialised in the process and replace files atomically (write, then rename).
 */
export class LocalRecordsSectorDatabase implements RecordsSectorDatabase {
  readonly provider = 'local';
  /**
   * Each file's writes one at a time. Two queues: a verification reading the registrations must
   * not wait behind a term results batch being judged and written.
   */
  private signerWrites: Promise<unknown> = Promise.resolve();
  private batchWrites: Promise<unknown> = Promise.resolve();
  private cache?: {
    mtimeMs: number;
    size: number;
    all: StoredRegistration[];
    bySchool: Map<string, RegisteredSigner[]>;
  };

  constructor(
    private readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
    readonly maxBatch = 500,
  ) {}

  async submitTermResults(batch: TermResultBatch): Promise<TermResultAnswer[]> {
    checkTermResultBatch(batch, this.maxBatch);
    const next = this.batchWrites.then(() => this.judgeAndKeep(batch));
    this.batchWrites = next.catch(() => undefined);
    return next;
  }

  private async judgeAndKeep(batch: TermResultBatch): Promise<TermResultAnswer[]> {
    if (existsSync(join(this.dir, 'UNAVAILABLE')))
      throw new SectorDatabaseUnavailable('the local sector database is marked unavailable');
    const folder = join(this.dir, 'term-results');
    const stored = join(folder, `${batch.batchId}.json`);
    try {
      await mkdir(folder, { recursive: true });
      if (existsSync(stored))
        return (JSON.parse(await readFile(stored, 'utf8')) as { answers: TermResultAnswer[] })
          .answers;
      const knownFile = join(folder, 'known-learners.json');
      const known = existsSync(knownFile)
        ? new Set(JSON.parse(await readFile(knownFile, 'utf8')) as string[])
        : undefined;
      const answers = judgeTermResults(batch, known ? (ref) => known.has(ref) : undefined);
      const tmp = `${stored}.${process.pid}.tmp`;
      await writeFile(
        tmp,
        JSON.stringify({ batch, answers, receivedAt: this.clock().toISOString() }, null, 1),
      );
      await rename(tmp, stored);
      return answers;
    } catch (e) {
      // A folder it cannot write to is a sector database that cannot take the batch now.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC')
        throw new SectorDatabaseUnavailable(
          `the local sector database cannot be written (${code})`,
        );
      throw e;
    }
  }

  private get file(): string {
    return join(this.dir, 'signers.json');
  }

  private async all(): Promise<{
    all: StoredRegistration[];
    bySchool: Map<string, RegisteredSigner[]>;
  }> {
    let file: { mtimeMs: number; size: number };
    try {
      file = await stat(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { all: [], bySchool: new Map() };
      throw e;
    }
    const c = this.cache;
    if (c && c.mtimeMs === file.mtimeMs && c.size === file.size) return c;
    const all = JSON.parse(await readFile(this.file, 'utf8')) as StoredRegistration[];
    return this.keep(all, file);
  }

  private keep(all: StoredRegistration[], file: { mtimeMs: number; size: number }) {
    const bySchool = new Map<string, RegisteredSigner[]>();
    for (const r of all) {
      const list = bySchool.get(r.schoolId) ?? [];
      bySchool.set(r.schoolId, list);
      list.push({ role: r.role, schoolId: r.schoolId, certificateSha256: r.certificateSha256 });
    }
    this.cache = { mtimeMs: file.mtimeMs, size: file.size, all, bySchool };
    return this.cache;
  }

  registerSigner(r: SignerRegistration): Promise<void> {
    const next = this.signerWrites.then(async () => {
      const all = [...(await this.all()).all];
      const same = (x: SignerRegistration) =>
        x.certificateSha256 === r.certificateSha256 &&
        x.role === r.role &&
        x.schoolId === r.schoolId;
      if (all.some(same)) return;
      all.push({ ...r, registeredAt: this.clock().toISOString() });
      await mkdir(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(all, null, 1));
      await rename(tmp, this.file);
      this.keep(all, await stat(this.file));
    });
    this.signerWrites = next.catch(() => undefined);
    return next;
  }

  async registeredSigners(schoolId: string): Promise<RegisteredSigner[]> {
    await this.signerWrites;
    return ((await this.all()).bySchool.get(schoolId) ?? []).map((r) => ({ ...r }));
  }
}
