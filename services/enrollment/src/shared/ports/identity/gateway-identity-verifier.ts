import { randomUUID } from 'node:crypto';
import type { IdentityCheckResult } from '@qn/contracts';
import {
  IdentityAnswer,
  IdentityQuery,
  IdentityServiceUnavailable,
  IdentityVerifier,
} from '../identity-verifier';
import { PortLog, SILENT_LOG } from '../port-log';
import { answersMatch, checkIdentityBatch } from './identity-batch';

export interface GatewayIdentityOptions {
  /** Base URL of the sector gateway, e.g. https://csdl.quangninh.edu.vn/api */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Whole-call timeout (connect, send, answer), ms. */
  timeoutMs: number;
  maxBatch: number;
  log?: PortLog;
}

/** The gateway's status of one query, as its API spells it. */
const STATUS: Record<string, IdentityCheckResult> = {
  MATCH: 'verified',
  MISMATCH: 'mismatch',
  NOT_FOUND: 'not-found',
};

/**
 * The real register, reached through the sector gateway's identity API (the province's
 * connection to the national population database / VNeID). The shape it expects:
 *
 * `POST {baseUrl}/identity/v1/verifications`, `Authorization: Bearer <key>`,
 * `Content-Type: application/json`, `X-Request-Id: <uuid>`, body
 * `{"requests":[{"ref":"…","personalId":"012345678901","fullName":"Nguyễn Văn A","dateOfBirth":"2015-03-02"}]}`
 * (at most `maxBatch` requests, names NFC);
 * 200 with `{"results":[{"ref":"…","status":"MATCH"|"MISMATCH"|"NOT_FOUND"}]}`, one per request.
 *
 * Anything else (a network error, the timeout, a non-2xx status, a body that is not that shape or
 * does not answer every ref exactly once) is `IdentityServiceUnavailable`: nothing of the batch
 * is kept, and the caller tries again later. Logs carry the status and counts, never the body.
 */
export class GatewayIdentityVerifier implements IdentityVerifier {
  readonly provider = 'sector-gateway';
  readonly maxBatch: number;
  private readonly url: string;
  private readonly log: PortLog;

  constructor(private readonly options: GatewayIdentityOptions) {
    this.maxBatch = options.maxBatch;
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/identity/v1/verifications`;
    this.log = options.log ?? SILENT_LOG;
  }

  async verify(batch: IdentityQuery[]): Promise<IdentityAnswer[]> {
    checkIdentityBatch(batch, this.maxBatch);
    if (batch.length === 0) return [];
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'x-request-id': randomUUID(),
        },
        body: JSON.stringify({
          requests: batch.map((q) => ({
            ref: q.ref,
            personalId: q.personalId,
            fullName: q.fullName.normalize('NFC'),
            dateOfBirth: q.dateOfBirth,
          })),
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable';
      this.log.warn(`identity gateway ${why} after ${Date.now() - started} ms`);
      throw new IdentityServiceUnavailable(`the identity gateway is ${why}`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      this.log.warn(`identity gateway answered HTTP ${res.status}`);
      throw new IdentityServiceUnavailable(`the identity gateway answered HTTP ${res.status}`);
    }
    const answers = parseAnswers(await res.json().catch(() => undefined));
    if (!answers || !answersMatch(batch, answers)) {
      this.log.warn('identity gateway answered a malformed or incomplete body');
      throw new IdentityServiceUnavailable('the identity gateway answered a malformed body');
    }
    this.log.debug(
      `identity gateway answered ${answers.length} queries in ${Date.now() - started} ms`,
    );
    return answers;
  }
}

function parseAnswers(body: unknown): IdentityAnswer[] | undefined {
  const results = (body as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return undefined;
  const out: IdentityAnswer[] = [];
  for (const r of results as Array<{ ref?: unknown; status?: unknown }>) {
    const result = typeof r?.status === 'string' ? STATUS[r.status] : undefined;
    if (typeof r?.ref !== 'string' || !result) return undefined;
    out.push({ ref: r.ref, result });
  }
  return out;
}
