import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { from, Observable, of, switchMap, catchError, throwError } from 'rxjs';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { ProblemException } from './problem-details';
import { REDIS, SERVICE_CONFIG } from './tokens';

/**
 * `Idempotency-Key` on write APIs, handled once for every service (IETF draft
 * "The Idempotency-Key HTTP Header Field"): the first response to a key is stored in Redis
 * (fast path) and PostgreSQL (survives a Redis flush) and replayed for a retry with the same
 * key and the same body; a retry with another body is refused (422); a retry while the first is
 * still running gets 409. Failed requests are not stored, so the client may retry them.
 */
export const IDEMPOTENCY_OPTIONS = 'qn:idempotency';
export interface IdempotencyOptions {
  /** Refuse the request (400) when the header is missing. */
  required?: boolean;
  /**
   * The handler calls `recordIdempotentResponse` in the transaction of its effect on every path
   * that succeeds. The durable copy of a first response is then looked for where it matters
   * instead of by a read before every request (one PostgreSQL round trip less): the record's own
   * insert finds it (the transaction rolls back and the stored response is replayed), and so
   * does a look-up after a failure (e.g. the effect's unique index refusing the repeat).
   * Redis alone still stops the ordinary retry.
   */
  recordedInTransaction?: boolean;
}
/** Marks a write endpoint as idempotent by `Idempotency-Key`. */
export const Idempotent = (options: IdempotencyOptions = { required: true }) =>
  SetMetadata(IDEMPOTENCY_OPTIONS, options);

export class IdempotencyTable1732300000300 implements MigrationInterface {
  name = 'IdempotencyTable1732300000300';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_record (
        key_hash text PRIMARY KEY,
        fingerprint text NOT NULL,
        status integer NOT NULL,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_record`);
  }
}

interface StoredResponse {
  state: 'done';
  fingerprint: string;
  status: number;
  body: unknown;
}
interface Pending {
  state: 'pending';
  fingerprint: string;
}

/** The Idempotency-Key of the request being handled, for `recordIdempotentResponse`. */
interface IdempotencyScope {
  keyHash: string;
  fingerprint: string;
  /** PostgreSQL was not read before the handler (`recordedInTransaction`). */
  unchecked: boolean;
  recorded?: { status: number; body: unknown };
}

/**
 * The key already has a durable record (Redis had lost it): thrown from the record's insert so
 * the business transaction rolls back, and answered with the stored response.
 */
class AlreadyRecorded extends Error {
  constructor() {
    super('Idempotency-Key already has a recorded response');
  }
}
const currentScope = new AsyncLocalStorage<IdempotencyScope>();

/**
 * Stores the response the current request will return in the caller's business transaction,
 * so the effect and its replay record commit together: no second commit per request, and no
 * window where the effect is committed but a retry would run it again. A no-op outside an
 * `@Idempotent` request with a key (e.g. the same use case driven by a Kafka consumer).
 */
export async function recordIdempotentResponse(
  tx: { query(sql: string, params?: unknown[]): Promise<unknown> },
  status: number,
  body: unknown,
): Promise<void> {
  const scope = currentScope.getStore();
  if (!scope) return;
  const inserted = await tx.query(INSERT_RECORD, [
    scope.keyHash,
    scope.fingerprint,
    status,
    JSON.stringify(body ?? null),
  ]);
  if (scope.unchecked && insertedRows(inserted) === 0) throw new AlreadyRecorded();
  scope.recorded = { status, body: body ?? null };
}

/** How long a first response is replayed. */
const REPLAY_WINDOW_SECONDS = 24 * 3600;
/** Inserts the record, or replaces one past its replay window that retention has not deleted yet. */
const INSERT_RECORD = `INSERT INTO idempotency_record AS r (key_hash, fingerprint, status, body) VALUES ($1, $2, $3, $4)
  ON CONFLICT (key_hash) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, body = EXCLUDED.body, created_at = now()
  WHERE r.created_at <= now() - interval '${REPLAY_WINDOW_SECONDS} seconds'
  RETURNING 1 AS inserted`;
/** Rows an INSERT … RETURNING gave back: TypeORM answers with the rows, node-postgres with a result. */
const insertedRows = (result: unknown): number =>
  Array.isArray(result)
    ? result.length
    : ((result as { rowCount?: number | null } | undefined)?.rowCount ?? 0);

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Stable JSON (sorted keys), so the same body sent with keys in another order matches. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** How long a first response is replayed. */
  static readonly retentionSeconds = REPLAY_WINDOW_SECONDS;
  /** How long a request may run before a retry with its key is allowed to start over. */
  static readonly pendingSeconds = 60;

  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: { service?: string; TOPIC_PREFIX?: string },
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.getAllAndOverride<IdempotencyOptions | undefined>(
      IDEMPOTENCY_OPTIONS,
      [ctx.getHandler(), ctx.getClass()],
    );
    if (!options || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { principal?: { subject: string } }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (key === undefined) {
      if (options.required) {
        throw new ProblemException(
          400,
          'idempotency-key-required',
          'Idempotency-Key header required',
          'send a unique Idempotency-Key (e.g. a UUID) with this request so a retry cannot apply it twice',
          { errors: [{ field: 'Idempotency-Key', message: 'is required' }] },
        );
      }
      return next.handle();
    }
    if (!KEY_PATTERN.test(key)) {
      throw new ProblemException(
        400,
        'idempotency-key-invalid',
        'Idempotency-Key is not valid',
        'use 1-255 visible ASCII characters',
        {
          errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }],
        },
      );
    }
    // The key is the caller's: scoped by who calls, and where.
    const keyHash = sha256(
      `${req.principal?.subject ?? 'anonymous'}\n${req.method}\n${req.path}\n${key}`,
    );
    // Namespaced like the deployment's topics, so deployments sharing a Redis never meet.
    const redisKey = `idem:${this.config.TOPIC_PREFIX ?? ''}${this.config.service ?? 'service'}:${keyHash}`;
    const fingerprint = sha256(canonical(req.body));

    const unchecked = options.recordedInTransaction === true;
    const replay = (stored: StoredResponse) => {
      res.status(stored.status);
      res.setHeader('Idempotent-Replayed', 'true');
      return of(stored.body);
    };

    return from(this.begin(redisKey, keyHash, fingerprint, unchecked)).pipe(
      switchMap((stored) => {
        if (stored) return replay(stored);
        const scope: IdempotencyScope = { keyHash, fingerprint, unchecked };
        // handle() binds the async context it is called in: the handler sees `scope`.
        return currentScope
          .run(scope, () => next.handle())
          .pipe(
            switchMap((body) =>
              from(this.finish(redisKey, scope, res.statusCode, body)).pipe(
                switchMap((durable) => (durable ? replay(durable) : of(body))),
              ),
            ),
            catchError((err) =>
              from(this.afterFailure(redisKey, scope)).pipe(
                switchMap((durable) => (durable ? replay(durable) : throwError(() => err))),
              ),
            ),
          );
      }),
    );
  }

  /**
   * After a failed request: the durable response when PostgreSQL was not read before and has
   * one (the failure came from repeating a completed request), otherwise the key is released
   * so the client may retry.
   */
  private async afterFailure(
    redisKey: string,
    scope: IdempotencyScope,
  ): Promise<StoredResponse | null> {
    if (scope.unchecked) {
      // Unreadable: the request's own error is the answer, and the key is released.
      const durable = await this.fromDatabase(scope.keyHash).catch(() => null);
      if (durable) {
        await this.remember(redisKey, durable);
        return this.check(durable, scope.fingerprint);
      }
    }
    await this.redis.del(redisKey).catch(() => 0);
    return null;
  }

  /** The stored response to replay, or null when this request may run (and now holds the key). */
  private async begin(
    redisKey: string,
    keyHash: string,
    fingerprint: string,
    unchecked: boolean,
  ): Promise<StoredResponse | null> {
    const pending: Pending = { state: 'pending', fingerprint };
    for (let attempt = 0; attempt < 2; attempt++) {
      const acquired = await this.redis.set(
        redisKey,
        JSON.stringify(pending),
        'EX',
        IdempotencyInterceptor.pendingSeconds,
        'NX',
      );
      if (acquired === 'OK') {
        // Redis may have lost the record (flush, failover): PostgreSQL has the durable copy,
        // read now unless the handler's own transaction will find it.
        if (unchecked) return null;
        const durable = await this.fromDatabase(keyHash);
        if (!durable) return null;
        await this.remember(redisKey, durable);
        return this.check(durable, fingerprint);
      }
      const raw = await this.redis.get(redisKey);
      if (raw === null) continue; // expired between the two calls: try once more
      const found = JSON.parse(raw) as StoredResponse | Pending;
      if (found.state === 'pending') {
        if (found.fingerprint !== fingerprint) throw this.mismatch();
        throw new ProblemException(
          409,
          'idempotency-key-in-progress',
          'A request with this Idempotency-Key is in progress',
          'retry after the first request has finished',
        );
      }
      return this.check(found, fingerprint);
    }
    throw new ProblemException(
      409,
      'idempotency-key-in-progress',
      'A request with this Idempotency-Key is in progress',
      'retry shortly',
    );
  }

  private check(stored: StoredResponse, fingerprint: string): StoredResponse {
    if (stored.fingerprint !== fingerprint) throw this.mismatch();
    return stored;
  }

  private mismatch() {
    return new ProblemException(
      422,
      'idempotency-key-reused',
      'Idempotency-Key reused with a different request',
      'a key identifies one request; use a new key for a different body',
    );
  }

  private async fromDatabase(keyHash: string): Promise<StoredResponse | null> {
    const rows: Array<{ fingerprint: string; status: number; body: unknown }> = await this.ds.query(
      `SELECT fingerprint, status, body FROM idempotency_record WHERE key_hash = $1 AND created_at > now() - make_interval(secs => $2)`,
      [keyHash, IdempotencyInterceptor.retentionSeconds],
    );
    return rows[0] ? { state: 'done', ...rows[0] } : null;
  }

  /**
   * Stores the response for replay; answers the durable one instead when the key already had
   * a record (see `recordedInTransaction`).
   */
  private async finish(
    redisKey: string,
    scope: IdempotencyScope,
    status: number,
    body: unknown,
  ): Promise<StoredResponse | null> {
    // Recorded in the business transaction already: Redis gets the same copy PostgreSQL has.
    const response = scope.recorded ?? { status, body: body ?? null };
    const stored: StoredResponse = { state: 'done', fingerprint: scope.fingerprint, ...response };
    if (!scope.recorded) {
      const inserted = await this.ds.query(INSERT_RECORD, [
        scope.keyHash,
        scope.fingerprint,
        response.status,
        JSON.stringify(response.body),
      ]);
      // Only reachable when a handler marked recordedInTransaction did not record: the first
      // response stays the one replayed.
      if (scope.unchecked && insertedRows(inserted) === 0) {
        const durable = await this.fromDatabase(scope.keyHash);
        if (durable) {
          await this.remember(redisKey, durable);
          return this.check(durable, scope.fingerprint);
        }
      }
    }
    await this.remember(redisKey, stored);
    return null;
  }

  private remember(redisKey: string, stored: StoredResponse) {
    return this.redis.set(
      redisKey,
      JSON.stringify(stored),
      'EX',
      IdempotencyInterceptor.retentionSeconds,
    );
  }
}
