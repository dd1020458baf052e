import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FlattenedSign } from 'jose';
import {
  b64url,
  CRITICAL_HEADERS,
  formatSigningTime,
  type FlattenedJws,
  type RecordProtectedHeader,
  type SignatureAlgorithm,
} from '../jws';
import type { SignerRole } from '../jws';
import { parsePemBundle, toX5c, type Certificate } from '../pki/certificates';
import type { DocumentSigner, SignerIdentity } from '../ports/document-signer';

/** A software key and its chain (leaf first), as PEM. */
export interface LocalSigningKey {
  identityId: string;
  privateKeyPem: string;
  chainPem: string;
}

function algorithmOf(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return 'ES256';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  throw new Error(`unsupported signing key (${key.asymmetricKeyType})`);
}

interface LoadedKey {
  key: KeyObject;
  alg: SignatureAlgorithm;
  chain: Certificate[];
}

/**
 * Signs with private keys held by the service (PKCS#8 PEM files). For the demo and tests only:
 * real personal keys stay with their owners, on a token or at the CA (remote signing).
 */
export class LocalKeySigner implements DocumentSigner {
  private readonly keys = new Map<string, LoadedKey>();

  constructor(
    keys: LocalSigningKey[],
    private readonly clock: () => Date = () => new Date(),
  ) {
    for (const k of keys) {
      const key = createPrivateKey(k.privateKeyPem);
      const chain = parsePemBundle(k.chainPem);
      if (chain.length === 0) throw new Error(`${k.identityId}: no certificate in the chain`);
      // A key that is not the certificate's would sign JWSs that never verify: refuse at start.
      const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
      if (!spki.equals(Buffer.from(chain[0].publicKey.rawData)))
        throw new Error(`${k.identityId}: the private key does not match the certificate`);
      this.keys.set(k.identityId, { key, alg: algorithmOf(key), chain });
    }
  }

  async certificateChain(signer: SignerIdentity): Promise<string[]> {
    return toX5c(this.loaded(signer).chain);
  }

  /** The key itself, for signing the PDF rendition (a detached CMS) with the same identity. */
  async localKeyOf(
    signer: SignerIdentity,
  ): Promise<{ privateKey: KeyObject; chain: Certificate[] }> {
    const { key, chain } = this.loaded(signer);
    return { privateKey: key, chain };
  }

  private loaded(signer: SignerIdentity): LoadedKey {
    const loaded = this.keys.get(signer.id);
    if (!loaded) throw new Error(`no local key for signer ${signer.id}`);
    return loaded;
  }

  async sign(payload: Uint8Array, signer: SignerIdentity): Promise<FlattenedJws> {
    const loaded = this.loaded(signer);
    const header: RecordProtectedHeader = {
      alg: loaded.alg,
      x5c: toX5c(loaded.chain),
      role: signer.role,
      sigT: formatSigningTime(this.clock()),
      crit: [...CRITICAL_HEADERS],
    };
    const jws = await new FlattenedSign(payload)
      .setProtectedHeader({ ...header })
      .sign(loaded.key, { crit: { role: true, sigT: true } });
    return { payload: b64url(payload), protected: jws.protected!, signature: jws.signature };
  }
}

/** One signer in a key manifest (the demo PKI writes one: pki.json). */
export interface KeyManifestEntry {
  identityId: string;
  role: SignerRole;
  schoolId: string;
  /** Paths relative to the manifest. */
  keyFile: string;
  chainFile: string;
}

/** Reads the signers of a key manifest: `{ "signers": KeyManifestEntry[] }`. */
export function readKeyManifest(manifestPath: string): LocalSigningKey[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    signers: KeyManifestEntry[];
  };
  const dir = dirname(manifestPath);
  return manifest.signers.map((s) => ({
    identityId: s.identityId,
    privateKeyPem: readFileSync(resolve(dir, s.keyFile), 'utf8'),
    chainPem: readFileSync(resolve(dir, s.chainFile), 'utf8'),
  }));
}
