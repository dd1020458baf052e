import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Unavailable } from '@qn/contracts';
import { generateIssuerKey, type IssuerKeyPair } from '../verifiable-credentials/issuer-keys';
import type { IssuerKeyStore } from './issuer-key-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * CREDENTIALS_SIGNER=local-keys: one JSON file per authority (`<authority id>.json`, mode 0600)
 * holding its Ed25519 key pair as Multikey strings. With `generate` (demo, tests) a missing key
 * is made on first use; otherwise the operator provides each file. Keys are read once and kept.
 */
export class LocalIssuerKeys implements IssuerKeyStore {
  private readonly cache = new Map<string, Promise<IssuerKeyPair>>();

  constructor(
    private readonly dir: string,
    private readonly generate: boolean,
  ) {}

  keyFor(authorityId: string, issuerIri: string): Promise<IssuerKeyPair> {
    if (!UUID.test(authorityId))
      return Promise.reject(new RangeError('authority id is not a UUID'));
    let key = this.cache.get(authorityId);
    if (!key) {
      key = this.load(authorityId, issuerIri);
      this.cache.set(authorityId, key);
      key.catch(() => this.cache.delete(authorityId));
    }
    return key;
  }

  private async load(authorityId: string, issuerIri: string): Promise<IssuerKeyPair> {
    const file = join(this.dir, `${authorityId}.json`);
    try {
      const stored = JSON.parse(await readFile(file, 'utf8')) as IssuerKeyPair;
      if (stored.issuerIri !== issuerIri)
        throw new Unavailable(
          'issuer-key-mismatch',
          'The authority’s key belongs to another issuer id',
          `the key file of authority ${authorityId} names another issuer (CREDENTIALS_PUBLIC_URL changed?)`,
        );
      return stored;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!this.generate)
      throw new Unavailable(
        'issuer-key-missing',
        'The authority has no signing key',
        `no key file for authority ${authorityId} in CREDENTIALS_KEYS_DIR`,
      );
    const key = await generateIssuerKey(issuerIri);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Written whole then renamed: a crash never leaves half a key behind.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(key, null, 2), { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
    return key;
  }
}
