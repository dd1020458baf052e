import { createPublicKey, KeyObject } from 'node:crypto';
import { AuthConfigError } from './errors';

/**
 * How bearer tokens are verified. Exactly one key source must be set:
 * - `hmacSecret`: HS256 shared secret (local demo and tests),
 * - `publicKeyPem`: an RSA (RS256) or P-256 (ES256) public key,
 * - `jwksUrl`: the identity provider's JWKS endpoint (RS256/ES256, keys rotate by `kid`).
 * `iss` and `aud` are checked when `issuer` / `audience` are given.
 */
export interface AuthConfig {
  issuer?: string;
  audience?: string;
  hmacSecret?: string;
  publicKeyPem?: string;
  jwksUrl?: string;
  /**
   * Longest accepted token lifetime in seconds: exp - iat, or exp - now for a token without
   * iat. A leaked long-lived token would stay usable for that long. Default 12 h.
   */
  maxTokenLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** HS256 with a short secret can be brute-forced offline from any captured token. */
export const MIN_HMAC_SECRET_BYTES = 32;

/** Leeway for clock skew between the identity provider and our hosts. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export type KeySource =
  | { kind: 'hmac'; secret: Uint8Array; algorithms: ['HS256'] }
  | { kind: 'pem'; key: KeyObject; algorithms: ['RS256'] | ['ES256'] }
  | { kind: 'jwks'; url: URL; algorithms: ['RS256', 'ES256'] };

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * Validates the config and prepares the key. Algorithms are pinned per key source so a token
 * cannot pick its own algorithm (e.g. HS256 signed with a public key, or `alg: none`).
 */
export function resolveKeySource(config: AuthConfig): KeySource {
  const sources = [config.hmacSecret, config.publicKeyPem, config.jwksUrl].filter(present);
  if (sources.length === 0) {
    throw new AuthConfigError('auth config needs one of hmacSecret, publicKeyPem or jwksUrl');
  }
  if (sources.length > 1) {
    throw new AuthConfigError('auth config must set only one of hmacSecret, publicKeyPem, jwksUrl');
  }

  if (present(config.hmacSecret)) {
    const secret = new TextEncoder().encode(config.hmacSecret);
    if (secret.byteLength < MIN_HMAC_SECRET_BYTES) {
      throw new AuthConfigError(`hmacSecret must be at least ${MIN_HMAC_SECRET_BYTES} bytes`);
    }
    return { kind: 'hmac', secret, algorithms: ['HS256'] };
  }

  if (present(config.publicKeyPem)) {
    // A private key would be accepted by createPublicKey; refuse it so it does not spread.
    if (/PRIVATE KEY/.test(config.publicKeyPem)) {
      throw new AuthConfigError('publicKeyPem contains a private key; give the public key only');
    }
    let key: KeyObject;
    try {
      // Accepts SPKI, PKCS#1 RSA public keys and X.509 certificates alike.
      key = createPublicKey(config.publicKeyPem);
    } catch (cause) {
      throw new AuthConfigError('publicKeyPem is not a readable PEM public key', { cause });
    }
    if (key.asymmetricKeyType === 'rsa') return { kind: 'pem', key, algorithms: ['RS256'] };
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
      return { kind: 'pem', key, algorithms: ['ES256'] };
    }
    throw new AuthConfigError('publicKeyPem must be an RSA (RS256) or P-256 (ES256) key');
  }

  let url: URL;
  try {
    url = new URL(config.jwksUrl as string);
  } catch (cause) {
    throw new AuthConfigError('jwksUrl is not a valid URL', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthConfigError('jwksUrl must be an http(s) URL');
  }
  return { kind: 'jwks', url, algorithms: ['RS256', 'ES256'] };
}

/**
 * Reads AUTH_ISSUER, AUTH_AUDIENCE, AUTH_HMAC_SECRET, AUTH_PUBLIC_KEY_PEM and AUTH_JWKS_URL.
 * Empty values count as unset. PEM keys in env files often have literal "\n"; they are unescaped.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const config: AuthConfig = {};
  const issuer = read('AUTH_ISSUER');
  const audience = read('AUTH_AUDIENCE');
  const hmacSecret = read('AUTH_HMAC_SECRET');
  const publicKeyPem = read('AUTH_PUBLIC_KEY_PEM');
  const jwksUrl = read('AUTH_JWKS_URL');
  const maxLifetime = read('AUTH_MAX_TOKEN_LIFETIME');
  if (issuer) config.issuer = issuer;
  if (audience) config.audience = audience;
  if (hmacSecret) config.hmacSecret = hmacSecret;
  if (publicKeyPem) config.publicKeyPem = publicKeyPem.replace(/\\n/g, '\n');
  if (jwksUrl) config.jwksUrl = jwksUrl;
  if (maxLifetime) config.maxTokenLifetimeSeconds = parseLifetime(maxLifetime);
  return config;
}

/** `3600`, `90s`, `15m`, `12h` or `1d` as seconds (the AUTH_MAX_TOKEN_LIFETIME syntax). */
function parseLifetime(value: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(value.trim());
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m?.[2] ?? 's').toLowerCase() as 's'];
  const seconds = m ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw new AuthConfigError('AUTH_MAX_TOKEN_LIFETIME must be a duration like 3600, 15m or 12h');
  }
  return seconds;
}
