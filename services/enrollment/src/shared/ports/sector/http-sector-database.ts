import { PortLog, SILENT_LOG } from '../port-log';
import {
  checkSectorBatch,
  RosterExportFile,
  SECTOR_REJECTIONS,
  SectorChangeBatch,
  SectorDatabase,
  SectorDatabaseUnavailable,
  SectorRecordAnswer,
  SectorRejection,
} from '../sector-database';

export interface HttpSectorDatabaseOptions {
  /** Base URL of the sector database's API, e.g. https://csdl.quangninh.edu.vn/api */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  timeoutMs: number;
  maxBatch: number;
  log?: PortLog;
}

/**
 * The sector database's HTTP API, the shape the platform expects:
 *
 * - `POST {baseUrl}/sync/v1/change-batches`, `Authorization: Bearer <key>`,
 *   `Idempotency-Key: <batchId>`, JSON body: the `SectorChangeBatch` as is (`batchId`,
 *   `schoolId`, `schoolYear`, `term`, `records[]`: `ref`, `change` enrolled|placed|left,
 *   `personalId`, `fullName`, `dateOfBirth`, `gender`, `grade`, `className`, `effectiveOn`);
 *   200 with `{"results":[{"ref":"…","status":"ACCEPTED"}|{"ref":"…","status":"REJECTED","reason":"ENROLLED_ELSEWHERE"}]}`,
 *   one per record. Reasons are the upper-snake form of `SECTOR_REJECTIONS`; any other is `other`.
 *   The same batch id again is answered as the first time.
 * - `GET {baseUrl}/sync/v1/schools/{schoolId}/roster-exports/{schoolYear}`: 200 with the file
 *   (`Content-Type` text/csv or the XLSX type, `Content-Disposition: attachment; filename=…`), or
 *   404 when the school has no export for the year.
 *
 * A network error, the timeout, another status, or a malformed answer is
 * `SectorDatabaseUnavailable`. Logs carry statuses and counts, never a body.
 */
export class HttpSectorDatabase implements SectorDatabase {
  readonly provider = 'sector-database-api';
  readonly maxBatch: number;
  private readonly base: string;
  private readonly log: PortLog;

  constructor(private readonly options: HttpSectorDatabaseOptions) {
    this.maxBatch = options.maxBatch;
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/sync/v1`;
    this.log = options.log ?? SILENT_LOG;
  }

  async submitChanges(batch: SectorChangeBatch): Promise<SectorRecordAnswer[]> {
    checkSectorBatch(batch, this.maxBatch);
    const res = await this.call(`${this.base}/change-batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': batch.batchId },
      body: JSON.stringify(batch),
    });
    if (!res.ok) return this.refuse(res);
    const answers = parseResults(await res.json().catch(() => undefined));
    const refs = new Set(batch.records.map((r) => r.ref));
    if (
      !answers ||
      answers.length !== refs.size ||
      new Set(answers.map((a) => a.ref)).size !== refs.size ||
      answers.some((a) => !refs.has(a.ref))
    ) {
      this.log.warn('sector database answered a malformed or incomplete body');
      throw new SectorDatabaseUnavailable('the sector database answered a malformed body');
    }
    this.log.debug(`sector database answered ${answers.length} records`);
    return answers;
  }

  async fetchRosterExport(schoolId: string, schoolYear: string): Promise<RosterExportFile | null> {
    const res = await this.call(
      `${this.base}/schools/${encodeURIComponent(schoolId)}/roster-exports/${encodeURIComponent(schoolYear)}`,
      { method: 'GET' },
    );
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) return this.refuse(res);
    const bytes = Buffer.from(await res.arrayBuffer());
    const disposition = res.headers.get('content-disposition') ?? '';
    const fileName =
      /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? `${schoolYear}`;
    return {
      fileName: decodeURIComponent(fileName),
      contentType: (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!,
      bytes,
    };
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
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

  private async refuse(res: Response): Promise<never> {
    await res.body?.cancel().catch(() => undefined);
    this.log.warn(`sector database answered HTTP ${res.status}`);
    throw new SectorDatabaseUnavailable(`the sector database answered HTTP ${res.status}`);
  }
}

const REASONS = new Map<string, SectorRejection>(
  SECTOR_REJECTIONS.map((r) => [r.toUpperCase().replace(/-/g, '_'), r]),
);

function parseResults(body: unknown): SectorRecordAnswer[] | undefined {
  const results = (body as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return undefined;
  const out: SectorRecordAnswer[] = [];
  for (const r of results as Array<{ ref?: unknown; status?: unknown; reason?: unknown }>) {
    if (typeof r?.ref !== 'string') return undefined;
    if (r.status === 'ACCEPTED') out.push({ ref: r.ref, status: 'accepted' });
    else if (r.status === 'REJECTED')
      out.push({
        ref: r.ref,
        status: 'rejected',
        reason: (typeof r.reason === 'string' && REASONS.get(r.reason)) || 'other',
      });
    else return undefined;
  }
  return out;
}
