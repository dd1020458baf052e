/**
 * The view is in the address: indicator, unit, period, segment, sort and status filter are query
 * parameters, so a reload or a shared link opens the same view and the back button returns to
 * the previous one. Missing parameters take defaults (first indicator, the user's root unit,
 * the current period, all segments, behind first, every status).
 */
export type SortKey = 'gap' | 'value' | 'name';

export interface ViewState {
  indicator: string | null;
  unit: string | null;
  period: string | null;
  segment: string | null;
  sort: SortKey;
  status: string | null;
}

const SORTS: readonly SortKey[] = ['gap', 'value', 'name'];

export function readView(q: URLSearchParams): ViewState {
  const sort = q.get('sort') as SortKey | null;
  return {
    indicator: q.get('indicator') || null,
    unit: q.get('unit') || null,
    period: q.get('period') || null,
    segment: q.get('segment') || null,
    sort: sort && SORTS.includes(sort) ? sort : 'gap',
    status: q.get('status') || null,
  };
}

/** The query string of a view (defaults left out, so links stay short). */
export function writeView(v: ViewState): URLSearchParams {
  const q = new URLSearchParams();
  if (v.indicator) q.set('indicator', v.indicator);
  if (v.unit) q.set('unit', v.unit);
  if (v.period) q.set('period', v.period);
  if (v.segment) q.set('segment', v.segment);
  if (v.sort !== 'gap') q.set('sort', v.sort);
  if (v.status) q.set('status', v.status);
  return q;
}
