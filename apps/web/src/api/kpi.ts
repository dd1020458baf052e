import { serviceClient } from './client';
import type { components, paths } from './generated/kpi-aggregator';

/** kpi-aggregator's API through the web server's proxy, typed from docs/openapi/kpi-aggregator.json. */
export type KpiClient = ReturnType<typeof serviceClient<paths>>;
export type Schemas = components['schemas'];
/**
 * A cell as the API answers it: value, target, what is expected now, the deadline and whether the
 * status is final, the baseline (value and its day), status and its words.
 */
export type Cell = Schemas['CellViewDoc'];
export type NodeView = Schemas['NodeViewDoc'];
export type DrillDown = Schemas['DrillDownViewDoc'];
export type Series = Schemas['SeriesViewDoc'];
export type Indicator = Schemas['IndicatorDoc'];
export type OrgUnit = Schemas['OrgUnitDoc'];

export const KPI_BASE = '/api/kpi';

export function kpiClient(token: string | null, onUnauthorized: () => void): KpiClient {
  return serviceClient<paths>(KPI_BASE, token, onUnauthorized);
}
