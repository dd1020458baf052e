import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ORG_UNIT_ANCESTRY, ScopeFilter } from '../org-scope';
import { Principal } from '../principal';
import { forbiddenProblem, problem, unauthorizedProblem } from '../problem';
import {
  GuardianDirectory,
  OrgUnitFacts,
  ResourceAttributes,
  ResourceLocator,
  scopeCovers,
  TeachingDirectory,
} from '../policy/access';
import { AccessScope, decideGrant, isUnrestricted, RoutePolicy } from '../policy/policy';
import { POLICY_KEY } from './metadata';
import { AuthenticatedRequest, httpRequest } from './request';

/** Injection token of the service's guardian relations (optional: without it, families reach nothing). */
export const GUARDIAN_DIRECTORY = Symbol('GUARDIAN_DIRECTORY');

/** Injection token of the service's teaching assignments (optional: without it, teachers reach nothing). */
export const TEACHING_DIRECTORY = Symbol('TEACHING_DIRECTORY');

/** Injection token of the locator the guard uses for a policy's `{ idParam }` target. */
export function resourceLocatorToken(resource: string): string {
  return `qn:auth:locator:${resource}`;
}

/** The one not-found answer, for a resource that does not exist and one outside the caller's scope alike. */
export function notFoundProblem(resource: string, id: string): HttpException {
  return new NotFoundException(problem(404, 'Not Found', `no ${resource} ${id}`));
}

/**
 * What the guard decided for this request, handed to the handler (`@Access()`): the principal,
 * its scope for the route, and the same checker the guard used, for what only the body names
 * (the schools on a bank statement, the student of a transfer request).
 */
export class AccessContext {
  constructor(
    readonly principal: Principal,
    readonly policy: RoutePolicy,
    readonly scope: AccessScope,
    /** Which grants of the policy the caller used, e.g. `role:principal`, `scope:exam-scores:publish`. */
    readonly grants: readonly string[],
    private readonly facts: OrgUnitFacts | undefined,
    private readonly guardians: GuardianDirectory | undefined,
    private readonly teaching?: TeachingDirectory,
  ) {}

  get unrestricted(): boolean {
    return isUnrestricted(this.scope);
  }

  covers(resource: ResourceAttributes): Promise<boolean> {
    return scopeCovers(
      this.scope,
      resource,
      this.facts,
      this.guardians,
      this.principal,
      this.teaching,
    );
  }

  /*
   * The two answers to "not yours", each decided here only. What the caller names as a place (an
   * org unit: public reference data) answers 403 when outside the scope: `require`. A record
   * named by id (an application, a student, an invoice) answers the same 404 whether it is
   * missing or outside the scope, so no answer tells that it exists elsewhere: `requireOrNotFound`.
   */

  /**
   * @throws 403 when the resource (an org unit, a learner) is outside the caller's scope: the
   * standard problem naming `what`, or the route's own refusal (a typed domain error).
   */
  async require(
    resource: ResourceAttributes,
    what: string | (() => Error) = `this ${this.policy.resource}`,
  ): Promise<void> {
    if (await this.covers(resource)) return;
    throw typeof what === 'function'
      ? what()
      : forbiddenProblem(`${what} is outside the caller's scope`);
  }

  /**
   * @throws the not-found problem when the record is missing (`null`/`undefined`: the locator
   * found nothing) or outside the caller's scope, alike (no existence oracle).
   */
  async requireOrNotFound(
    resource: ResourceAttributes | null | undefined,
    id: string,
    what = this.policy.resource,
  ): Promise<void> {
    if (!resource || !(await this.covers(resource))) throw notFoundProblem(what, id);
  }

  /**
   * For queries over units (aggregates, reports): everything, or one unit's subtree. A scope that
   * is not a unit (a family's children) has no unit to query by: 403.
   */
  unitFilter(): ScopeFilter {
    if (this.unrestricted) return { all: true };
    if (
      this.scope.withinUnit !== undefined &&
      !this.scope.nothing &&
      !this.scope.guardianOf &&
      !this.scope.taughtBy
    )
      return { withinOrgUnitId: this.scope.withinUnit };
    throw forbiddenProblem('the caller belongs to no organisation unit');
  }

  /** Whether the caller holds this grant of the policy (e.g. `role:family`). */
  uses(grant: string): boolean {
    return this.grants.includes(grant);
  }
}

export interface PolicyRequest extends AuthenticatedRequest {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  access?: AccessContext;
}

/**
 * The one place routes are authorized. Every route carries a {@link RoutePolicy} (`@Policy`) or is
 * `@Public()`; the app refuses to start otherwise (PolicyCoverage). The guard refuses a caller
 * none of whose roles or client scopes the policy lists (403), then, for a route acting on one
 * target, checks it: an org unit in the path outside the scope is 403; a resource by id that does
 * not exist or is out of scope is the same 404. The decision is left on the request for the
 * handler and scoped repositories.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  // The service's ports live in its own modules, which this global guard cannot inject from:
  // looked up once across the app; a service without one gets undefined (fail closed).
  private ports?: {
    facts?: OrgUnitFacts;
    guardians?: GuardianDirectory;
    teaching?: TeachingDirectory;
  };
  private get facts(): OrgUnitFacts | undefined {
    return this.resolvePorts().facts;
  }
  private get guardians(): GuardianDirectory | undefined {
    return this.resolvePorts().guardians;
  }
  private resolvePorts() {
    if (!this.ports) {
      const find = <T>(token: symbol): T | undefined => {
        try {
          return this.moduleRef.get<T>(token, { strict: false });
        } catch {
          return undefined;
        }
      };
      this.ports = {
        facts: find<OrgUnitFacts>(ORG_UNIT_ANCESTRY),
        guardians: find<GuardianDirectory>(GUARDIAN_DIRECTORY),
        teaching: find<TeachingDirectory>(TEACHING_DIRECTORY),
      };
    }
    return this.ports;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) return true; // @Public: PolicyCoverage made sure nothing else lacks one.
    if (context.getType() !== 'http') return false;
    const request = httpRequest(context) as PolicyRequest;
    const principal = request.principal;
    if (!principal) throw unauthorizedProblem('authentication required');
    const decision = decideGrant(principal, policy);
    if (!decision.allowed) throw forbiddenProblem(decision.reason);
    const access = new AccessContext(
      principal,
      policy,
      decision.scope,
      decision.grants,
      this.facts,
      this.guardians,
      this.resolvePorts().teaching,
    );
    request.access = access;
    const target = policy.target;
    if (!target) return true;
    if ('orgUnitParam' in target) {
      const unit = request.params?.[target.orgUnitParam];
      if (unit !== undefined)
        await access.require(
          { orgUnitIds: [uuid(target.orgUnitParam, unit)] },
          'the organisation unit',
        );
    } else if ('orgUnitQuery' in target) {
      const unit = request.query?.[target.orgUnitQuery];
      if (unit !== undefined && unit !== '')
        await access.require(
          { orgUnitIds: [uuid(target.orgUnitQuery, unit)] },
          'the organisation unit',
        );
    } else {
      const id = request.params?.[target.idParam];
      // Nothing to check when nobody is excluded (the handler answers 404 itself), or for a
      // malformed id, which finds nothing (the handler's pipes answer 400 for it).
      if (id === undefined || access.unrestricted || !UUID.test(id)) return true;
      await access.requireOrNotFound(await this.locator(policy.resource).locate(id), id);
    }
    return true;
  }

  private locator(resource: string): ResourceLocator {
    try {
      return this.moduleRef.get<ResourceLocator>(resourceLocatorToken(resource), { strict: false });
    } catch {
      throw new Error(`no resource locator registered for "${resource}"`);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An org unit named in the path or query is checked before the handler's pipes run: refuse a non-UUID here. */
function uuid(field: string, value: unknown): string {
  if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
  // Same shape as the service kit's validation problems (libs/service-kit cannot be imported here).
  throw new BadRequestException({
    type: 'https://errors.edu.quangninh.gov.vn/validation',
    title: 'The request is not valid',
    status: 400,
    detail: `${field} must be a UUID`,
    errors: [{ field, message: 'must be a UUID' }],
  });
}
