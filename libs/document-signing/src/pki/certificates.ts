import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { x509 } from './x509';

export type Certificate = x509.X509Certificate;

const arrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** A certificate from PEM, base64 DER (an x5c entry) or DER bytes. */
export function parseCertificate(input: string | Uint8Array | Certificate): Certificate {
  if (input instanceof x509.X509Certificate) return input;
  if (typeof input === 'string') {
    const text = input.trim();
    return new x509.X509Certificate(
      text.startsWith('-----BEGIN') ? text : arrayBuffer(Buffer.from(text, 'base64')),
    );
  }
  return new x509.X509Certificate(arrayBuffer(input));
}

/** Every certificate in a PEM bundle, in file order (a chain file: leaf first). */
export function parsePemBundle(pem: string): Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  return (blocks ?? []).map((b) => parseCertificate(b));
}

export const derOf = (cert: Certificate): Buffer => Buffer.from(cert.rawData);

/** SHA-256 of the DER, lower-case hex: how a signer's certificate is registered (the x5t#S256 value, hex). */
export const certificateFingerprint = (cert: Certificate): string =>
  createHash('sha256').update(derOf(cert)).digest('hex');

/** The x5c form: base64 (not base64url) DER, RFC 7515 §4.1.6. */
export const toX5c = (chain: Certificate[]): string[] =>
  chain.map((c) => derOf(c).toString('base64'));

export const toPem = (cert: Certificate): string => cert.toString('pem') + '\n';

export const publicKeyOf = (cert: Certificate): KeyObject =>
  createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });

/** Key usage bits of a certificate; undefined when it has no keyUsage extension. */
export function keyUsageOf(cert: Certificate): number | undefined {
  return cert.getExtension(x509.KeyUsagesExtension)?.usages;
}

export function isCa(cert: Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** Subject common name, for reports (CN=...). */
export function commonName(cert: Certificate): string {
  const cn = cert.subjectName.getField('CN');
  return cn[0] ?? cert.subject;
}
