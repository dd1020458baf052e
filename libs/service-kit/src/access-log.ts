import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  NestInterceptor,
  Query,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AccessContext, Policy, POLICY_KEY, Reach, RoutePolicy } from '@qn/auth';
import { declaredStatus } from './http/route-status';
import { statusOf } from './problem-details';

/**
 * The access log (nhật ký truy cập): one row for every read and change of a child's personal
 * record, on every route whose policy says `personalData`. Append-only: the table refuses
 * UPDATE and DELETE. It holds ids, never names or numbers.
 */
export class AccessLogTable1732300000400 implements MigrationInterface {
  name = 'AccessLogTable1732300000400';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL,
        subject text NOT NULL,
        principal_kind text NOT NULL,
        roles text[] NOT NULL,
        grants text[] NOT NULL,
        action text NOT NULL,
        resource text NOT NULL,
        record_id text,
        route text NOT NULL,
        purpose text NOT NULL,
        status integer NOT NULL
      )`);
    await q.query(`CREATE INDEX access_log_record ON access_log (record_id, at)`);
    await q.query(`CREATE INDEX access_log_subject ON access_log (subject, at)`);
    await q.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log`);
    await q.query(`DROP FUNCTION access_log_append_only()`);
  }
}

const PURPOSE_HEADER = 'x-access-purpose';
const MAX_PURPOSE = 200;

interface LoggedRequest extends Request {
  access?: AccessContext;
}

/**
 * The purpose a caller declares (header `X-Access-Purpose`, UTF-8 percent-encoded), or what the
 * route does.
 */
export function purposeOf(header: unknown, policy: RoutePolicy): string {
  if (typeof header === 'string') {
    // Header values are bytes: Vietnamese text comes percent-encoded as UTF-8.
    let text = header;
    try {
      text = decodeURIComponent(header);
    } catch {
      // not percent-encoded: taken as it is
    }
    const clean = text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim()
      .slice(0, MAX_PURPOSE);
    if (clean !== '') return clean;
  }
  return `${policy.action} ${policy.resource}`;
}

/** The record acted on: the route's target id, else the first path parameter. */
function recordIdOf(req: Request, policy: RoutePolicy): string | null {
  const target = policy.target;
  const params = (req.params ?? {}) as Record<string, string>;
  if (target && 'idParam' in target) return params[target.idParam] ?? null;
  if (target && 'orgUnitParam' in target) return params[target.orgUnitParam] ?? null;
  return Object.values(params)[0] ?? null;
}

/**
 * Writes the access log row of a personal-data route after its handler ran, before the answer
 * leaves: an answer is never sent without its row. Failed requests are logged with their status.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy?.personalData) return next.handle();
    const req = context.switchToHttp().getRequest<LoggedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const write = (status: number) => this.write(req, policy, status);
    // Nest sets the status when it sends: the one the handler set on the response, else the
    // route's @HttpCode, else its method's default.
    const declared = declaredStatus(context, req.method);
    return next.handle().pipe(
      mergeMap((body) =>
        from(write(res.statusCode !== 200 ? res.statusCode : declared).then(() => body)),
      ),
      catchError((err: unknown) => {
        return from(write(statusOf(err))).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }

  private async write(req: LoggedRequest, policy: RoutePolicy, status: number): Promise<void> {
    const access = req.access;
    if (!access) return;
    const p = access.principal;
    const route = `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? '?'}`;
    await this.ds.query(
      `INSERT INTO access_log (id, at, subject, principal_kind, roles, grants, action, resource, record_id, route, purpose, status)
       VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        uuidv7(),
        p.subject,
        p.kind,
        p.roles,
        [...access.grants],
        policy.action,
        policy.resource,
        recordIdOf(req, policy),
        route,
        purposeOf(req.headers[PURPOSE_HEADER], policy),
        status,
      ],
    );
  }
}

export class AccessLogQuery {
  @ApiPropertyOptional({ description: 'the record (student, application, invoice …) id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  recordId?: string;
  @ApiPropertyOptional({ description: 'who accessed (token subject)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
  // strict: a real day (2025-02-29 is refused with 400, not left for PostgreSQL to fail on).
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }) to?: string;
  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

/** The department reads who accessed which child's record, when and why. */
@ApiTags('access-log')
@ApiBearerAuth()
@Controller('access-log')
export class AccessLogController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get()
  @Policy({ action: 'read', resource: 'access-log', users: { province: Reach.All } })
  list(@Query() q: AccessLogQuery) {
    return this.ds.query(
      `SELECT id, at, subject, principal_kind AS "principalKind", roles, grants, action, resource,
              record_id AS "recordId", route, purpose, status
         FROM access_log
        WHERE ($1::text IS NULL OR record_id = $1) AND ($2::text IS NULL OR subject = $2)
          AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
        ORDER BY at DESC, id DESC LIMIT $5`,
      [q.recordId ?? null, q.subject ?? null, q.from ?? null, q.to ?? null, q.limit],
    );
  }
}
