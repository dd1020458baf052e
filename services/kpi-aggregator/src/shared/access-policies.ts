import { ClientScope, everyone, Reach, RoutePolicy, UserRole } from '@qn/auth';

/**
 * Who reads the aggregator: aggregates, never a child's record. The department sees the
 * province; a commune its tree (aggregates of every school in it, the department-managed ones
 * included, since figures name no child); school people their school. Families read the public
 * dashboard instead.
 */
export const AGGREGATE_READERS: Partial<Record<UserRole, Reach>> = {
  province: Reach.All,
  commune: Reach.Unit,
  principal: Reach.Unit,
  'school-staff': Reach.Unit,
  teacher: Reach.Unit,
};

export const readAggregates = (resource: string, target?: RoutePolicy['target']): RoutePolicy => ({
  action: 'read',
  resource,
  users: AGGREGATE_READERS,
  ...(target ? { target } : {}),
});

/** The indicator catalogue is reference data. */
export const readCatalogue: RoutePolicy = {
  action: 'read',
  resource: 'indicator-catalogue',
  users: everyone(),
  clients: { [ClientScope.MasterDataRead]: Reach.All },
};
