import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/**
 * The ES256 signing key: read from `file` (PEM, PKCS#8), or generated (and written there with
 * mode 600 when a file is named, so tokens survive a restart). Never committed: `.local/` is
 * git-ignored. `kid` is the RFC 7638 thumbprint, as libs/auth's demo signer computes it.
 */
export async function loadSigningKey(file?: string): Promise<JWK> {
  let key: KeyObject;
  if (file && existsSync(file)) {
    key = createPrivateKey(readFileSync(file, 'utf8'));
  } else {
    key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    }
  }
  const jwk = await exportJWK(key);
  const { d: _private, ...publicPart } = jwk;
  void _private;
  return { ...jwk, kid: await calculateJwkThumbprint(publicPart), alg: 'ES256', use: 'sig' };
}
