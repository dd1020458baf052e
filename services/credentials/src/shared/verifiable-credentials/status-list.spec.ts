import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { gunzipSync, gzipSync } from 'node:zlib';
import jsonld from 'jsonld';
import { createDocumentLoader } from './bundled-contexts';
import {
  buildStatusListCredential,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  newStatusListBits,
  readStatus,
  setStatusBit,
  STATUS_LIST_LENGTH,
} from './status-list';

// Bitstring Status List v1.0, example "BitstringStatusListCredential": an all-zero list of the
// minimum length (131,072 entries).
const SPEC_EMPTY_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('status list bits', () => {
  it('is 131,072 entries: 16 KiB of zeros', () => {
    expect(STATUS_LIST_LENGTH).toBe(131072);
    const bits = newStatusListBits();
    expect(bits.length).toBe(16 * 1024);
    expect(bits.every((b) => b === 0)).toBe(true);
  });

  it('decodes the specification example to 131,072 zero bits', async () => {
    const bits = await decodeStatusList(SPEC_EMPTY_LIST);
    expect(bits.length * 8).toBe(STATUS_LIST_LENGTH);
    expect(bits.every((b) => b === 0)).toBe(true);
  });

  it('index 0 is the left-most bit of the first byte (the specification example index 94567)', () => {
    const bits = newStatusListBits();
    setStatusBit(bits, 0, true);
    expect(bits[0]).toBe(0b1000_0000);
    setStatusBit(bits, 94567, true);
    // 94567 = 8 × 11820 + 7: the right-most bit of byte 11820.
    expect(bits[11820]).toBe(0b0000_0001);
    expect(getStatusBit(bits, 94567)).toBe(true);
    expect(getStatusBit(bits, 94566)).toBe(false);
    expect(bits.reduce((n, b) => n + (b === 0 ? 0 : 1), 0)).toBe(2);
    setStatusBit(bits, 94567, false);
    expect(bits[11820]).toBe(0);
    expect(getStatusBit(bits, 0)).toBe(true);
  });

  it('refuses indexes outside the list', () => {
    const bits = newStatusListBits();
    for (const index of [-1, STATUS_LIST_LENGTH, 1.5, Number.NaN]) {
      expect(() => setStatusBit(bits, index, true)).toThrow(RangeError);
      expect(() => getStatusBit(bits, index)).toThrow(RangeError);
    }
  });
});

describe('encodeStatusList', () => {
  it('is GZIP in multibase base64url without padding', async () => {
    const encoded = await encodeStatusList(newStatusListBits());
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    // base64url of the GZIP magic bytes 1f 8b 08.
    expect(encoded.startsWith('uH4sI')).toBe(true);
    const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(raw.length).toBe(16 * 1024);
  });

  it('decodes (with ours, the library and plain zlib) to the bits it was given', async () => {
    const bits = newStatusListBits();
    for (const i of [0, 1, 7, 8, 42, 94567, STATUS_LIST_LENGTH - 1]) setStatusBit(bits, i, true);
    const encoded = await encodeStatusList(bits);
    expect(await decodeStatusList(encoded)).toEqual(bits);
    expect(new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')))).toEqual(bits);
    const library = await decodeList({ encodedList: encoded });
    expect(library.getStatus(94567)).toBe(true);
    expect(library.getStatus(94566)).toBe(false);
    expect(library.getStatus(0)).toBe(true);
  });

  it('encodes the all-zero list to the same bits as the specification example (bytes may differ)', async () => {
    const ours = await decodeStatusList(await encodeStatusList(newStatusListBits()));
    expect(ours).toEqual(await decodeStatusList(SPEC_EMPTY_LIST));
  });

  it('works on a view into a larger buffer', async () => {
    const backing = new Uint8Array(STATUS_LIST_LENGTH / 8 + 10).fill(0xff);
    const view = backing.subarray(5, 5 + STATUS_LIST_LENGTH / 8).fill(0);
    setStatusBit(view, 3, true);
    const decoded = await decodeStatusList(await encodeStatusList(view));
    expect(decoded.length).toBe(STATUS_LIST_LENGTH / 8);
    expect(getStatusBit(decoded, 3)).toBe(true);
    expect(decoded.filter((b) => b !== 0).length).toBe(1);
  });

  it('refuses a list shorter than the minimum, and undecodable lists', async () => {
    await expect(encodeStatusList(new Uint8Array(100))).rejects.toThrow(RangeError);
    await expect(decodeStatusList('zH4sIAAAA')).rejects.toThrow();
    await expect(decodeStatusList(SPEC_EMPTY_LIST.slice(1))).rejects.toThrow();
    await expect(decodeStatusList('uAAAA')).rejects.toThrow();
  });
});

describe('buildStatusListCredential / readStatus', () => {
  const url = 'https://credentials.quangninh.edu.vn/status/revocation/1';

  it('builds a BitstringStatusListCredential that expands in safe mode', async () => {
    const bits = newStatusListBits();
    setStatusBit(bits, 42, true);
    const credential = await buildStatusListCredential({
      url,
      purpose: 'revocation',
      issuerIri: 'https://credentials.quangninh.edu.vn/issuers/so-gddt',
      validFrom: '2025-07-20T00:00:00Z',
      bits,
    });
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'https://credentials.quangninh.edu.vn/issuers/so-gddt',
      validFrom: '2025-07-20T00:00:00Z',
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
      },
    });
    await expect(
      jsonld.expand(credential, { documentLoader: createDocumentLoader(), safe: true }),
    ).resolves.toHaveLength(1);
    expect(await readStatus(credential, 42)).toEqual({
      ok: true,
      purpose: 'revocation',
      set: true,
    });
    expect(await readStatus(credential, 41)).toEqual({
      ok: true,
      purpose: 'revocation',
      set: false,
    });
    expect(await readStatus(credential, STATUS_LIST_LENGTH)).toEqual({
      ok: false,
      code: 'index-out-of-range',
    });
  });

  it('reads malformed lists as results, never exceptions', async () => {
    const tooShort = 'u' + gzipSync(Buffer.alloc(16)).toString('base64url');
    const subject = (encodedList: unknown) => ({
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
    });
    for (const list of [
      null,
      'x',
      {},
      subject(42),
      subject('not-multibase'),
      subject('uAAAA'),
      subject(tooShort),
    ]) {
      expect(await readStatus(list, 0)).toEqual({ ok: false, code: 'malformed-status-list' });
    }
  });
});
