import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  KeyObject,
  randomBytes,
} from 'node:crypto';

/**
 * Protects identity numbers at rest (Decree 13/2023/NĐ-CP): a keyed hash (HMAC-SHA256) for
 * look-ups and uniqueness, so the number itself is never compared or indexed in clear, and
 * AES-256-GCM encryption for the value, for the rare case it must be shown or sent on. The two
 * keys are different; both come from configuration, never from the code.
 * Ciphertext format: "v1." + base64url(iv(12) | tag(16) | ciphertext).
 */
export class PersonalDataProtector {
  // Key objects are prepared once, not for every hash or cipher.
  private readonly hashKey: KeyObject;
  private readonly encryptionKey: KeyObject;

  constructor(keys: { hashKey: string; encryptionKey: string }) {
    this.hashKey = createSecretKey(decodeKey(keys.hashKey, 'hash key'));
    this.encryptionKey = createSecretKey(decodeKey(keys.encryptionKey, 'encryption key'));
  }

  /** Deterministic: the same number always gives the same look-up hash (hex). */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value, 'utf8').digest('hex');
  }

  encrypt(value: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(token: string, associatedData = ''): string {
    if (!token.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(token.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Two fresh 256-bit keys, hex, for setup scripts. */
  static generateKeys(): { hashKey: string; encryptionKey: string } {
    return {
      hashKey: randomBytes(32).toString('hex'),
      encryptionKey: randomBytes(32).toString('hex'),
    };
  }
}

function decodeKey(key: string, what: string): Buffer {
  const buf = /^[0-9a-fA-F]{64}$/.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
  if (buf.length !== 32) throw new Error(`${what} must be 32 bytes (64 hex characters or base64)`);
  return buf;
}
