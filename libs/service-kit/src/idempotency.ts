import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { from, Observable, of, switchMap, catchError, throwError } from 'rxjs';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { declaredStatus } from './http/route-status';
import { ProblemException } from './problem-details';
import { redisKey as keyOf } from './redis';
import { REDIS, SERVICE_CONFIG } from './tokens';

/**
 * `Idempotency-Key` on write APIs, handled once for every service (IETF draft
 * "The Idempotency-Key HTTP Header Field"). The first response to a key is recorded in
 * PostgreSQL **in the transaction of its effect** (`recordIdempotentResponse`, or
 * `idempotentTransaction` around the use case): the effect and its answer commit together or not
 * at all, so a retry after any crash gets the first answer and never a second effect. Redis only
 * shortcuts: a copy of the answer is kept there for fast replays, and Redis being slow, flushed
 * or gone changes nothing but speed.
 *
 * Concurrent requests with one key need no in-progress marker: the record's primary key makes
 * the second transaction wait for the first and then fail its own record, so it rolls back and
 * replays the first answer. A lock held by an open transaction dies with its connection, so
 * nothing outlives a crashed request. A retry with the same key and another body is refused (422).
 * Failed requests are not recorded (their transaction rolled back), so the client may retry them.
 */
export const IDEMPOTENCY_OPTIONS = 'qn:idempotency';
export interface IdempotencyOptions {
  /** Refuse the request (400) when the header is missing. */
  required?: boolean;
}
/**
 * Marks a write endpoint as idempotent by `Idempotency-Key`. Its use case must record its
 * response in the transaction of its effect on every path that succeeds; a route that does not
 * is an error: a 500 under NODE_ENV=test (where every request of the route records, with or
 * without a key), logged and recorded after the commit elsewhere.
 */
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
  fingerprint: string;
  status: number;
  body: unknown;
}

/** The Idempotency-Key of the request being handled, for `recordIdempotentResponse`. */
interface IdempotencyScope {
  keyHash: string;
  fingerprint: string;
  /** The status the route answers on success (its @HttpCode, else 201 for POST, 200 otherwise). */
  status: number;
  recorded?: { status: number; body: unknown };
}

/**
 * The key already has a durable record: thrown from the record's insert so the business
 * transaction rolls back, and answered with the stored response.
 */
class AlreadyRecorded extends Error {
  constructor() {
    super('Idempotency-Key already has a recorded response');
  }
}
const currentScope = new AsyncLocalStorage<IdempotencyScope>();

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Records the response the current request will return in the caller's business transaction,
 * so the effect and its replay record commit together. Call it last in the transaction, with the
 * body the route returns (`status` only when it differs from the route's). A no-op outside an
 * `@Idempotent` request with a key (e.g. the same use case driven by a Kafka consumer).
 */
export async function recordIdempotentResponse(
  tx: Queryable,
  body: unknown,
  status?: number,
): Promise<void> {
  const scope = currentScope.getStore();
  if (!scope) return;
  const response = { status: status ?? scope.status, body: body ?? null };
  if (!(await insertRecord(tx, scope, response))) throw new AlreadyRecorded();
  scope.recorded = response;
}

/**
 * `ds.transaction(fn)` that records the request's idempotent response in the same transaction:
 * what `fn` returns, or `present(result)` when the route answers with a view of it. The usual
 * shape of an `@Idempotent` use case.
 */
export function idempotentTransaction<T, A = T>(
  ds: DataSource,
  fn: (tx: EntityManager) => Promise<T>,
  present?: (result: T) => A,
): Promise<A> {
  return ds.transaction(async (tx) => {
    const result = await fn(tx);
    const answer = present ? present(result) : (result as unknown as A);
    await recordIdempotentResponse(tx, answer);
    return answer;
  });
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

/** Inserts the key's record; false when the key already has one within its replay window. */
async function insertRecord(
  q: Queryable,
  scope: IdempotencyScope,
  response: { status: number; body: unknown },
): Promise<boolean> {
  const inserted = await q.query(INSERT_RECORD, [
    scope.keyHash,
    scope.fingerprint,
    response.status,
    JSON.stringify(response.body),
  ]);
  return insertedRows(inserted) > 0;
}

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
  private readonly log = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG)
    private readonly config: { service?: string; TOPIC_PREFIX?: string; NODE_ENV?: string },
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.getAllAndOverride<IdempotencyOptions | undefined>(
      IDEMPOTENCY_OPTIONS,
      [ctx.getHandler(), ctx.getClass()],
    );
    if (!options || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { principal?: { subject: string } }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    // Test mode runs every request of an @Idempotent route through the recording path, so any
    // test that reaches a route whose use case forgets to record fails, key or not.
    const key =
      req.header('idempotency-key') ??
      (this.config.NODE_ENV === 'test' && !options.required ? `test:${randomUUID()}` : undefined);
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
    const redisKey = keyOf(this.config, 'idem', keyHash);
    const fingerprint = sha256(canonical(req.body));
    const status = declaredStatus(ctx, req.method);
    const replay = (stored: StoredResponse) => {
      res.status(stored.status);
      res.setHeader('Idempotent-Replayed', 'true');
      return of(stored.body);
    };

    return from(this.cached(redisKey)).pipe(
      switchMap((cached) => {
        if (cached) return replay(this.check(cached, fingerprint));
        const scope: IdempotencyScope = { keyHash, fingerprint, status };
        // handle() binds the async context it is called in: the handler sees `scope`.
        return currentScope
          .run(scope, () => next.handle())
          .pipe(
            switchMap((body) =>
              from(this.afterSuccess(redisKey, scope, req, body)).pipe(
                switchMap((durable) => (durable ? replay(durable) : of(body))),
              ),
            ),
            catchError((err) =>
              from(this.afterFailure(redisKey, scope, err)).pipe(
                switchMap((durable) => (durable ? replay(durable) : throwError(() => err))),
              ),
            ),
          );
      }),
    );
  }

  /** Redis' copy of a recorded answer; a Redis failure is only a miss. */
  private async cached(redisKey: string): Promise<StoredResponse | null> {
    const raw = await this.redis.get(redisKey).catch(() => null);
    if (!raw) return null;
    try {
      const found = JSON.parse(raw) as StoredResponse & { state?: string };
      // Copies written before answers were recorded in transactions held in-progress markers.
      return found.state === 'pending' ? null : found;
    } catch {
      return null;
    }
  }

  /**
   * After a failed request: the recorded answer when the failure came from repeating a completed
   * request (the record's own insert, or the effect refusing the repeat), else the failure.
   */
  private async afterFailure(
    redisKey: string,
    scope: IdempotencyScope,
    err: unknown,
  ): Promise<StoredResponse | null> {
    const durable = await this.fromDatabase(scope.keyHash).catch(() => null);
    if (durable) return this.adopt(redisKey, durable, scope.fingerprint);
    if (err instanceof AlreadyRecorded)
      // Recorded, yet unreadable now (the database failed in between): the client retries.
      throw new ProblemException(
        503,
        'idempotency-record-unreadable',
        'The first answer to this Idempotency-Key cannot be read now',
        'retry shortly with the same key',
      );
    return null;
  }

  private async afterSuccess(
    redisKey: string,
    scope: IdempotencyScope,
    req: Request,
    body: unknown,
  ): Promise<StoredResponse | null> {
    if (scope.recorded) {
      await this.remember(redisKey, { fingerprint: scope.fingerprint, ...scope.recorded });
      return null;
    }
    // The route's use case did not record its answer with its effect: a retry after a crash
    // here could apply it twice. Tests fail on it; elsewhere it is logged and recorded late.
    const message = `${req.method} ${req.route?.path ?? req.path} is @Idempotent but did not record its response in the transaction of its effect (recordIdempotentResponse / idempotentTransaction)`;
    if (this.config.NODE_ENV === 'test') throw new Error(message);
    this.log.error(message);
    const response = { status: scope.status, body: body ?? null };
    if (!(await insertRecord(this.ds, scope, response))) {
      const durable = await this.fromDatabase(scope.keyHash);
      if (durable) return this.adopt(redisKey, durable, scope.fingerprint);
    }
    await this.remember(redisKey, { fingerprint: scope.fingerprint, ...response });
    return null;
  }

  /** The recorded answer, copied to Redis, to replay (422 when the key came with another body). */
  private async adopt(
    redisKey: string,
    durable: StoredResponse,
    fingerprint: string,
  ): Promise<StoredResponse> {
    await this.remember(redisKey, durable);
    return this.check(durable, fingerprint);
  }

  private check(stored: StoredResponse, fingerprint: string): StoredResponse {
    if (stored.fingerprint !== fingerprint)
      throw new ProblemException(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused with a different request',
        'a key identifies one request; use a new key for a different body',
      );
    return stored;
  }

  private async fromDatabase(keyHash: string): Promise<StoredResponse | null> {
    const rows: Array<{ fingerprint: string; status: number; body: unknown }> = await this.ds.query(
      `SELECT fingerprint, status, body FROM idempotency_record WHERE key_hash = $1 AND created_at > now() - make_interval(secs => $2)`,
      [keyHash, IdempotencyInterceptor.retentionSeconds],
    );
    return rows[0] ?? null;
  }

  /** Keeps a copy in Redis for fast replays; best effort (PostgreSQL holds the record). */
  private async remember(redisKey: string, stored: StoredResponse): Promise<void> {
    await this.redis
      .set(redisKey, JSON.stringify(stored), 'EX', IdempotencyInterceptor.retentionSeconds)
      .catch(() => undefined);
  }
}
