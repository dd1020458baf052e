import type { OrgUnitFacts } from './policy/access';

/**
 * Port to the organisation tree. Each service keeps its own copy of the tree (fed by
 * `registry.org-unit.changed` events), so auth only asks through this interface.
 */
export type OrgUnitAncestry = OrgUnitFacts;

/** Nest injection token for the service's OrgUnitAncestry implementation. */
export const ORG_UNIT_ANCESTRY = Symbol('ORG_UNIT_ANCESTRY');

/** What a list query over units may return: everything, or rows of a unit and all units beneath it. */
export type ScopeFilter = { all: true } | { withinOrgUnitId: string };
