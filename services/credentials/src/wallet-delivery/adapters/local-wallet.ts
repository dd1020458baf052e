import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Wallet, WalletAnswer, WalletDeliveryRequest } from '../wallet';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * CREDENTIALS_WALLET=local: the demo's and tests' wallet, a folder with one sub-folder per
 * holder and one file per credential (`<dir>/<holderRef>/<credentialId>.json`), written whole.
 */
export class LocalWallet implements Wallet {
  constructor(private readonly dir: string) {}

  async deliver(r: WalletDeliveryRequest): Promise<WalletAnswer> {
    if (!UUID.test(r.holderRef) || !UUID.test(r.credentialId))
      return { outcome: 'refused', code: 'bad-reference' };
    const folder = join(this.dir, r.holderRef);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = join(folder, `${r.credentialId}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(r.credential, null, 2), { mode: 0o600 });
    await rename(tmp, file);
    return { outcome: 'delivered' };
  }
}
