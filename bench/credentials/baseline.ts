/**
 * The raw cost the credentials bench divides by, measured in the same run, one thread (the
 * service is one Node process too):
 *  (a) Ed25519 with node:crypto alone: eddsa-rdfc-2022 signs 64 bytes (SHA-256 of the canonical
 *      proof options, then of the canonical document), so as many signatures of 64-byte messages
 *      as diplomas issued and as many verifications as diplomas verified;
 *  (b) RDF Dataset Canonicalization alone: `jsonld.canonize` (RDFC-1.0, safe mode, the service's
 *      bundled document loader) of the same unsigned documents and proof options the service
 *      signed (2 canonicalisations a diploma, for signing as for verifying);
 *  (c) the service's own signing and verifying functions in-process, nothing else: signCredential
 *      of the same unsigned documents (a fresh key of the same issuer) and verifyCredential of the
 *      issued diplomas with the issuer documents and status lists in memory (well-formed,
 *      signature, issuer, dates, status: the status lists' own signatures included).
 * (b) and (c) run over a sample of the issued diplomas (they cost milliseconds each); rates are
 * per diploma.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import jsonld from 'jsonld';
import { createDocumentLoader } from '../../services/credentials/src/shared/verifiable-credentials/bundled-contexts';
import type { UnsignedCredential } from '../../services/credentials/src/shared/verifiable-credentials/credential-types';
import { generateIssuerKey } from '../../services/credentials/src/shared/verifiable-credentials/issuer-keys';
import { signCredential } from '../../services/credentials/src/shared/verifiable-credentials/sign-credential';
import {
  verifyCredential,
  type TrustedIssuer,
} from '../../services/credentials/src/shared/verifiable-credentials/verify-credential';

export interface RawEd25519 {
  signatures: number;
  signSeconds: number;
  signaturesPerSecond: number;
  verifications: number;
  verifySeconds: number;
  verificationsPerSecond: number;
}

export interface RawSample {
  documents: number;
  seconds: number;
  perSecond: number;
}

export interface RawBaseline {
  ed25519: RawEd25519;
  /** Documents whose credential and proof options were both canonicalised; bytes of N-Quads. */
  canonicalise: RawSample & { canonicalBytes: number; proofCanonicalBytes: number };
  suiteSign: RawSample;
  suiteVerify: RawSample & { verified: number };
}

type Doc = Record<string, unknown>;

export function rawEd25519(signatures: number, verifications: number): RawEd25519 {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const inputs = Array.from({ length: 16 }, () => randomBytes(64));
  const sigs: Buffer[] = [];
  let t = performance.now();
  for (let i = 0; i < signatures; i++) {
    const s = sign(null, inputs[i % 16], privateKey);
    if (i < 16) sigs.push(s);
  }
  const signMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < verifications; i++)
    if (!verify(null, inputs[i % 16], publicKey, sigs[i % 16]))
      throw new Error('raw baseline: a signature did not verify');
  const verifyMs = performance.now() - t;
  return {
    signatures,
    signSeconds: signMs / 1000,
    signaturesPerSecond: signatures / (signMs / 1000),
    verifications,
    verifySeconds: verifyMs / 1000,
    verificationsPerSecond: verifications / (verifyMs / 1000),
  };
}

/** The unsigned credential and the proof options (the proof without its value) of a diploma. */
export function unsignedParts(signed: Doc): { document: Doc; proofConfig: Doc } {
  const { proof, ...document } = signed;
  const { proofValue: _value, ...options } = proof as Doc;
  // The proof options are canonicalised under the document's contexts (eddsa-rdfc-2022 §3.3.5).
  return { document, proofConfig: { '@context': document['@context'], ...options } };
}

const issuerOf = (d: Doc) => (d['issuer'] as Doc)['id'] as string;

const sample = (n: number, seconds: number): RawSample => ({
  documents: n,
  seconds,
  perSecond: n / seconds,
});

export async function rawBaseline(o: {
  issued: number;
  verified: number;
  /** Issued diplomas (as stored) to canonicalise, sign and verify again. */
  diplomas: Doc[];
  issuers: Map<string, TrustedIssuer>;
  statusLists: Map<string, object>;
}): Promise<RawBaseline> {
  const ed25519 = rawEd25519(o.issued, Math.max(1, o.verified));
  const documentLoader = createDocumentLoader();
  const canon = { algorithm: 'RDFC-1.0' as const, safe: true, base: null, documentLoader };
  const parts = o.diplomas.map(unsignedParts);

  // A fresh key per issuer IRI: a credential is signed by its own issuer's key.
  const keys = new Map<string, Awaited<ReturnType<typeof generateIssuerKey>>>();
  for (const iri of new Set(parts.map((p) => issuerOf(p.document))))
    keys.set(iri, await generateIssuerKey(iri));
  const signOne = (p: (typeof parts)[number]) =>
    signCredential(p.document as unknown as UnsignedCredential, keys.get(issuerOf(p.document))!, {
      created: new Date(String(p.proofConfig['created'])),
    });
  const now = new Date();
  const verifyOne = (d: Doc) =>
    verifyCredential(d, {
      now,
      trustedIssuer: async (vm) => o.issuers.get(vm.split('#')[0]),
      statusListCredential: async (url) => o.statusLists.get(url),
    });
  // Warm-up, untimed: the service has been running for minutes (JIT, jsonld's context cache).
  for (let i = 0; i < Math.min(20, Math.ceil(parts.length / 4)); i++) {
    await jsonld.canonize(parts[i].document, canon);
    await signOne(parts[i]);
    await verifyOne(o.diplomas[i]);
  }

  let bytes = 0;
  let proofBytes = 0;
  let t = performance.now();
  for (const p of parts) {
    bytes += (await jsonld.canonize(p.document, canon)).length;
    proofBytes += (await jsonld.canonize(p.proofConfig, canon)).length;
  }
  const canonicalise = {
    ...sample(parts.length, (performance.now() - t) / 1000),
    canonicalBytes: Math.round(bytes / parts.length),
    proofCanonicalBytes: Math.round(proofBytes / parts.length),
  };

  t = performance.now();
  for (const p of parts) await signOne(p);
  const suiteSign = sample(parts.length, (performance.now() - t) / 1000);

  let verified = 0;
  t = performance.now();
  for (const d of o.diplomas) if ((await verifyOne(d)).verified) verified++;
  const suiteVerify = { ...sample(o.diplomas.length, (performance.now() - t) / 1000), verified };
  return { ed25519, canonicalise, suiteSign, suiteVerify };
}
