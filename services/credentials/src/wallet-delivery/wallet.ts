/**
 * Port: the holder's wallet — the citizens' national identity app (VNeID) where a diploma is
 * kept and shown. What is sent (the documented shape an adapter gets):
 *
 * - `holderRef`: the learner's id in the province's education database (mã định danh học sinh
 *   as the platform knows it). The personal identification number never enters this service:
 *   the integration on the wallet's side (through the provincial data-sharing platform, LGSP)
 *   links the learner to the citizen's account.
 * - `credentialId`, `credential`: the signed W3C credential as issued (application/vc+ld+json).
 *
 * Answers: `delivered`; `refused` with a code when it never will be (no wallet account for the
 * holder, the wallet does not take this kind): not tried again; or throws `WalletUnavailable`
 * (down, timed out, 5xx): tried again later.
 */
export interface WalletDeliveryRequest {
  holderRef: string;
  credentialId: string;
  credential: object;
}

export type WalletAnswer = { outcome: 'delivered' } | { outcome: 'refused'; code: string };

export interface Wallet {
  deliver(request: WalletDeliveryRequest): Promise<WalletAnswer>;
}

export const WALLET = Symbol('WALLET');

/** The wallet cannot be reached now: the delivery is tried again later. */
export class WalletUnavailable extends Error {
  constructor(readonly code: string) {
    super(`wallet unavailable: ${code}`);
    this.name = 'WalletUnavailable';
  }
}
