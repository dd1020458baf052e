import {
  Body,
  Controller,
  Get,
  INestApplication,
  Module,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Throttle } from '@nestjs/throttler';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import Redis from 'ioredis';
import { platformCatalog } from '@qn/contracts';
import { loadConfig, serviceConfigSchema } from '@qn/config';
import { everyone, Policy, Reach, Role, signDemoToken } from '@qn/auth';
import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  kafkaBrokers,
  kafkaClientEnv,
  redisUrl,
  TestDatabase,
  testId,
  TestPrincipals,
} from '@qn/testing';
import {
  AcceptsFiles,
  configureHttp,
  HTTP_APP_OPTIONS,
  ServiceKitModule,
  XLSX_MEDIA_TYPE,
} from '../src';

class NoteDto {
  @IsString() text: string;
  @IsOptional() @IsInt() @Min(0) count?: number;
  @IsOptional() nested?: unknown;
}

/** Counts handler calls: a refused request must never reach one. */
const reached = { notes: 0 };

@Controller('notes')
@Policy({ action: 'write', resource: 'note', users: { province: Reach.All } })
class NotesController {
  @Post()
  create(@Body() dto: NoteDto) {
    reached.notes++;
    return { text: dto.text };
  }

  @Post('csv')
  csv(@Body() body: string) {
    return { length: body.length };
  }

  @Post('file')
  file(@Body() body: Buffer) {
    return { buffer: Buffer.isBuffer(body), length: body.length, first: body[0] };
  }

  @Post('photo')
  @AcceptsFiles('image/png')
  photo(@Body() body: Buffer) {
    return { buffer: Buffer.isBuffer(body), length: body.length, first: body[0] };
  }

  @Get(':id')
  one(@Param('id') id: string, @Query('q') q?: string) {
    return { id, q };
  }
}

/** A tighter limit on one route (the decorator overrides RATE_LIMIT_PER_ROUTE). */
@Controller('limited')
@Policy({ action: 'read', resource: 'limited', users: everyone() })
@Throttle({ default: { limit: 5, ttl: 30_000 } })
class LimitedController {
  @Get()
  hit() {
    return { ok: true };
  }
}

describe('HTTP hardening (configureHttp)', () => {
  const id = testId();
  const secret = randomBytes(32).toString('hex');
  let db: TestDatabase;
  let app: INestApplication;
  let token: string;
  let family: string;
  let redis: Redis;
  let base: string;
  const env = (extra: Record<string, string> = {}) =>
    loadConfig(serviceConfigSchema, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      // The broker authenticates every client; this test app connects as the admin principal.
      ...kafkaClientEnv(TestPrincipals.admin),
      REDIS_URL: redisUrl(),
      TOPIC_PREFIX: `t${id}.`,
      AUTH_HMAC_SECRET: secret,
      LOG_LEVEL: 'silent',
      HTTP_BODY_LIMIT: '2kb',
      HTTP_JSON_MAX_DEPTH: '8',
      CORS_ALLOWED_ORIGINS: 'https://portal.example.vn',
      RATE_LIMIT_PER_ROUTE: '100',
      RATE_LIMIT_WINDOW: '30s',
      METRICS_TOKEN: 'scrape-secret-0123456789',
      ...extra,
    });

  beforeAll(async () => {
    db = await createTestDatabase('http');
    const config = env();
    @Module({
      imports: [
        ServiceKitModule.forRoot({
          service: `http-${id}`,
          config,
          catalog: platformCatalog,
          entities: [],
          migrations: [],
        }),
      ],
      controllers: [NotesController, LimitedController],
    })
    class TestApp {}
    const moduleRef = await Test.createTestingModule({ imports: [TestApp] }).compile();
    app = moduleRef.createNestApplication(HTTP_APP_OPTIONS);
    configureHttp(app, { title: 't', description: 't' });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const sign = (role: Role, sub: string) =>
      signDemoToken(secret, {
        sub,
        roles: [role],
        issuer: 'qn-edu-local',
        audience: 'qn-edu-platform',
      });
    token = await sign(Role.Province, `province-${id}`);
    family = await sign(Role.Family, `family-${id}`);
    redis = new Redis(redisUrl());
  });

  afterAll(async () => {
    await app?.close();
    const keys = await redis.keys(`*ratelimit:t${id}.*`);
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
    await db?.drop();
    await deleteTopicsWithPrefix(`t${id}.`);
  });

  const post = (path: string, auth = token) =>
    request(app.getHttpServer()).post(path).set('authorization', `Bearer ${auth}`);
  /** Bytes as they are (supertest would turn a Buffer into JSON); no kept-alive socket. */
  const raw = (path: string, body: Buffer, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: { type: string } }>((resolve, reject) => {
      const req = httpRequest(
        `${base}${path}`,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${token}`,
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const problem = (r: request.Response, status: number) => {
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    return JSON.parse(r.text) as { type: string; errors?: Array<{ field: string }> };
  };

  it('reads a body only after authentication', async () => {
    const before = reached.notes;
    const r = await request(app.getHttpServer())
      .post('/notes')
      .set('content-type', 'application/json')
      .send('{"text": not json at all');
    problem(r, 401);
    expect(reached.notes).toBe(before);
  });

  it('accepts a good body', async () => {
    const r = await post('/notes').send({ text: 'Nguyễn Văn A\tline\nline 2' });
    expect(r.status).toBe(201);
  });

  it('answers 413 for a body over the limit, from Content-Length, before reading it', async () => {
    const r = await post('/notes').send({ text: 'x'.repeat(3000) });
    expect(problem(r, 413).type).toMatch(/payload-too-large$/);
  });

  it('answers 415 for a Content-Encoding, a charset other than UTF-8 or another media type', async () => {
    const gz = await raw('/notes', gzipSync(Buffer.from('{"text":"a"}')), {
      'content-encoding': 'gzip',
    });
    expect(gz.status).toBe(415);
    expect(gz.body.type).toMatch(/unsupported-content-encoding$/);
    const latin1 = await post('/notes')
      .set('content-type', 'application/json; charset=iso-8859-1')
      .send('{"text":"a"}');
    expect(problem(latin1, 415).type).toMatch(/unsupported-charset$/);
    const xml = await post('/notes').set('content-type', 'application/xml').send('<a/>');
    expect(problem(xml, 415).type).toMatch(/unsupported-media-type$/);
  });

  it('answers 400 naming the field for nesting deeper than the limit', async () => {
    let nested: unknown = 1;
    for (let i = 0; i < 10; i++) nested = { n: nested };
    const r = await post('/notes').send({ text: 'a', nested });
    const p = problem(r, 400);
    expect(p.errors?.[0]?.field).toBe('nested.n.n.n.n.n.n.n');
    const huge = await post('/notes')
      .set('content-type', 'application/json')
      .send('['.repeat(900) + ']'.repeat(900));
    expect(problem(huge, 400).errors?.[0]?.field).toBeDefined();
  });

  it('answers 400 naming the field for NUL and control characters, in bodies, params and queries', async () => {
    const nul = await post('/notes').send({ text: 'a\u0000b' });
    expect(problem(nul, 400).errors).toEqual([
      { field: 'text', message: 'must not contain control characters' },
    ]);
    const esc = await post('/notes/csv').set('content-type', 'text/csv').send('a,b\n\u001b[2J,c\n');
    expect(problem(esc, 400).errors?.[0]?.field).toBe('body');
    const csv = await post('/notes/csv').set('content-type', 'text/csv').send('a,b\r\nc,d\r\n');
    expect(csv.status).toBe(201);
    const param = await request(app.getHttpServer())
      .get('/notes/a%00b')
      .set('authorization', `Bearer ${token}`);
    expect(problem(param, 400).errors?.[0]?.field).toBe('params.id');
    const query = await request(app.getHttpServer())
      .get('/notes/a?q=%07')
      .set('authorization', `Bearer ${token}`);
    expect(problem(query, 400).errors?.[0]?.field).toBe('query.q');
  });

  it('hands an XLSX body on as its bytes, never decoded, within the file limit', async () => {
    // Not UTF-8 (0xff 0xfe): a workbook is binary and must arrive unchanged.
    const bytes = Buffer.from([0xff, 0xfe, 0x50, 0x4b, 0x03, 0x04]);
    const ok = await post('/notes/file').set('content-type', XLSX_MEDIA_TYPE).send(bytes);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ buffer: true, length: 6, first: 0xff });
    const other = await post('/notes/file').set('content-type', 'application/zip').send(bytes);
    expect(problem(other, 415).type).toMatch(/unsupported-media-type$/);
  });

  it('hands on the other files only to the operations that declare them (@AcceptsFiles)', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    const ok = await post('/notes/photo').set('content-type', 'image/png').send(png);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ buffer: true, length: 6, first: 0x89 });
    const elsewhere = await post('/notes/file').set('content-type', 'image/png').send(png);
    expect(problem(elsewhere, 415).type).toMatch(/unsupported-media-type$/);
    const jpeg = await post('/notes/photo').set('content-type', 'image/jpeg').send(png);
    expect(problem(jpeg, 415).type).toMatch(/unsupported-media-type$/);
  });

  it('answers malformed JSON and invalid UTF-8 with 400, never 500', async () => {
    const bad = await post('/notes').set('content-type', 'application/json').send('{"text":');
    expect(problem(bad, 400).type).toMatch(/malformed-body$/);
    const utf = await raw('/notes', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(utf.status).toBe(400);
    expect(utf.body.type).toMatch(/malformed-body$/);
  });

  it('sets security headers (helmet)', async () => {
    const r = await request(app.getHttpServer()).get('/health/live');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS for the configured origins only', async () => {
    const ok = await request(app.getHttpServer())
      .options('/notes')
      .set('origin', 'https://portal.example.vn')
      .set('access-control-request-method', 'POST');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example.vn');
    const other = await request(app.getHttpServer())
      .options('/notes')
      .set('origin', 'https://evil.example.com')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits each client per route, 429 problem+json with Retry-After', async () => {
    const hit = (auth: string) =>
      request(app.getHttpServer()).get('/limited').set('authorization', `Bearer ${auth}`);
    for (let i = 0; i < 5; i++) expect((await hit(token)).status).toBe(200);
    const over = await hit(token);
    expect(problem(over, 429).type).toMatch(/rate-limited$/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another client, and the same client on another route, have their own budgets.
    expect((await hit(family)).status).toBe(200);
    const other = await request(app.getHttpServer())
      .get('/notes/y')
      .set('authorization', `Bearer ${token}`);
    expect(other.headers['x-ratelimit-limit']).toBe('100');
    expect(
      (await request(app.getHttpServer()).get('/notes/x').set('authorization', `Bearer ${token}`))
        .status,
    ).toBe(200);
    // Probes are never limited.
    for (let i = 0; i < 8; i++)
      expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
  });

  it('keeps /metrics and /docs for the scraper token or a province token', async () => {
    const server = app.getHttpServer();
    problem(await request(server).get('/metrics'), 401);
    problem(
      await request(server).get('/metrics').set('authorization', 'Bearer wrong-secret-0123456789'),
      401,
    );
    problem(await request(server).get('/metrics').set('authorization', `Bearer ${family}`), 403);
    const scrape = await request(server)
      .get('/metrics')
      .set('authorization', 'Bearer scrape-secret-0123456789');
    expect(scrape.status).toBe(200);
    expect(scrape.text).toContain('process_cpu');
    expect(
      (await request(server).get('/metrics').set('authorization', `Bearer ${token}`)).status,
    ).toBe(200);

    problem(await request(server).get('/docs'), 401);
    problem(await request(server).get('/docs-json'), 401);
    problem(await request(server).get('/docs-json').set('authorization', `Bearer ${family}`), 403);
    const doc = await request(server).get('/docs-json').set('authorization', `Bearer ${token}`);
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/notes']).toBeDefined();
    // Probes stay public.
    expect((await request(server).get('/health/live')).status).toBe(200);
  });

  it('refuses tokens living longer than AUTH_MAX_TOKEN_LIFETIME', async () => {
    const long = await signDemoToken(secret, {
      sub: 'long',
      roles: [Role.Province],
      issuer: 'qn-edu-local',
      audience: 'qn-edu-platform',
      expiresIn: '30d',
    });
    const r = await request(app.getHttpServer())
      .get('/notes/x')
      .set('authorization', `Bearer ${long}`);
    expect(problem(r, 401)).toMatchObject({ detail: expect.stringMatching(/lifetime/) });
  });
});
