/**
 * What the services that reach the sector database (CSDL ngành) over its HTTP API share: the
 * call (bearer key, time-out), the "unavailable" error every caller retries on, and the reading
 * of a batch's per-record answers. Each service keeps its own port and adapter for what it sends.
 */

/** The sector database could not take or answer the call now: send the same thing again later. */
export class SectorDatabaseUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SectorDatabaseUnavailable';
  }
}

/**
 * What an adapter may log through (a Nest `Logger` fits): what happened to a call (status, count,
 * duration), never what was sent.
 */
export interface PortLog {
  warn(message: string): void;
  debug(message: string): void;
}

export const SILENT_LOG: PortLog = { warn: () => undefined, debug: () => undefined };

export interface SectorApiOptions {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  timeoutMs: number;
  log?: PortLog;
}

/** One call to the sector database's API; network failures and time-outs are "unavailable". */
export class SectorApiClient {
  private readonly log: PortLog;

  constructor(private readonly options: SectorApiOptions) {
    this.log = options.log ?? SILENT_LOG;
  }

  async call(url: string, init: RequestInit): Promise<Response> {
    const started = Date.now();
    try {
      return await fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${this.options.apiKey}`,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable';
      this.log.warn(`sector database ${why} after ${Date.now() - started} ms`);
      throw new SectorDatabaseUnavailable(`the sector database is ${why}`);
    }
  }

  /** An answer the caller cannot use: drained, logged by status, and "unavailable". */
  async refuse(res: Response): Promise<never> {
    await res.body?.cancel().catch(() => undefined);
    this.log.warn(`sector database answered HTTP ${res.status}`);
    throw new SectorDatabaseUnavailable(`the sector database answered HTTP ${res.status}`);
  }
}

export type BatchAnswer<R extends string> =
  { ref: string; status: 'accepted' } | { ref: string; status: 'rejected'; reason: R | 'other' };

/**
 * A batch's answers as the API writes them, `{"results":[{"ref","status":"ACCEPTED"} |
 * {"ref","status":"REJECTED","reason":"UPPER_SNAKE"}]}`, with the reasons mapped to `rejections`
 * (kebab-case; an unknown one is `other`); undefined when the body is not that.
 */
export function parseBatchAnswers<R extends string>(
  body: unknown,
  rejections: readonly R[],
): Array<BatchAnswer<R>> | undefined {
  const reasons = new Map<string, R>(
    rejections.map((r) => [r.toUpperCase().replace(/-/g, '_'), r]),
  );
  const results = (body as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return undefined;
  const out: Array<BatchAnswer<R>> = [];
  for (const r of results as Array<{ ref?: unknown; status?: unknown; reason?: unknown }>) {
    if (typeof r?.ref !== 'string') return undefined;
    if (r.status === 'ACCEPTED') out.push({ ref: r.ref, status: 'accepted' });
    else if (r.status === 'REJECTED')
      out.push({
        ref: r.ref,
        status: 'rejected',
        reason: (typeof r.reason === 'string' && reasons.get(r.reason)) || 'other',
      });
    else return undefined;
  }
  return out;
}
