import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRecordsSectorDatabase } from './local-records-sector-database';

const reg = (schoolId: string, n: number) => ({
  identityId: `staff-${n}`,
  role: 'homeroom-teacher' as const,
  schoolId,
  certificateSha256: String(n).padStart(64, '0'),
  certificatePem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n',
});

describe('LocalRecordsSectorDatabase', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sector-'))));
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each school its registrations; the same one twice is kept once', async () => {
    const db = new LocalRecordsSectorDatabase(dir);
    expect(await db.registeredSigners('s1')).toEqual([]);
    await db.registerSigner(reg('s1', 1));
    await db.registerSigner(reg('s2', 2));
    await db.registerSigner(reg('s1', 1));
    expect(await db.registeredSigners('s1')).toEqual([
      {
        role: 'homeroom-teacher',
        schoolId: 's1',
        certificateSha256: reg('s1', 1).certificateSha256,
      },
    ]);
    // Another instance (a restart) reads the file.
    expect(await new LocalRecordsSectorDatabase(dir).registeredSigners('s2')).toHaveLength(1);
  });

  it('parses the file once while it is unchanged (a province’s file is megabytes), and sees another writer’s change', async () => {
    const db = new LocalRecordsSectorDatabase(dir);
    await db.registerSigner(reg('s1', 1));
    const parse = jest.spyOn(JSON, 'parse');
    for (let i = 0; i < 50; i++) await db.registeredSigners('s1');
    expect(parse).not.toHaveBeenCalled();
    writeFileSync(
      join(dir, 'signers.json'),
      JSON.stringify([reg('s1', 1), reg('s1', 3)].map((r) => ({ ...r, registeredAt: 'x' }))),
    );
    expect(await db.registeredSigners('s1')).toHaveLength(2);
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
