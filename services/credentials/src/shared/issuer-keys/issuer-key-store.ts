import { Unavailable } from '@qn/contracts';
import type { IssuerKeyPair } from '../verifiable-credentials/issuer-keys';

/**
 * Port: where an authority's signing key lives. A real deployment keeps the keys of the
 * department and of every commune in a key store the operator controls (an HSM or a signing
 * service behind this port); the local adapter keeps them in files.
 */
export interface IssuerKeyStore {
  /** The authority's signing key. Fails with 503 when the store has none and may not make one. */
  keyFor(authorityId: string, issuerIri: string): Promise<IssuerKeyPair>;
}

export const ISSUER_KEY_STORE = Symbol('ISSUER_KEY_STORE');

/** CREDENTIALS_SIGNER=none: nothing is signed (the default, so no deployment signs by accident). */
export class NoIssuerKeys implements IssuerKeyStore {
  keyFor(): Promise<IssuerKeyPair> {
    return Promise.reject(
      new Unavailable(
        'signing-not-configured',
        'Signing is not configured',
        'CREDENTIALS_SIGNER is none: this deployment issues no credentials',
      ),
    );
  }
}
