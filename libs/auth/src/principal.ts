import { TokenRejectedError } from './errors';
import { isRole, Role } from './roles';

/** The authenticated caller, derived from a verified token. */
export interface Principal {
  /** `sub` claim: a stable user or client id (never a citizen id number). */
  subject: string;
  roles: Role[];
  /** `org_unit_id` claim: the school, commune or province unit the caller belongs to. */
  orgUnitId: string | null;
  name?: string;
  /**
   * A person (roles), or an outside system (`integration-client`, with named scopes such as
   * `exam-scores:publish`). The two never mix in one token.
   */
  kind: 'user' | 'client';
  /** Named scopes of an integration client (the `scope` claim); empty for people. */
  scopes: string[];
}

const MAX_CLAIM_LENGTH = 200;

/**
 * Maps verified JWT claims to a Principal. Anything surprising is rejected rather than ignored:
 * silently dropping an unknown role could hide a typo in the identity provider's mapping.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal {
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub.trim() === '') {
    throw new TokenRejectedError('token has no "sub" claim');
  }
  if (sub.length > MAX_CLAIM_LENGTH) {
    throw new TokenRejectedError('claim "sub" is too long');
  }

  const rawRoles = claims['roles'];
  if (!Array.isArray(rawRoles) || rawRoles.length === 0) {
    throw new TokenRejectedError('claim "roles" must be a non-empty array');
  }
  const roles: Role[] = [];
  for (const value of rawRoles as unknown[]) {
    if (!isRole(value)) {
      throw new TokenRejectedError(`unknown role ${JSON.stringify(value)} in claim "roles"`);
    }
    if (!roles.includes(value)) roles.push(value);
  }

  const rawOrg = claims['org_unit_id'];
  let orgUnitId: string | null = null;
  if (rawOrg !== undefined && rawOrg !== null) {
    if (typeof rawOrg !== 'string' || rawOrg.trim() === '' || rawOrg.length > MAX_CLAIM_LENGTH) {
      throw new TokenRejectedError('claim "org_unit_id" must be a non-empty string or null');
    }
    orgUnitId = rawOrg;
  }

  const isClient = roles.includes(Role.IntegrationClient);
  if (isClient && roles.length > 1) {
    // An outside system's grants are its scopes; a person's role next to them would widen it.
    throw new TokenRejectedError('an integration client token carries no other role');
  }
  const scopes = isClient ? clientScopes(claims['scope']) : [];
  const principal: Principal = {
    subject: sub,
    roles,
    orgUnitId,
    kind: isClient ? 'client' : 'user',
    scopes,
  };
  const name = claims['name'];
  if (name !== undefined && name !== null) {
    if (typeof name !== 'string') throw new TokenRejectedError('claim "name" must be a string');
    principal.name = name;
  }
  return principal;
}

const SCOPE_TOKEN = /^[A-Za-z0-9:._-]{1,100}$/;

/** RFC 8693/9068: `scope` is one space-separated string. */
function clientScopes(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'string' || raw.length > 2000)
    throw new TokenRejectedError('claim "scope" must be a space-separated string');
  const scopes = [...new Set(raw.split(' ').filter((s) => s !== ''))];
  const bad = scopes.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw new TokenRejectedError(`malformed scope ${JSON.stringify(bad)}`);
  return scopes;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
