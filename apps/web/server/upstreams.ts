/**
 * The services the app calls, each behind a path of the app's own origin: the browser talks to
 * one origin (no service needs CORS) and the bearer token goes through unchanged. Shared by the
 * production server and Vite's dev server.
 */
export interface Upstream {
  /** Path prefix on the app's origin, removed before forwarding. */
  prefix: string;
  /** The service's base URL. */
  target: string;
}

export function upstreams(env: Record<string, string | undefined>): Upstream[] {
  return [{ prefix: '/api/kpi', target: env.KPI_URL ?? 'http://127.0.0.1:3005' }];
}
