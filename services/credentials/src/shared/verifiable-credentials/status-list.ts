import { BitstringStatusList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { CREDENTIALS_V2_CONTEXT_URL } from './bundled-contexts';
import { isJsonObject, type UnsignedCredential } from './credential-types';

// Bitstring Status List v1.0: one bit per credential, index 0 the left-most bit of the first byte.

/** The minimum list length the specification allows (16 KiB), so a list does not reveal how few it holds. */
export const STATUS_LIST_LENGTH = 131072;

export type StatusPurpose = 'revocation' | 'suspension';

export function newStatusListBits(): Uint8Array {
  return new Uint8Array(STATUS_LIST_LENGTH / 8);
}

function position(bits: Uint8Array, index: number): { byte: number; mask: number } {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError('Status list index out of range');
  }
  return { byte: index >> 3, mask: 0x80 >> (index & 7) };
}

export function setStatusBit(bits: Uint8Array, index: number, value: boolean): void {
  const { byte, mask } = position(bits, index);
  bits[byte] = value ? bits[byte] | mask : bits[byte] & ~mask;
}

export function getStatusBit(bits: Uint8Array, index: number): boolean {
  const { byte, mask } = position(bits, index);
  return (bits[byte] & mask) !== 0;
}

/** GZIP, then multibase base64url without padding (`u` prefix), as the specification says. */
export async function encodeStatusList(bits: Uint8Array): Promise<string> {
  if (bits.length * 8 < STATUS_LIST_LENGTH)
    throw new RangeError('Status list shorter than the minimum');
  // A copy: the library wraps the underlying ArrayBuffer, which may be larger than the view.
  return new BitstringStatusList({ buffer: Uint8Array.from(bits) }).encode();
}

/** The bits of an encodedList. Throws on anything that is not GZIP in multibase base64url. */
export async function decodeStatusList(encodedList: string): Promise<Uint8Array> {
  if (typeof encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new Error('encodedList is not multibase base64url');
  }
  const list = await decodeList({ encodedList });
  return Uint8Array.from(list.bitstring.bits);
}

export interface StatusListCredentialInput {
  /** The URL the list is served at: the credential id, and `statusListCredential` of the entries. */
  url: string;
  purpose: StatusPurpose;
  issuerIri: string;
  /** ISO date-time (UTC) of this publication of the list. */
  validFrom: string;
  bits: Uint8Array;
}

/** The unsigned BitstringStatusListCredential; sign it with signCredential. */
export async function buildStatusListCredential(
  input: StatusListCredentialInput,
): Promise<UnsignedCredential> {
  return {
    '@context': [CREDENTIALS_V2_CONTEXT_URL],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuerIri,
    validFrom: input.validFrom,
    credentialSubject: {
      id: `${input.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: await encodeStatusList(input.bits),
    },
  };
}

export type ReadStatusResult =
  | { ok: true; purpose: string; set: boolean }
  | { ok: false; code: 'malformed-status-list' | 'index-out-of-range' };

/**
 * The bit at `index` of a status list credential (whose proof the caller has verified).
 * Never throws: a malformed list is a result.
 */
export async function readStatus(
  statusListCredential: unknown,
  index: number,
): Promise<ReadStatusResult> {
  if (!isJsonObject(statusListCredential)) return { ok: false, code: 'malformed-status-list' };
  const subject = statusListCredential['credentialSubject'];
  if (!isJsonObject(subject) || subject['type'] !== 'BitstringStatusList') {
    return { ok: false, code: 'malformed-status-list' };
  }
  const purpose = subject['statusPurpose'];
  const encodedList = subject['encodedList'];
  if (typeof purpose !== 'string' || typeof encodedList !== 'string') {
    return { ok: false, code: 'malformed-status-list' };
  }
  let bits: Uint8Array;
  try {
    bits = await decodeStatusList(encodedList);
  } catch {
    return { ok: false, code: 'malformed-status-list' };
  }
  if (bits.length * 8 < STATUS_LIST_LENGTH) return { ok: false, code: 'malformed-status-list' };
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    return { ok: false, code: 'index-out-of-range' };
  }
  return { ok: true, purpose, set: getStatusBit(bits, index) };
}
