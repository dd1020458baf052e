import type { IdentityCheckResult } from '@qn/contracts';

export type PersonKind = 'student' | 'staff';

/** A person on a school's roster as the check needs them (the personal id still sealed). */
export interface RosterPerson {
  kind: PersonKind;
  id: string;
  identityResult: IdentityCheckResult | null;
  identityCheckedAt: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * Whether a person's identity is checked now: never checked, not verified (a mismatch or
 * not-found is asked again: the school may have corrected the name, the register its record),
 * or verified more than `recheckDays` ago.
 */
export function isDue(p: RosterPerson, now: Date, recheckDays: number): boolean {
  if (p.identityResult !== 'verified' || p.identityCheckedAt === null) return true;
  return now.getTime() - p.identityCheckedAt.getTime() > recheckDays * DAY_MS;
}

/** The sealing context of a person's personal id: `student:<id>`, `staff:<id>`. */
export function sealingContext(kind: PersonKind, id: string): string {
  return `${kind}:${id}`;
}

/** The ref of a person's query to the register (the same string as the sealing context). */
export const queryRef = sealingContext;

export function parseRef(ref: string): { kind: PersonKind; id: string } {
  const [kind, id] = ref.split(':') as [PersonKind, string];
  if ((kind !== 'student' && kind !== 'staff') || !id) throw new Error('not a query ref');
  return { kind, id };
}

/** `items` in consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError('chunk size must be a positive integer');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface IdentityCounts {
  verified: number;
  mismatch: number;
  notFound: number;
  unchecked: number;
  total: number;
}

/** Counts by latest result; a person never checked is `unchecked`. */
export function countResults(results: ReadonlyArray<IdentityCheckResult | null>): IdentityCounts {
  const c: IdentityCounts = { verified: 0, mismatch: 0, notFound: 0, unchecked: 0, total: 0 };
  for (const r of results) {
    c.total++;
    if (r === 'verified') c.verified++;
    else if (r === 'mismatch') c.mismatch++;
    else if (r === 'not-found') c.notFound++;
    else c.unchecked++;
  }
  return c;
}
