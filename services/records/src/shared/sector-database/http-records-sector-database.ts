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
  type TermResultRejection,
} from './records-sector-database';

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

  constructor(private readonly options: HttpRecordsSectorDatabaseOptions) {
    this.maxBatch = options.maxBatch;
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  async submitTermResults(batch: TermResultBatch): Promise<TermResultAnswer[]> {
    checkTermResultBatch(batch, this.maxBatch);
    const res = await this.call(`${this.base}/results/v1/term-batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': batch.batchId },
      body: JSON.stringify(batch),
    });
    if (!res.ok) return this.refuse(res);
    const answers = parseResults(await res.json().catch(() => undefined));
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
    const res = await this.call(`${this.base}/signing/v1/signers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok && res.status !== 409) return this.refuse(res);
  }

  async registeredSigners(schoolId: string): Promise<RegisteredSigner[]> {
    const res = await this.call(
      `${this.base}/signing/v1/schools/${encodeURIComponent(schoolId)}/signers`,
      { method: 'GET' },
    );
    if (!res.ok) return this.refuse(res);
    const body = (await res.json().catch(() => undefined)) as { signers?: unknown } | undefined;
    if (!Array.isArray(body?.signers))
      throw new SectorDatabaseUnavailable('the sector database answered a malformed body');
    return (body.signers as Array<Record<string, unknown>>).map((s) => ({
      role: s.role as SignerRole,
      schoolId: String(s.schoolId),
      certificateSha256: String(s.certificateSha256),
    }));
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

const REASONS = new Map<string, TermResultRejection>(
  TERM_RESULT_REJECTIONS.map((r) => [r.toUpperCase().replace(/-/g, '_'), r]),
);

function parseResults(body: unknown): TermResultAnswer[] | undefined {
  const results = (body as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return undefined;
  const out: TermResultAnswer[] = [];
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
