import {
  type Wallet,
  type WalletAnswer,
  type WalletDeliveryRequest,
  WalletUnavailable,
} from '../wallet';

/**
 * CREDENTIALS_WALLET=http: the wallet's delivery API (through the provincial data-sharing
 * platform). `POST <url>/credentials` with a bearer key and the body
 * `{ holderRef, credentialId, credential }` (JSON; `credential` is the signed W3C credential).
 * 200/201/202 → delivered; 409 → delivered (it has it already: a retry after a lost answer);
 * 404 → refused `no-wallet-account`; other 4xx → refused `wallet-refused-<status>`; 5xx, time-outs
 * and network errors → WalletUnavailable (tried again later).
 */
export class HttpWallet implements Wallet {
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly timeoutMs: number,
  ) {}

  async deliver(r: WalletDeliveryRequest): Promise<WalletAnswer> {
    let status: number;
    try {
      const res = await fetch(`${this.url.replace(/\/+$/, '')}/credentials`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': r.credentialId,
        },
        body: JSON.stringify(r),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (error) {
      throw new WalletUnavailable((error as Error).name === 'TimeoutError' ? 'timeout' : 'network');
    }
    if (status >= 200 && status < 300) return { outcome: 'delivered' };
    if (status === 409) return { outcome: 'delivered' };
    if (status === 404) return { outcome: 'refused', code: 'no-wallet-account' };
    if (status >= 400 && status < 500 && status !== 408 && status !== 429)
      return { outcome: 'refused', code: `wallet-refused-${status}` };
    throw new WalletUnavailable(`status-${status}`);
  }
}
