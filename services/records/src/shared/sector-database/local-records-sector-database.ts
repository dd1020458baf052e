import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisteredSigner } from '../signing/domain/verify-record';
import type { RecordsSectorDatabase, SignerRegistration } from './records-sector-database';

interface StoredRegistration extends SignerRegistration {
  registeredAt: string;
}

/**
 * The sector database for the demo and tests: registrations in `signers.json` of a folder (the
 * same folder enrollment's local sector database uses, so a demo province has one). Writes are
 * serialised in the process and replace the file atomically (write, then rename).
 */
export class LocalRecordsSectorDatabase implements RecordsSectorDatabase {
  readonly provider = 'local';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get file(): string {
    return join(this.dir, 'signers.json');
  }

  private async all(): Promise<StoredRegistration[]> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as StoredRegistration[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  registerSigner(r: SignerRegistration): Promise<void> {
    const next = this.queue.then(async () => {
      const all = await this.all();
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
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async registeredSigners(schoolId: string): Promise<RegisteredSigner[]> {
    await this.queue;
    return (await this.all())
      .filter((r) => r.schoolId === schoolId)
      .map((r) => ({ role: r.role, schoolId: r.schoolId, certificateSha256: r.certificateSha256 }));
  }
}
