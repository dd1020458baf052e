/** Diagnostics of the measured run: PostgreSQL wait events, the service's event-loop lag, profile markers. */
import { Client } from 'pg';
import type { ProfileMarkers } from '../../kit/cpu-profile';

/** Mean number of the service's PostgreSQL backends per state/wait event, sampled every 50 ms. */
export class WaitSampler {
  private timer?: NodeJS.Timeout;
  private samples = 0;
  private readonly counts = new Map<string, number>();
  private busy = false;

  constructor(
    private readonly admin: Client,
    private readonly dbName: string,
  ) {}

  start(intervalMs = 50): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const rows: Array<{ k: string; n: number }> = (
        await this.admin.query(
          `SELECT coalesce(state, '?') || ':' || coalesce(wait_event_type || '/' || wait_event, 'CPU') AS k, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`,
          [this.dbName],
        )
      ).rows;
      this.samples++;
      for (const r of rows) this.counts.set(r.k, (this.counts.get(r.k) ?? 0) + r.n);
    } catch {
      /* a lost sample */
    } finally {
      this.busy = false;
    }
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    const out: Record<string, number> = {};
    for (const [k, n] of [...this.counts.entries()].sort((a, b) => b[1] - a[1]))
      out[k] = Math.round((n / Math.max(1, this.samples)) * 10) / 10;
    return out;
  }
}

/** The event-loop lag from the service's /metrics (a scrape also resets the histogram). */
export async function scrapeEventLoop(
  url: string,
): Promise<{ lagP50Ms: number; lagP99Ms: number; lagMaxMs: number } | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const get = (name: string) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
      return m ? Math.round(Number(m[1]) * 1000 * 10) / 10 : NaN;
    };
    return {
      lagP50Ms: get('nodejs_eventloop_lag_p50_seconds'),
      lagP99Ms: get('nodejs_eventloop_lag_p99_seconds'),
      lagMaxMs: get('nodejs_eventloop_lag_max_seconds'),
    };
  } catch {
    return undefined;
  }
}

/** Frames counted inclusively (anywhere on the stack): the steps of one submission. */
export const SUBMISSION_MARKERS: ProfileMarkers = [
  [
    'JWT verify (JwtAuthGuard)',
    (f) => f.functionName === 'canActivate' && f.url.includes('jwt-auth.guard'),
  ],
  ['roles guard', (f) => f.functionName === 'canActivate' && f.url.includes('roles.guard')],
  [
    'ValidationPipe (class-transformer + class-validator)',
    (f) => f.functionName === 'transform' && f.url.includes('validation.pipe'),
  ],
  [
    'idempotency: request fingerprint (canonical JSON + sha256)',
    (f) => f.functionName === 'canonical' && f.url.includes('idempotency'),
  ],
  [
    'TypeORM query() (incl. pg driver)',
    (f) => f.functionName === 'query' && /typeorm\/.*PostgresQueryRunner/.test(f.url),
  ],
  ['pg protocol parsing', (f) => f.url.includes('pg-protocol')],
  ['ioredis', (f) => f.url.includes('/ioredis/')],
  ['pino / pino-http', (f) => /node_modules\/pino(-http)?\//.test(f.url)],
  [
    'express (router, body-parser)',
    (f) => /node_modules\/(express|router|body-parser|raw-body)\//.test(f.url),
  ],
  ['application rules (checkApplication)', (f) => f.functionName === 'checkApplication'],
  [
    'personal data (HMAC + AES-GCM)',
    (f) => f.url.includes('privacy') && /lookupHash|encrypt/.test(f.functionName),
  ],
  [
    'outbox enqueue (schema validation, JSON)',
    (f) => f.functionName === 'enqueue' && f.url.includes('outbox-writer'),
  ],
  [
    'Intl.DateTimeFormat (todayInVietnam)',
    (f) => f.functionName === 'todayInVietnam' || f.functionName === 'today',
  ],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
];
