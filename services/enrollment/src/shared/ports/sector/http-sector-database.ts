import { PortLog, SILENT_LOG } from '../port-log';
import {
  checkSectorBatch,
  RosterExportFile,
  SECTOR_REJECTIONS,
  SectorChangeBatch,
  SectorDatabase,
  SectorDatabaseUnavailable,
  SectorRecordAnswer,
} from '../sector-database';
import { parseBatchAnswers, SectorApiClient } from '@qn/sector-database';

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
  private readonly api: SectorApiClient;

  constructor(private readonly options: HttpSectorDatabaseOptions) {
    this.maxBatch = options.maxBatch;
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/sync/v1`;
    this.log = options.log ?? SILENT_LOG;
    this.api = new SectorApiClient(options);
  }

  async submitChanges(batch: SectorChangeBatch): Promise<SectorRecordAnswer[]> {
    checkSectorBatch(batch, this.maxBatch);
    const res = await this.api.call(`${this.base}/change-batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': batch.batchId },
      body: JSON.stringify(batch),
    });
    if (!res.ok) return this.api.refuse(res);
    const answers = parseBatchAnswers(await res.json().catch(() => undefined), SECTOR_REJECTIONS);
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
    const res = await this.api.call(
      `${this.base}/schools/${encodeURIComponent(schoolId)}/roster-exports/${encodeURIComponent(schoolYear)}`,
      { method: 'GET' },
    );
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) return this.api.refuse(res);
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
}
