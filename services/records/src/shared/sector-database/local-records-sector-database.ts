import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisteredSigner } from '../signing/domain/verify-record';
import type { RecordsSectorDatabase, SignerRegistration } from './records-sector-database';

interface StoredRegistration extends SignerRegistration {
  registeredAt: string;
}

/**
 * The sector database for the demo and tests: registrations in `signers.json` of a folder (the
 * same folder enrollment's local sector database uses, so a demo province has one). Writes are
 * serialised in the process and replace the file atomically (write, then rename). The parsed file
 * is kept, by school, while its modification time and size stay the same: a province's file holds
 * a registration per homeroom teacher (about 12 MB for 10,000 classes), too much to parse again
 * for every verification and every certificate issued; another writer's change is still seen.
 */
export class LocalRecordsSectorDatabase implements RecordsSectorDatabase {
  readonly provider = 'local';
  private queue: Promise<unknown> = Promise.resolve();
  private cache?: {
    mtimeMs: number;
    size: number;
    all: StoredRegistration[];
    bySchool: Map<string, RegisteredSigner[]>;
  };

  constructor(
    private readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

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
    const next = this.queue.then(async () => {
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
    this.queue = next.catch(() => undefined);
    return next;
  }

  async registeredSigners(schoolId: string): Promise<RegisteredSigner[]> {
    await this.queue;
    return ((await this.all()).bySchool.get(schoolId) ?? []).map((r) => ({ ...r }));
  }
}
