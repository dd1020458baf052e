import { createHash } from 'node:crypto';
// canonicalize 2.1.0 (by an RFC 8785 author): its later majors are ESM-only, which the
// workspace's Jest (CommonJS, ESM transformed for jose only) does not load.
import canonicalize from 'canonicalize';

/** A JSON value as it is signed: no undefined, no Date, no NaN/Infinity (JCS rejects them). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The RFC 8785 (JCS) form of a document: keys sorted by UTF-16 code units, ECMAScript number
 * form, no whitespace. Signatures are made over these bytes, so two services that serialise the
 * same record differently still agree on what was signed.
 */
export function canonicalJson(document: JsonValue): string {
  const text = canonicalize(document);
  if (text === undefined) throw new TypeError('the document has no JSON form');
  return text;
}

/** The canonical UTF-8 bytes: the JWS payload. */
export function canonicalBytes(document: JsonValue): Uint8Array {
  return new Uint8Array(Buffer.from(canonicalJson(document), 'utf8'));
}

/** SHA-256 of the canonical bytes, lower-case hex: a version's identity in the history chain and in the QR link. */
export function recordHash(document: JsonValue): string {
  return createHash('sha256').update(canonicalBytes(document)).digest('hex');
}
