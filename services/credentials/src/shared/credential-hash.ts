import { createHash } from 'node:crypto';
// canonicalize 2.1.0 (by an RFC 8785 author): its later majors are ESM-only.
import canonicalize from 'canonicalize';

/**
 * SHA-256 (hex) of a signed credential's RFC 8785 (JCS) form: the credential's identity in the
 * register, the events and the QR link. Two serialisations of the same credential agree on it.
 */
export function credentialHash(credential: object): string {
  const text = canonicalize(credential);
  if (text === undefined) throw new TypeError('the credential has no JSON form');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
