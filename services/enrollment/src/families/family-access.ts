import { AccessContext, forbiddenProblem, Reach, RoutePolicy } from '@qn/auth';

/**
 * The family page's routes are about the caller itself: only the family role, reaching its own
 * children (the guardian relation); nobody else has a "me" with children here.
 */
export const FAMILY_ONLY = {
  users: { family: Reach.Guardian },
  personalData: true,
} as const satisfies Omit<RoutePolicy, 'action' | 'resource'>;

/** The caller's subject, whose children the route lists (the scope the guard gave it). */
export function familyOf(access: AccessContext): string {
  const subject = access.scope.guardianOf;
  // Only the family grant reaches these routes, and it always names the caller.
  if (subject === undefined || access.scope.nothing) throw forbiddenProblem('families only');
  return subject;
}
