import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isRole, type Role } from '@qn/auth';

/** A person who may sign in, with the claims the services read (libs/auth principalFromClaims). */
export interface DemoUser {
  username: string;
  /** `scrypt$<salt b64url>$<hash b64url>` (see hashPassword). */
  passwordHash: string;
  sub: string;
  name: string;
  roles: Role[];
  org_unit_id: string | null;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, 32).toString('base64url')}`;
}

export function passwordMatches(password: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Reads the users file (again on each call: the demo loader writes it after the IdP started). */
export function readUsers(file: string | undefined): DemoUser[] {
  if (!file || !existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a JSON array of users`);
  return raw.map((u: DemoUser, i) => {
    if (
      typeof u.username !== 'string' ||
      typeof u.sub !== 'string' ||
      typeof u.passwordHash !== 'string'
    )
      throw new Error(`${file}[${i}]: username, sub and passwordHash are required`);
    if (!Array.isArray(u.roles) || u.roles.length === 0 || !u.roles.every((r) => isRole(r)))
      throw new Error(`${file}[${i}]: roles must be known roles`);
    return { ...u, org_unit_id: u.org_unit_id ?? null, name: u.name ?? u.username };
  });
}

export function findUser(file: string | undefined, by: { username?: string; sub?: string }) {
  return readUsers(file).find((u) =>
    by.username !== undefined ? u.username === by.username : u.sub === by.sub,
  );
}
