/**
 * The raw cost the records bench divides by, measured in the same run: ES256 (ECDSA P-256,
 * SHA-256) signatures and verifications with node:crypto alone, one thread (the service is one
 * Node process too), over inputs of the size the service signs (the JWS signing input of the
 * records it signed: protected header and payload, base64url).
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';

export interface RawCrypto {
  signatures: number;
  signSeconds: number;
  signaturesPerSecond: number;
  verifications: number;
  verifySeconds: number;
  verificationsPerSecond: number;
  inputBytes: number;
}

export function rawCrypto(signatures: number, verifications: number, inputBytes: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // A few distinct inputs of the size (a record's bytes differ from the next one's).
  const inputs = Array.from({ length: 16 }, () => randomBytes(inputBytes));
  const opts = { dsaEncoding: 'ieee-p1363' as const };
  const sigs: Buffer[] = [];
  let t = performance.now();
  for (let i = 0; i < signatures; i++) {
    const s = sign('sha256', inputs[i % 16], { key: privateKey, ...opts });
    if (i < 16) sigs.push(s);
  }
  const signMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < verifications; i++)
    if (!verify('sha256', inputs[i % 16], { key: publicKey, ...opts }, sigs[i % 16]))
      throw new Error('raw baseline: a signature did not verify');
  const verifyMs = performance.now() - t;
  return {
    signatures,
    signSeconds: signMs / 1000,
    signaturesPerSecond: signatures / (signMs / 1000),
    verifications,
    verifySeconds: verifyMs / 1000,
    verificationsPerSecond: verifications / (verifyMs / 1000),
    inputBytes,
  } satisfies RawCrypto;
}
