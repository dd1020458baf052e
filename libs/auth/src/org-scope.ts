import { Inject, Injectable } from '@nestjs/common';
import { Principal } from './principal';
import { forbiddenProblem } from './problem';
import { Role } from './roles';

/**
 * Port to the organisation tree. Each service keeps its own copy of the tree (fed by
 * `registry.org-unit.changed` events), so auth only asks for ancestry through this interface.
 */
export interface OrgUnitAncestry {
  /**
   * Ids from the unit's parent up to the root (nearest first); [] for a root or unknown unit.
   * `at` selects the tree as it was on that date: units move between communes when
   * administrative boundaries are reorganised, and old records follow the old tree.
   */
  ancestorsOf(orgUnitId: string, at?: Date): Promise<string[]>;
}

/** Nest injection token for the service's OrgUnitAncestry implementation. */
export const ORG_UNIT_ANCESTRY = Symbol('ORG_UNIT_ANCESTRY');

/** What a list query may return: everything, or rows of a unit and all units beneath it. */
export type ScopeFilter = { all: true } | { withinOrgUnitId: string };

function isProvince(principal: Principal): boolean {
  return principal.roles.includes(Role.Province);
}

/**
 * Scope is decided by the principal's unit, not by role (except province): a school user sees
 * their school, a commune user every unit below the commune at any depth. A non-province
 * principal without a unit sees nothing (deny by default). Finer rules, such as a family
 * seeing only its own pupil, belong to the service.
 */
export function canAccessOrgUnit(
  principal: Principal,
  targetOrgUnitId: string,
  ancestorsOfTarget: readonly string[],
): boolean {
  if (isProvince(principal)) return true;
  const own = principal.orgUnitId;
  if (own === null) return false;
  return targetOrgUnitId === own || ancestorsOfTarget.includes(own);
}

/** @throws a 403 problem when the principal has no unit to scope by. */
export function scopeFilter(principal: Principal): ScopeFilter {
  if (isProvince(principal)) return { all: true };
  if (principal.orgUnitId === null) {
    throw forbiddenProblem('the caller belongs to no organisation unit');
  }
  return { withinOrgUnitId: principal.orgUnitId };
}

/**
 * Scope checks against the service's own org tree. Not provided by AuthModule, because the
 * ancestry implementation lives in the service: list OrgScopeService and an
 * ORG_UNIT_ANCESTRY provider in the service's module.
 */
@Injectable()
export class OrgScopeService {
  constructor(@Inject(ORG_UNIT_ANCESTRY) private readonly ancestry: OrgUnitAncestry) {}

  async canAccess(principal: Principal, targetOrgUnitId: string, at?: Date): Promise<boolean> {
    // Skip the tree lookup when the answer does not depend on it.
    if (isProvince(principal)) return true;
    if (principal.orgUnitId === null) return false;
    if (principal.orgUnitId === targetOrgUnitId) return true;
    const ancestors = await this.ancestry.ancestorsOf(targetOrgUnitId, at);
    return canAccessOrgUnit(principal, targetOrgUnitId, ancestors);
  }

  /** @throws a 403 problem when the unit is outside the principal's scope. */
  async assertCanAccess(principal: Principal, targetOrgUnitId: string, at?: Date): Promise<void> {
    if (!(await this.canAccess(principal, targetOrgUnitId, at))) {
      throw forbiddenProblem("the organisation unit is outside the caller's scope");
    }
  }

  scopeFilter(principal: Principal): ScopeFilter {
    return scopeFilter(principal);
  }
}
