import { Logger } from '@nestjs/common';
import type { SignerRole } from '../signing/domain/record';
import type { RegisteredSigner } from '../signing/domain/verify-record';
import {
  checkTermResultBatch,
  SectorDatabaseUnavailable,
  TERM_RESULT_REJECTIONS,
  type RecordsSectorDatabase,
  type SignerRegistration,
  type TermResultAnswer,
  type TermResultBatch,
} from './records-sector-database';
import { parseBatchAnswers, SectorApiClient } from '@qn/sector-database';

export interface HttpRecordsSectorDatabaseOptions {
  /** Base URL of the sector database's API, e.g. https://csdl.quangninh.edu.vn/api */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  timeoutMs: number;
  maxBatch: number;
}

/**
 * The sector database's HTTP API as records reaches it (the shape the platform expects, as
 * enrollment's `HttpSectorDatabase`):
 *
 * - `POST {baseUrl}/results/v1/term-batches`, `Authorization: Bearer <key>`,
 *   `Idempotency-Key: <batchId>`, JSON body: the `TermResultBatch` as is (`batchId`, `schoolId`,
 *   `schoolYear`, `term` "2025-2026-HK1", `records[]`: `ref` (student id), `classId`, `grade`,
 *   `subjects[]` `{code, result}`, `conduct`, `learningLevel?` for a secondary learner; a primary
 *   learner's record (grades 1-5) says `kind: "primary"` and carries `subjects[]`
 *   `{code, level: T|H|C, testScore?}` (a whole mark 1-10, where the subject has a periodic test)
 *   and `qualities` `{<code>: T|Đ|C}` for the 15 qualities and competencies, no conduct); 200 with
 *   `{"results":[{"ref":"…","status":"ACCEPTED"}|{"ref":"…","status":"REJECTED","reason":"UNKNOWN_LEARNER"}]}`,
 *   one per record in the batch's order. Reasons are the upper-snake form of
 *   `TERM_RESULT_REJECTIONS`; any other is `other`. The same batch id again is answered as the
 *   first time.
 * - `POST {baseUrl}/signing/v1/signers` with a `SignerRegistration` (2xx, or 409 when held).
 * - `GET {baseUrl}/signing/v1/schools/{schoolId}/signers`: `{"signers":[{role, schoolId, certificateSha256}]}`.
 *
 * A network error, the timeout, another status, or a malformed answer is
 * `SectorDatabaseUnavailable`. Logs carry statuses and counts, never a body.
 */
export class HttpRecordsSectorDatabase implements RecordsSectorDatabase {
  readonly provider = 'sector-database-api';
  readonly maxBatch: number;
  private readonly base: string;
  private readonly log = new Logger('SectorDatabase');
  private readonly api: SectorApiClient;

  constructor(private readonly options: HttpRecordsSectorDatabaseOptions) {
    this.maxBatch = options.maxBatch;
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.api = new SectorApiClient({ ...options, log: this.log });
  }

  async submitTermResults(batch: TermResultBatch): Promise<TermResultAnswer[]> {
    checkTermResultBatch(batch, this.maxBatch);
    const res = await this.api.call(`${this.base}/results/v1/term-batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': batch.batchId },
      body: JSON.stringify(batch),
    });
    if (!res.ok) return this.api.refuse(res);
    const answers = parseBatchAnswers(
      await res.json().catch(() => undefined),
      TERM_RESULT_REJECTIONS,
    );
    if (
      !answers ||
      answers.length !== batch.records.length ||
      answers.some((a, i) => a.ref !== batch.records[i]!.ref)
    ) {
      this.log.warn('sector database answered a malformed or incomplete body');
      throw new SectorDatabaseUnavailable('the sector database answered a malformed body');
    }
    this.log.debug(`sector database answered ${answers.length} term results`);
    return answers;
  }

  async registerSigner(registration: SignerRegistration): Promise<void> {
    const res = await this.api.call(`${this.base}/signing/v1/signers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok && res.status !== 409) return this.api.refuse(res);
  }

  async registeredSigners(schoolId: string): Promise<RegisteredSigner[]> {
    const res = await this.api.call(
      `${this.base}/signing/v1/schools/${encodeURIComponent(schoolId)}/signers`,
      { method: 'GET' },
    );
    if (!res.ok) return this.api.refuse(res);
    const body = (await res.json().catch(() => undefined)) as { signers?: unknown } | undefined;
    if (!Array.isArray(body?.signers))
      throw new SectorDatabaseUnavailable('the sector database answered a malformed body');
    return (body.signers as Array<Record<string, unknown>>).map((s) => ({
      role: s.role as SignerRole,
      schoolId: String(s.schoolId),
      certificateSha256: String(s.certificateSha256),
    }));
  }
}
