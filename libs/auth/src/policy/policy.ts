import { Principal } from '../principal';
import { Role } from '../roles';

/**
 * How far one grant of a route policy reaches. Every grant names one; the guard turns the
 * grants a caller holds into an {@link AccessScope}.
 */
export const Reach = {
  /** Everything (Sở GDĐT, or a client acting for the whole province). */
  All: 'all',
  /** The caller's organisation unit and every unit beneath it (a school, a commune's tree). */
  Unit: 'unit',
  /**
   * What a commune manages under the 2025 two-tier local government: the preschools, primary and
   * lower-secondary schools beneath it. Upper-secondary schools, continuing-education centres
   * and vocational units are managed by the department even when they sit in the commune.
   */
  ManagedSchools: 'managed-schools',
  /** The caller's own children: a guardian relation recorded at application or imported. */
  Guardian: 'guardian',
  /**
   * The classes the caller teaches or is the homeroom teacher of (phân công giảng dạy, chủ
   * nhiệm), as the service's teaching directory knows them from the school rosters.
   */
  Classes: 'classes',
} as const;
export type Reach = (typeof Reach)[keyof typeof Reach];

/** Roles of people: every role except the integration client, which is a separate principal. */
export type UserRole = Exclude<Role, typeof Role.IntegrationClient>;

/**
 * The authorization policy of one route: who may do `action` on `resource`, and how far. A
 * role or client scope not listed is refused. `target` says where the guard finds the thing
 * acted on; without it the route acts on a collection and the handler applies the caller's
 * {@link AccessScope} to its query (scoped repositories) or checks what the body names.
 */
export interface RoutePolicy {
  /** What is done: read, list, create, update, approve, import, … (free text, shown in errors and the access log). */
  action: string;
  /** What it is done to: invoice, application, round, … */
  resource: string;
  /** People, by role. */
  users?: Partial<Record<UserRole, Reach>>;
  /** Integration clients (admission portals, the exam board, banks, finance systems), by named scope. */
  clients?: Record<string, Reach>;
  target?: PolicyTarget;
  /** Whether the resource holds a child's personal record: reads and changes go to the access log. */
  personalData?: boolean;
}

export type PolicyTarget =
  /** A path parameter that is itself an organisation unit id (a school, a commune). */
  | { orgUnitParam: string }
  /** An optional query parameter naming an organisation unit; absent means "everything the caller may see". */
  | { orgUnitQuery: string }
  /** A path parameter holding the id of a resource that the service's locator for `resource` resolves. */
  | { idParam: string };

/**
 * What a caller may reach for one route, as a conjunction of constraints (each grant the caller
 * holds narrows it; none widens it). Pure data: the guard evaluates it against a resource, and
 * list queries translate it into SQL.
 */
export interface AccessScope {
  /** The resource must belong to this unit or a unit beneath it. */
  withinUnit?: string;
  /** …and be a school the commune manages (see {@link Reach.ManagedSchools}). */
  communeManagedOnly?: boolean;
  /** The resource must concern a learner this subject is a guardian of. */
  guardianOf?: string;
  /** The resource must belong to a class this subject teaches. */
  taughtBy?: string;
  /** Nothing matches (a grant that reaches nothing yet, or a caller without a unit). */
  nothing?: boolean;
}

export const UNRESTRICTED: AccessScope = Object.freeze({});

export function isUnrestricted(scope: AccessScope): boolean {
  return (
    scope.withinUnit === undefined &&
    scope.guardianOf === undefined &&
    scope.taughtBy === undefined &&
    !scope.nothing &&
    !scope.communeManagedOnly
  );
}

export type GrantDecision =
  { allowed: true; scope: AccessScope; grants: string[] } | { allowed: false; reason: string };

/** The scope one grant gives this principal. */
export function scopeOfReach(principal: Principal, reach: Reach): AccessScope {
  switch (reach) {
    case Reach.All:
      return UNRESTRICTED;
    case Reach.Unit:
      return principal.orgUnitId === null ? { nothing: true } : { withinUnit: principal.orgUnitId };
    case Reach.ManagedSchools:
      return principal.orgUnitId === null
        ? { nothing: true }
        : { withinUnit: principal.orgUnitId, communeManagedOnly: true };
    case Reach.Guardian:
      return { guardianOf: principal.subject };
    case Reach.Classes:
      return { taughtBy: principal.subject };
  }
}

/** Both constraints at once. A token carries one unit, so two unit constraints name the same one. */
export function narrow(a: AccessScope, b: AccessScope): AccessScope {
  const out: AccessScope = { ...a };
  if (b.withinUnit !== undefined) {
    if (out.withinUnit !== undefined && out.withinUnit !== b.withinUnit) return { nothing: true };
    out.withinUnit = b.withinUnit;
  }
  if (b.communeManagedOnly) out.communeManagedOnly = true;
  if (b.guardianOf !== undefined) {
    if (out.guardianOf !== undefined && out.guardianOf !== b.guardianOf) return { nothing: true };
    out.guardianOf = b.guardianOf;
  }
  if (b.taughtBy !== undefined) {
    if (out.taughtBy !== undefined && out.taughtBy !== b.taughtBy) return { nothing: true };
    out.taughtBy = b.taughtBy;
  }
  if (b.nothing) out.nothing = true;
  return out;
}

/**
 * Decides whether the principal may use a route at all, and how far. For a person, every role
 * they hold that the policy lists contributes its reach and the scope is the narrowest of them:
 * a staff role held together with `family` is limited to the family's own children, never the
 * other way round. Roles the policy does not list give nothing and take nothing away. An
 * integration client is judged by its named scopes the same way.
 */
export function decideGrant(principal: Principal, policy: RoutePolicy): GrantDecision {
  // A client is judged by its named scopes, a person by its roles; never one by the other's.
  const client = principal.kind === 'client';
  const granted: Record<string, Reach | undefined> = (client ? policy.clients : policy.users) ?? {};
  const held = client ? principal.scopes : principal.roles;
  const kind = client ? 'scope' : 'role';
  const entries = held
    .filter((h) => h !== Role.IntegrationClient && granted[h] !== undefined)
    .map((h) => [`${kind}:${h}`, granted[h]!] as const);
  if (entries.length === 0) {
    const wanted = Object.keys(granted);
    const what = `${policy.action} ${policy.resource}`;
    return {
      allowed: false,
      reason:
        wanted.length > 0
          ? `requires one of the ${client ? 'client scopes' : 'roles'}: ${wanted.join(', ')}`
          : client
            ? `integration clients may not ${what}`
            : `only integration clients may ${what}`,
    };
  }
  let scope: AccessScope = UNRESTRICTED;
  for (const [, reach] of entries) scope = narrow(scope, scopeOfReach(principal, reach));
  return { allowed: true, scope, grants: entries.map(([g]) => g) };
}

/** A policy that cannot work is a programming error: found when the app starts, not on a request. */
export function checkPolicy(policy: RoutePolicy, where: string): void {
  const problems: string[] = [];
  if (!policy.action?.trim()) problems.push('no action');
  if (!policy.resource?.trim()) problems.push('no resource');
  const users = Object.keys(policy.users ?? {});
  const clients = Object.keys(policy.clients ?? {});
  if (users.length + clients.length === 0) problems.push('grants nothing to anyone');
  for (const role of users) {
    if (!(Object.values(Role) as string[]).includes(role) || role === Role.IntegrationClient)
      problems.push(`unknown user role "${role}"`);
  }
  for (const [grant, reach] of [
    ...Object.entries(policy.users ?? {}),
    ...Object.entries(policy.clients ?? {}),
  ]) {
    if (!(Object.values(Reach) as string[]).includes(reach as string))
      problems.push(`"${grant}" has an unknown reach "${String(reach)}"`);
  }
  if (problems.length) throw new Error(`authorization policy of ${where}: ${problems.join('; ')}`);
}

/**
 * Named scopes of integration clients, granted by the identity provider to each outside system
 * (the `scope` claim of its client-credentials token).
 */
export const ClientScope = {
  /** Admission portals: submit applications on behalf of families. */
  ApplicationsSubmit: 'applications:submit',
  /** The exam board (Hội đồng thi): publish grade-10 entrance exam scores. Nobody else may. */
  ExamScoresPublish: 'exam-scores:publish',
  /** Banks and finance systems: import bank statements for the schools within their unit. */
  StatementsImport: 'statements:import',
  /** Finance systems: read payments, invoices and daily reports within their unit. */
  PaymentsRead: 'payments:read',
  /** Read master data: org units, school years, rounds, fee catalogues. */
  MasterDataRead: 'master-data:read',
} as const;
export type ClientScope = (typeof ClientScope)[keyof typeof ClientScope];

/** Every person's role with the same reach: reference data anyone signed in may read. */
export function everyone(reach: Reach = Reach.All): Record<UserRole, Reach> {
  return {
    province: reach,
    commune: reach,
    'school-staff': reach,
    principal: reach,
    teacher: reach,
    family: reach,
  };
}

/** Staff of a school: principal and office staff, within their school. */
export const SCHOOL_STAFF: Partial<Record<UserRole, Reach>> = Object.freeze({
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
});
