import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { createDocumentLoader } from './bundled-contexts';
import type { SignedCredential, UnsignedCredential } from './credential-types';
import { generateIssuerKey, issuerControllerDocument, type IssuerKeyPair } from './issuer-keys';
import { signCredential } from './sign-credential';

const vectors = join(__dirname, 'test-vectors');
const read = (file: string): string => readFileSync(join(vectors, file), 'utf8');
const readJson = <T>(file: string): T => JSON.parse(read(file)) as T;

// Test-only: the W3C examples context the vectors use. Never in the production loader.
const EXAMPLES = new Map([
  [
    'https://www.w3.org/ns/credentials/examples/v2',
    { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } },
  ],
]);

const signed = readJson<SignedCredential>('signedDataInt.json');
const keyPair = readJson<{ publicKeyMultibase: string; privateKeyMultibase: string }>(
  'keyPair.json',
);
const issuerIri = 'https://vc.example/issuers/5678';
const vectorKey: IssuerKeyPair = {
  issuerIri,
  verificationMethodId: `${issuerIri}#${keyPair.publicKeyMultibase}`,
  publicKeyMultibase: keyPair.publicKeyMultibase,
  secretKeyMultibase: keyPair.privateKeyMultibase,
};
const controller = issuerControllerDocument(issuerIri, 'Example issuer', [vectorKey]);
const loader = createDocumentLoader({
  extraDocuments: EXAMPLES,
  resolveController: (iri) => (iri === issuerIri ? controller : undefined),
});

function unsignedVector(): UnsignedCredential {
  const copy: Partial<SignedCredential> = structuredClone(signed);
  delete copy.proof;
  return copy as UnsignedCredential;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('W3C vc-di-eddsa test vectors (eddsa-rdfc-2022)', () => {
  it('signing the unsigned vector with the vector key and date reproduces the published proof', async () => {
    const result = await signCredential(unsignedVector(), vectorKey, {
      created: new Date(signed.proof.created),
      documentLoader: loader,
    });
    expect(result.proof).toEqual(signed.proof);
    expect(result.proof.proofValue).toBe(read('sigBTC58DataInt.txt').trim());
  });

  it('verifies the published signed document', async () => {
    const outcome = await vc.verifyCredential({
      credential: signed,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: loader,
    });
    expect(outcome.verified).toBe(true);
  });

  it('rejects the published document with one changed claim', async () => {
    const tampered = structuredClone(signed);
    tampered.credentialSubject['alumniOf'] = 'The School of Counterfeits';
    const outcome = await vc.verifyCredential({
      credential: tampered,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: loader,
    });
    expect(outcome.verified).toBe(false);
  });

  it('canonicalises the proof configuration to the published RDFC-1.0 form and hash', async () => {
    const canon = await jsonld.canonize(readJson<object>('proofConfigDataInt.json'), {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      documentLoader: loader,
      safe: true,
    });
    expect(canon).toBe(read('proofCanonDataInt.txt'));
    expect(sha256(canon)).toBe(read('proofHashDataInt.txt').trim());
  });

  it('canonicalises the document to the published hash (second half of the combined hash)', async () => {
    const canon = await jsonld.canonize(unsignedVector(), {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      documentLoader: loader,
      safe: true,
    });
    const combined = read('combinedHashDataInt.txt').trim();
    expect(combined.slice(0, 64)).toBe(read('proofHashDataInt.txt').trim());
    expect(sha256(canon)).toBe(combined.slice(64));
  });

  it('the published hex signature is the proofValue (multibase base58btc)', () => {
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    let value = 0n;
    for (const char of signed.proof.proofValue.slice(1))
      value = value * 58n + BigInt(alphabet.indexOf(char));
    expect(value.toString(16).padStart(128, '0')).toBe(read('sigHexDataInt.txt').trim());
  });
});

describe('signCredential', () => {
  let key: IssuerKeyPair;
  beforeAll(async () => {
    key = await generateIssuerKey('https://credentials.quangninh.edu.vn/issuers/so-gddt');
  });

  const minimal = (issuer: string): UnsignedCredential => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer,
    validFrom: '2025-07-01T00:00:00Z',
    credentialSubject: { name: 'x' },
  });

  it('generates keys whose verification method id is the issuer IRI and the public key', () => {
    expect(key.verificationMethodId).toBe(`${key.issuerIri}#${key.publicKeyMultibase}`);
    expect(key.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(key.secretKeyMultibase).toMatch(/^z/);
    expect(JSON.parse(JSON.stringify(key))).toEqual(key);
  });

  it('signs with DataIntegrityProof eddsa-rdfc-2022 for assertionMethod, without changing its input', async () => {
    const unsigned = minimal(key.issuerIri);
    const before = structuredClone(unsigned);
    const created = new Date('2025-07-01T01:02:03Z');
    const result = await signCredential(unsigned, key, { created });
    expect(unsigned).toEqual(before);
    expect(result.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: key.verificationMethodId,
      created: '2025-07-01T01:02:03Z',
    });
    // Deterministic: Ed25519 signatures of the same bytes are identical.
    expect((await signCredential(unsigned, key, { created })).proof.proofValue).toBe(
      result.proof.proofValue,
    );
  });

  it("refuses to sign another issuer's credential, or one already signed", async () => {
    await expect(signCredential(minimal('https://elsewhere.example'), key)).rejects.toThrow(
      /issuer/,
    );
    const once = await signCredential(minimal(key.issuerIri), key);
    await expect(signCredential(once, key)).rejects.toThrow(/proof/);
  });

  it('refuses a credential with a context that is not bundled (offline)', async () => {
    const unsigned = {
      ...minimal(key.issuerIri),
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/ctx'],
    };
    await expect(signCredential(unsigned, key)).rejects.toThrow();
  });

  it('refuses a credential with a property no context defines (it would not be covered by the proof)', async () => {
    const unsigned = { ...minimal(key.issuerIri), nickname: 'x' };
    await expect(signCredential(unsigned, key)).rejects.toThrow();
  });

  it('signs a batch quickly with the cached signer', async () => {
    const started = Date.now();
    for (let i = 0; i < 20; i++) await signCredential(minimal(key.issuerIri), key);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
