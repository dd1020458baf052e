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

/** The dashboard reads kpi-aggregator; the families' page enrollment, payments and records. */
export function upstreams(env: Record<string, string | undefined>): Upstream[] {
  return [
    { prefix: '/api/kpi', target: env.KPI_URL ?? 'http://127.0.0.1:3005' },
    { prefix: '/api/enrollment', target: env.ENROLLMENT_URL ?? 'http://127.0.0.1:3002' },
    { prefix: '/api/payments', target: env.PAYMENTS_URL ?? 'http://127.0.0.1:3004' },
    { prefix: '/api/records', target: env.RECORDS_URL ?? 'http://127.0.0.1:3006' },
  ];
}
