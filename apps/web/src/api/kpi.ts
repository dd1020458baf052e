import createClient, { Middleware } from 'openapi-fetch';
import { apiErrorMessage, NETWORK_ERROR_VI } from '../messages';
import type { components, paths } from './generated/kpi-aggregator';

/** kpi-aggregator's API through the web server's proxy, typed from docs/openapi/kpi-aggregator.json. */
export type KpiClient = ReturnType<typeof createClient<paths>>;
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

/** An API answer other than 2xx, with the Vietnamese message to show. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(apiErrorMessage(status));
  }
}

export const KPI_BASE = '/api/kpi';

export function kpiClient(token: string | null, onUnauthorized: () => void): KpiClient {
  const auth: Middleware = {
    onRequest({ request }) {
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  };
  const client = createClient<paths>({ baseUrl: `${location.origin}${KPI_BASE}` });
  client.use(auth);
  return client;
}

/** The data of an openapi-fetch answer, or an ApiError / network error in Vietnamese. */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Error(NETWORK_ERROR_VI);
  }
  if (!answer.response.ok || answer.data === undefined) throw new ApiError(answer.response.status);
  return answer.data;
}
