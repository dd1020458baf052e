/**
 * Issuing certificates with WebCrypto keys, shaped like Vietnamese CAs' (basic constraints, key
 * usage, key identifiers): for the demo PKI and the demo CA signer only. Real certificates come
 * from VGCA or a licensed public CA.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import type { Certificate } from './certificates';
import { x509 } from './x509';

type KeyPair = webcrypto.CryptoKeyPair;
export type DemoKeyKind = 'ES256' | 'EdDSA' | 'RS256';

const KEY_PARAMS: Record<
  DemoKeyKind,
  webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams | webcrypto.Algorithm
> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
  RS256: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
};

export async function generateKeys(kind: DemoKeyKind = 'ES256'): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_PARAMS[kind], true, [
    'sign',
    'verify',
  ])) as KeyPair;
}

export async function privateKeyPem(keys: KeyPair): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

/** The algorithm a CA key signs certificates with. */
function certSigningAlgorithm(
  key: webcrypto.CryptoKey,
): webcrypto.Algorithm | webcrypto.EcdsaParams {
  if (key.algorithm.name === 'ECDSA')
    return { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams;
  return { name: key.algorithm.name };
}

export interface Issuer {
  cert: Certificate;
  keys: KeyPair;
}

export interface IssueParams {
  subject: string;
  keys: KeyPair;
  /** Absent: self-signed (a root). */
  issuer?: Issuer;
  notBefore: Date;
  notAfter: Date;
  ca?: boolean;
  /** Default: keyCertSign|cRLSign for a CA, digitalSignature|nonRepudiation for a signer. */
  keyUsage?: number;
}

/** Issues one certificate with the extensions Vietnamese CAs put on theirs. */
export async function issueCertificate(p: IssueParams): Promise<Certificate> {
  const signer = p.issuer?.keys ?? p.keys;
  const usage =
    p.keyUsage ??
    (p.ca
      ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
  const serial = randomBytes(12);
  serial[0] &= 0x7f; // positive INTEGER
  return x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: p.subject,
    issuer: p.issuer?.cert.subject ?? p.subject,
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    // Node's and the DOM's CryptoKey declarations differ (not the objects): cast at the boundary.
    publicKey: p.keys.publicKey as never,
    signingKey: signer.privateKey as never,
    signingAlgorithm: certSigningAlgorithm(signer.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(p.ca === true, p.ca ? 1 : undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      await x509.SubjectKeyIdentifierExtension.create(p.keys.publicKey as never),
      await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey as never),
    ],
  });
}
