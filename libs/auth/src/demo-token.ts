import { SignJWT } from 'jose';
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
 * Signs an HS256 token with the same claims the identity provider issues, for the local demo and
 * tests. It is not a bypass: the service must be configured with the same secret to accept it.
 */
export async function signDemoToken(secret: string, options: DemoTokenOptions): Promise<string> {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_HMAC_SECRET_BYTES) {
    throw new Error(`demo token secret must be at least ${MIN_HMAC_SECRET_BYTES} bytes`);
  }
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
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt(now)
    .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(key);
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
