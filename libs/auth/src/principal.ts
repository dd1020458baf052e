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

  const principal: Principal = { subject: sub, roles, orgUnitId };
  const name = claims['name'];
  if (name !== undefined && name !== null) {
    if (typeof name !== 'string') throw new TokenRejectedError('claim "name" must be a string');
    principal.name = name;
  }
  return principal;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
