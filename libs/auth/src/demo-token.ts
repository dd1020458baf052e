import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import { MIN_HMAC_SECRET_BYTES } from './auth-config';
import { isRole, Role } from './roles';

export interface DemoTokenOptions {
  sub: string;
  roles: readonly Role[];
  orgUnitId?: string | null;
  name?: string;
  /** Named scopes of an integration client (the `scope` claim). */
  scopes?: readonly string[];
  issuer?: string;
  audience?: string;
  /** A jose time span such as '15m' or '2h', or seconds from now (negative = already expired). Default '1h'. */
  expiresIn?: string | number;
}

/**
 * Signs a token with the same claims the identity provider issues, for the local demo and tests.
 * It is not a bypass: the service must be configured to trust the key. `secret` is either an
 * HS256 shared secret or a P-256 private key in PEM (ES256, `kid` = the key's JWK thumbprint, as
 * the local identity provider, services/identity, publishes it in its JWKS): the local platform's
 * demo loaders sign with the local identity provider's key, which only exists on this machine.
 */
export async function signDemoToken(secret: string, options: DemoTokenOptions): Promise<string> {
  const signer = await demoSigner(secret);
  if (options.roles.length === 0) throw new Error('a demo token needs at least one role');
  const unknown = options.roles.find((role) => !isRole(role));
  if (unknown !== undefined) throw new Error(`unknown role ${JSON.stringify(unknown)}`);

  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? '1h';
  const jwt = new SignJWT({
    roles: [...options.roles],
    org_unit_id: options.orgUnitId ?? null,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.scopes?.length ? { scope: options.scopes.join(' ') } : {}),
  })
    .setProtectedHeader(signer.header)
    .setSubject(options.sub)
    .setIssuedAt(now)
    .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(signer.key);
}

async function demoSigner(
  secret: string,
): Promise<{ key: Uint8Array | KeyObject; header: { alg: string; typ: string; kid?: string } }> {
  if (/PRIVATE KEY/.test(secret)) {
    const key = createPrivateKey(secret);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('a demo signing key must be a P-256 (ES256) private key');
    }
    const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(key)));
    return { key, header: { alg: 'ES256', typ: 'JWT', kid } };
  }
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_HMAC_SECRET_BYTES) {
    throw new Error(`demo token secret must be at least ${MIN_HMAC_SECRET_BYTES} bytes`);
  }
  return { key, header: { alg: 'HS256', typ: 'JWT' } };
}

/**
 * What the demo loaders and `npm run token` sign with: the PEM private key in the file named by
 * AUTH_DEMO_SIGNING_KEY_FILE (the local identity provider's signing key, `npm start`), else
 * AUTH_HMAC_SECRET (tests and setups without the identity provider).
 */
export function demoSigningSecret(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.AUTH_DEMO_SIGNING_KEY_FILE;
  if (file !== undefined && file.trim() !== '') return readFileSync(file, 'utf8');
  const secret = env.AUTH_HMAC_SECRET;
  return secret === undefined || secret.trim() === '' ? undefined : secret;
}

/**
 * The issuer and audience a demo token needs for the local services to accept it: what they read
 * from AUTH_ISSUER and AUTH_AUDIENCE, with the platform's defaults (libs/config).
 */
export function demoTokenAudience(env: NodeJS.ProcessEnv = process.env): {
  issuer: string;
  audience: string;
} {
  return {
    issuer: env.AUTH_ISSUER ?? 'qn-edu-local',
    audience: env.AUTH_AUDIENCE ?? 'qn-edu-platform',
  };
}

/**
 * The demo loaders' token from the identity provider itself (client_credentials), when
 * DEMO_CLIENT_ID is set: the compose demo, whose loader has its own client and no signing key.
 * DEMO_TOKEN_URL is the token endpoint as this process reaches it (inside compose's network, not
 * the issuer's browser address); DEMO_CLIENT_SECRET_FILE holds the secret. Undefined when
 * DEMO_CLIENT_ID is unset (`npm start` and the tests sign with demoSigningSecret instead).
 */
export async function demoClientToken(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const clientId = env.DEMO_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const url = env.DEMO_TOKEN_URL?.trim();
  const file = env.DEMO_CLIENT_SECRET_FILE?.trim();
  if (!url || !file)
    throw new Error('DEMO_CLIENT_ID needs DEMO_TOKEN_URL and DEMO_CLIENT_SECRET_FILE');
  const secret = readFileSync(file, 'utf8').trim();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || !body.access_token)
    throw new Error(
      `token endpoint ${url}: ${res.status} ${body.error ?? ''} ${body.error_description ?? ''}`.trim(),
    );
  return body.access_token;
}
