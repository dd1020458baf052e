export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The capacity a signature is given in: part of what it means, so part of the protected header.
 * Each kind of document names its own (a học bạ: homeroom-teacher, principal, school-seal; a
 * report: the head of the issuing body and its seal).
 */
export type SignerRole = string;

/** JWS JSON General Serialization (RFC 7515 §7.2.1): one payload, several signatures. */
export interface GeneralJws {
  payload: string;
  signatures: JwsSignatureEntry[];
}
export interface JwsSignatureEntry {
  protected: string;
  signature: string;
  header?: Record<string, JsonValue>;
}

/** ES256 and EdDSA for our own keys; RS256 because the CAs' tokens and remote signing services
 * in Việt Nam mostly hold RSA-2048 keys today. */
export const SIGNATURE_ALGORITHMS = ['ES256', 'EdDSA', 'RS256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

/**
 * The custom header parameters are critical (RFC 7515 §4.1.11): a verifier that does not know
 * `role` could take a teacher's signature for the principal's approval, and one that ignores
 * `sigT` could not judge the certificate at the time of signing. So a verifier that does not
 * understand them must reject the signature rather than accept it without its meaning.
 * `sigT` is the claimed signing time as JAdES (ETSI TS 119 182-1) names it.
 */
export const CRITICAL_HEADERS = ['role', 'sigT'] as const;

export interface RecordProtectedHeader {
  alg: SignatureAlgorithm;
  /** The signer's chain, leaf first, base64 DER (RFC 7515 §4.1.6). */
  x5c: string[];
  role: SignerRole;
  /** Signing time, ISO 8601 UTC to the second. */
  sigT: string;
  crit: string[];
}

/** One signer's JWS over the payload: the flattened form (RFC 7515 §7.2.2). */
export interface FlattenedJws extends JwsSignatureEntry {
  payload: string;
}

export const b64url = (bytes: Uint8Array | string): string =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64url');

export const fromB64url = (text: string): Buffer => Buffer.from(text, 'base64url');

/** What a JWS signature covers: ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)). */
export function signingInput(protectedB64: string, payloadB64: string): Buffer {
  return Buffer.from(`${protectedB64}.${payloadB64}`, 'ascii');
}

/** Signing time as the header carries it (whole seconds, so it canonicalises one way). */
export const formatSigningTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function encodeProtectedHeader(header: RecordProtectedHeader): string {
  return b64url(JSON.stringify(header));
}

export function decodeProtectedHeader(protectedB64: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(fromB64url(protectedB64).toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('the protected header is not a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * Signers sign one at a time (teacher, then principal, then the seal), each producing a
 * flattened JWS; the record keeps them together in the General JSON Serialization. All must be
 * over the same payload: a signature over another version cannot be added to this one.
 */
export function mergeSignatures(parts: FlattenedJws[], base?: GeneralJws): GeneralJws {
  const payload = base?.payload ?? parts[0]?.payload;
  if (payload === undefined) throw new Error('no signature to merge');
  const signatures = [...(base?.signatures ?? [])];
  for (const part of parts) {
    if (part.payload !== payload) throw new Error('a signature is over another payload');
    signatures.push({ protected: part.protected, signature: part.signature });
  }
  return { payload, signatures };
}
