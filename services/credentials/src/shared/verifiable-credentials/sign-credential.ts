import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type DocumentLoader } from './bundled-contexts';
import type { SignedCredential, UnsignedCredential } from './credential-types';
import type { IssuerKeyPair } from './issuer-keys';

type Signer = ReturnType<Awaited<ReturnType<typeof Ed25519Multikey.from>>['signer']>;

// Importing a Multikey decodes and checks the key pair; a batch of 50,000 diplomas signs with the
// same key, so the signer is imported once per key. Keyed by the secret so that a key file
// replaced under the same verification method id is not served from a stale entry.
const signers = new Map<string, Promise<Signer>>();
const MAX_CACHED_SIGNERS = 64;

type KeyPair = Awaited<ReturnType<typeof Ed25519Multikey.from>>;

// The library does not check that the secret key belongs to the public key; a mismatched key
// file would sign credentials that never verify, so one probe signature is checked on import.
async function checkedSigner(pair: KeyPair): Promise<Signer> {
  const signer = pair.signer();
  const data = new TextEncoder().encode('issuer key probe');
  const signature = await signer.sign({ data });
  if (!(await pair.verifier().verify({ data, signature }))) {
    throw new Error('The issuer secret key does not match its public key');
  }
  return signer;
}

function signerFor(key: IssuerKeyPair): Promise<Signer> {
  const cacheKey = `${key.verificationMethodId}\n${key.secretKeyMultibase}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    if (signers.size >= MAX_CACHED_SIGNERS) signers.clear();
    signer = Ed25519Multikey.from({
      type: 'Multikey',
      id: key.verificationMethodId,
      controller: key.issuerIri,
      publicKeyMultibase: key.publicKeyMultibase,
      secretKeyMultibase: key.secretKeyMultibase,
    }).then(checkedSigner);
    // A key that fails to import is not cached: the error message names no key material.
    signer.catch(() => signers.delete(cacheKey));
    signers.set(cacheKey, signer);
  }
  return signer;
}

export interface SignOptions {
  /** The proof's `created`; defaults to now. */
  created?: Date;
  /** For tests (e.g. the W3C vectors' examples context); production uses the bundled loader. */
  documentLoader?: DocumentLoader;
}

/**
 * Adds a Data Integrity proof (eddsa-rdfc-2022, assertionMethod) made with the issuer's key.
 * The credential's issuer must be the key's issuer: a credential signed by someone else's key
 * would never verify. Throws on a credential that does not expand in JSON-LD safe mode.
 */
export async function signCredential(
  unsigned: UnsignedCredential,
  key: IssuerKeyPair,
  opts: SignOptions = {},
): Promise<SignedCredential> {
  const issuer = typeof unsigned.issuer === 'string' ? unsigned.issuer : unsigned.issuer['id'];
  if (issuer !== key.issuerIri) throw new Error('The credential issuer is not the key issuer');
  if ('proof' in unsigned) throw new Error('The credential already has a proof');
  const suite = new DataIntegrityProof({
    signer: await signerFor(key),
    cryptosuite,
    // Seconds precision, like the W3C examples; the library writes what it is given.
    date: opts.created ?? new Date(Math.floor(Date.now() / 1000) * 1000),
  });
  const signed = await vc.issue({
    credential: structuredClone(unsigned),
    suite,
    documentLoader: opts.documentLoader ?? createDocumentLoader(),
    now: opts.created,
  });
  return signed as SignedCredential;
}
