/// <reference types="jest" />
/**
 * Property-based HTTP fuzzing of a Nest app from its own OpenAPI document: every operation gets
 * generated bad bodies (wrong types, out-of-range numbers, impossible dates, huge, deeply nested,
 * NUL and control characters, malformed JSON, invalid UTF-8, foreign charsets, compressed
 * encodings, other media types), bad path parameters, bad query strings and bad headers, sent
 * with a token of a role the operation admits, so the input validation and what lies behind it
 * are reached. A property fails when an answer is a 5xx or shows a stack trace or an internal
 * path. Used by each service's test/http-fuzz.int-spec.ts.
 */
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Role } from '@qn/auth';
import { configureHttp, HTTP_APP_OPTIONS, listenService } from '@qn/service-kit';
import { PlatformEnv } from './platform-env';

/** The OpenAPI shapes read here (the document is plain JSON). */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  example?: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

export interface FuzzOperation {
  method: string;
  /** OpenAPI path, `/rounds/{id}`. */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  body?: Schema;
  /** Media types the operation consumes (application/json unless it says text/csv). */
  consumes: string[];
}

export interface FuzzOptions {
  /** Tokens to try, in order; each operation is fuzzed with the first its guards let through. */
  tokens: Array<{ role: Role; token: string }>;
  /** Generated cases per operation. */
  runs?: number;
  seed?: number;
  /** Operations to leave out, as `METHOD /path` (e.g. ones that only stream a page). */
  skip?: string[];
  /**
   * Real values by parameter or field name (`schoolYear`, `code`, …), so generated requests also
   * reach past "not found" into the code that works on existing data.
   */
  known?: Record<string, unknown[]>;
}

// The run's known values and the ids seen in successful answers (module state: one run at a time).
let known: Record<string, unknown[]> = {};
const seenIds: string[] = [];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * A value for a named parameter or field: a known value, an id seen in an earlier answer, the
 * schema's example, or one generated from its schema.
 */
function named(name: string, s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const options: Array<{ arbitrary: fc.Arbitrary<unknown>; weight: number }> = [
    { arbitrary: plausible(s, depth), weight: 3 },
  ];
  const values = known[name];
  if (values?.length) options.push({ arbitrary: fc.constantFrom(...values), weight: 4 });
  if (s?.example !== undefined) options.push({ arbitrary: fc.constant(s.example), weight: 2 });
  if (/id$/i.test(name) || s?.format === 'uuid') {
    // Read when generated: the list grows as the run goes.
    options.push({
      arbitrary: fc.nat().map((i) => seenIds[i % Math.max(1, seenIds.length)] ?? randomId),
      weight: 3,
    });
  }
  return fc.oneof(...options);
}
const randomId = '0190f0a0-0000-7000-8000-0000000000ff';

/** A stack frame, a source or install path, or an error class name: never in an answer. */
const LEAK =
  /\n\s+at |\bat \S+ \(|\.(?:ts|js|mjs):\d+|node_modules|\/(?:work|home|usr|app|src|dist)\/|[A-Z]:\\|QueryFailedError|TypeError|RangeError|ReferenceError|EntityNotFound|ECONNREFUSED/;

/** The operations of an app, from the OpenAPI document it would serve. */
export function operationsOf(app: INestApplication): FuzzOperation[] {
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  const refs = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const o = op as {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      };
      const params = (o.parameters ?? []).map((p) => ({ ...p, schema: deref(p.schema, refs) }));
      const content = o.requestBody?.content ?? {};
      const consumes = Object.keys(content);
      const bodySchema = Object.values(content)[0]?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        body: bodySchema ? resolveAll(bodySchema, refs, 0) : undefined,
        consumes: consumes.length ? consumes : ['application/json'],
      });
    }
  }
  return ops;
}

function deref(s: Schema | undefined, refs: Record<string, Schema>): Schema | undefined {
  if (!s?.$ref) return s;
  return refs[s.$ref.replace('#/components/schemas/', '')];
}

/** The schema with every $ref replaced (bounded, for recursive schemas). */
function resolveAll(s: Schema, refs: Record<string, Schema>, depth: number): Schema {
  if (depth > 6) return { type: 'object' };
  const r = deref(s, refs) ?? {};
  const out: Schema = { ...r };
  if (r.items) out.items = resolveAll(r.items, refs, depth + 1);
  if (r.properties) {
    out.properties = Object.fromEntries(
      Object.entries(r.properties).map(([k, v]) => [k, resolveAll(v, refs, depth + 1)]),
    );
  }
  const union = r.allOf ?? r.oneOf ?? r.anyOf;
  if (union?.length) {
    const merged = union.map((u) => resolveAll(u, refs, depth + 1));
    out.properties = Object.assign({}, ...merged.map((m) => m.properties ?? {}), out.properties);
    out.type ??= merged.find((m) => m.type)?.type;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

const impossibleDates = [
  '2026-02-30',
  '2026-13-01',
  '2025-02-29',
  '0000-00-00',
  '2026-00-10',
  '9999-12-31T25:61:61Z',
  '+275760-09-13',
  '-000001-01-01',
  '2026-1-1',
  '2026-04-31T00:00:00Z',
  '20260101',
];
const badNumbers = [-1, -0, 0, 2 ** 31, 2 ** 53 + 1, -(2 ** 53) - 1, 1e308, -1e308, 1e-300, 0.5];
const badStrings = [
  '',
  ' ',
  'null',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  '99999999999999999999999999',
  '0x10',
  '../../etc/passwd',
  "' OR 1=1 --",
  '%00',
  'a\u0000b',
  '\u001b[2J',
  '\u202egnp.exe',
  '😀'.repeat(50),
  'Nguyễn Văn A',
  'x'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0190f0a0-0000-7000-8000-00000000000G',
  ...impossibleDates,
];

const badScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, ...badNumbers, ...badStrings),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.integer(),
  fc.double(),
);

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: badScalar, weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.array(badScalar, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), badScalar, { maxKeys: 3 }), weight: 1 },
);

const isoDate = fc
  .integer({ min: -30000, max: 60000 })
  .map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

/** A value of the schema's type, near the edges of what it allows. */
function plausible(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s) return badValue;
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'date') return isoDate;
      if (s.format === 'date-time') return isoDate.map((d) => `${d}T08:00:00.000Z`);
      return fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.uuid(),
        isoDate,
        fc.constantFrom('2026-2027', 'urban', 'grade-1', 'VND', '79', 'HK1'),
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: -5, max: 1000 }),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.constantFrom(...badNumbers),
        ...(s.minimum !== undefined ? [fc.constant(s.minimum), fc.constant(s.minimum - 1)] : []),
        ...(s.maximum !== undefined ? [fc.constant(s.maximum), fc.constant(s.maximum + 1)] : []),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(field(s.items, depth + 1), { maxLength: 3 });
    default:
      if (s.properties && depth <= 4) return objectOf(s, depth + 1);
      return badValue;
  }
}

/** Mostly of the right type, often not. */
function field(s: Schema | undefined, depth: number, name = ''): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: name ? named(name, s, depth) : plausible(s, depth), weight: 3 },
    { arbitrary: badValue, weight: 1 },
  );
}

function objectOf(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const keys = Object.keys(props);
  const record = fc.record(Object.fromEntries(keys.map((k) => [k, field(props[k], depth, k)])), {
    // Required fields mostly present, so validation gets past "missing" to the values.
    requiredKeys: (s.required ?? []).filter((k) => keys.includes(k)),
  });
  return fc.oneof(
    { arbitrary: record, weight: 4 },
    {
      arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, field(props[k], depth, k)])), {
        requiredKeys: [],
      }),
      weight: 1,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Requests

interface Case {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What was sent, for the failure report. */
  label: string;
}

const headerText = fc
  .string({ maxLength: 60, unit: 'binary-ascii' })
  .map((s) => s.replace(/[^\x20-\x7e]/g, ''));

/** Path segment: mostly encoded, sometimes a raw bad escape. */
function pathValue(p: Parameter): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: named(p.name, p.schema).map((v) => encodeURIComponent(text(v))), weight: 4 },
    { arbitrary: badScalar.map((v) => encodeURIComponent(text(v)) || 'x'), weight: 3 },
    {
      arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '..', '%2e%2e'),
      weight: 1,
    },
  );
}

function queryString(op: FuzzOperation): fc.Arbitrary<string> {
  const pair = (name: string, v: fc.Arbitrary<unknown>) =>
    v.map((x) => `${encodeURIComponent(name)}=${encodeURIComponent(text(x))}`);
  const declared = op.query.map((p) =>
    fc.option(
      fc.oneof(
        { arbitrary: pair(p.name, named(p.name, p.schema)), weight: 4 },
        { arbitrary: pair(p.name, badScalar), weight: 2 },
        // Repeated: an array where a string is expected.
        { arbitrary: pair(p.name, plausible(p.schema)).map((x) => `${x}&${x}`), weight: 1 },
        { arbitrary: fc.constant(`${encodeURIComponent(p.name)}[a]=1`), weight: 1 },
        { arbitrary: fc.constant(`${encodeURIComponent(p.name)}=%E0%A4%A`), weight: 1 },
      ),
      { freq: 3 },
    ),
  );
  const extra = fc.option(pair('unexpected', badScalar), { freq: 4 });
  return fc
    .tuple(fc.tuple(...declared), extra)
    .map(([d, e]) => [...d, e].filter((x): x is string => x !== null).join('&'));
}

const JSON_TYPE = 'application/json';

/** Any generated value as text (objects may have no prototype, so no String()). */
function text(v: unknown): string {
  return v !== null && typeof v === 'object' ? (JSON.stringify(v) ?? '') : `${v as string}`;
}

function bodies(
  op: FuzzOperation,
): fc.Arbitrary<{ type: string; bytes: Buffer; extra?: Record<string, string>; kind: string }> {
  const json = (kind: string, v: fc.Arbitrary<unknown>, type = JSON_TYPE) =>
    v.map((x) => ({ kind, type, bytes: Buffer.from(JSON.stringify(x) ?? 'null') }));
  const csv = op.consumes.find((c) => c.startsWith('text/'));
  const schemaBody = op.body ? plausible(op.body) : fc.jsonValue({ maxDepth: 2 });
  const options: Array<{
    arbitrary: fc.Arbitrary<{
      type: string;
      bytes: Buffer;
      extra?: Record<string, string>;
      kind: string;
    }>;
    weight: number;
  }> = [
    { arbitrary: json('schema', schemaBody), weight: 10 },
    { arbitrary: json('random', fc.jsonValue({ maxDepth: 4 })), weight: 2 },
    { arbitrary: json('null-ish', fc.constantFrom(null, [], {}, '', 0, [[]], [{}])), weight: 1 },
    {
      arbitrary: fc.integer({ min: 33, max: 3000 }).map((n) => ({
        kind: 'deep',
        type: JSON_TYPE,
        bytes: Buffer.from('['.repeat(n) + ']'.repeat(n)),
      })),
      weight: 1,
    },
    {
      arbitrary: fc.constant({
        kind: 'huge',
        type: JSON_TYPE,
        bytes: Buffer.from(JSON.stringify({ text: 'x'.repeat(1_100_000) })),
      }),
      weight: 1,
    },
    {
      arbitrary: fc
        .string({ maxLength: 60, unit: 'binary' })
        .map((s) => ({ kind: 'malformed', type: JSON_TYPE, bytes: Buffer.from(s) })),
      weight: 2,
    },
    {
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => ({
        kind: 'bytes',
        type: JSON_TYPE,
        bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from(b), Buffer.from('"}')]),
      })),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip').map((enc) => ({
        kind: 'encoding',
        type: JSON_TYPE,
        bytes: gzipSync(Buffer.from('{"a":1}')),
        extra: { 'content-encoding': enc },
      })),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('iso-8859-1', 'utf-16le', 'utf-7', 'x"y', '')
        .chain((cs) => json('charset', schemaBody, `${JSON_TYPE}; charset=${cs}`)),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(
          'text/xml',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'text/csv',
          'application/merge-patch+json',
          '',
          'application/json; charset',
        )
        .chain((t) => json('media-type', schemaBody, t)),
      weight: 1,
    },
  ];
  if (csv) {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...badStrings.slice(0, 20)).map(String),
    );
    options.push({
      arbitrary: fc
        .array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 6 })
        .map((rows) => ({
          kind: 'csv',
          type: csv,
          bytes: Buffer.from(
            rows.map((r) => r.map((c) => c.replace(/[",\n]/g, ' ')).join(',')).join('\n'),
          ),
        })),
      weight: 8,
    });
  }
  return fc.oneof(...options);
}

function headers(token: string): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        'idempotency-key': fc.oneof(
          { arbitrary: fc.uuid(), weight: 4 },
          { arbitrary: headerText, weight: 1 },
          { arbitrary: fc.constant('k'.repeat(500)), weight: 1 },
        ),
        traceparent: fc.oneof(headerText, fc.constant('00-zzzz-01')),
        accept: fc.constantFrom('*/*', 'text/csv', 'application/pdf', 'image/png;q=x', ''),
        'x-forwarded-for': headerText,
        'accept-language': headerText,
      },
      { requiredKeys: [] },
    )
    .chain((h) =>
      // Now and then a broken or foreign credential (401 expected); unbiased, so it stays rare.
      fc.noBias(fc.integer({ min: 0, max: 24 })).map((n) => ({
        ...h,
        authorization: ['Bearer', 'Basic YTpi', `Bearer ${token}x`][n] ?? `Bearer ${token}`,
      })),
    );
}

function cases(op: FuzzOperation, token: string): fc.Arbitrary<Case> {
  const params = fc.tuple(...op.pathParams.map(pathValue));
  const takesBody =
    op.body !== undefined ||
    op.consumes.some((c) => c.startsWith('text/')) ||
    (op.method !== 'GET' && op.method !== 'DELETE');
  // Operations without a body still get one now and then: it must be refused or ignored.
  const body = fc.oneof(
    { arbitrary: fc.constant(null), weight: takesBody ? 1 : 9 },
    { arbitrary: bodies(op), weight: takesBody ? 8 : 1 },
  );
  return fc.tuple(params, queryString(op), headers(token), body).map(([values, query, h, b]) => {
    let path = op.path;
    op.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, values[i] as string)));
    const all: Record<string, string> = { ...h };
    if (b) {
      all['content-type'] = b.type;
      Object.assign(all, b.extra ?? {});
    }
    return {
      path,
      query,
      headers: all,
      body: b?.bytes,
      label: `${op.method} ${path}${query ? `?${query}` : ''} ${b ? `[${b.kind} ${b.type} ${b.bytes.length} B: ${b.bytes.subarray(0, 200).toString('latin1')}]` : ''} ${JSON.stringify({ ...h, authorization: undefined })}`,
    };
  });
}

interface Answer {
  status: number;
  text: string;
}

function send(base: URL, agent: Agent, method: string, c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: `${c.path}${c.query ? `?${c.query}` : ''}`,
        agent,
        headers: { ...c.headers, ...(c.body ? { 'content-length': String(c.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    // A server that answers before reading the whole body may close the socket under us.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve({ status: 0, text: '' }) : reject(e),
    );
    req.end(c.body);
  });
}

/** What is wrong with an answer, or undefined when it is fine. */
function fault(a: Answer, sent: Case): string | undefined {
  if (a.status >= 500) return `answered ${a.status}`;
  // An answer may echo what the request itself said (the problem's `instance` is the request's
  // path; a validation error names the unknown field the generator made up, such as "A:\\"):
  // only what the caller did not send can be the server's leak.
  const text = a.text.replace(/"instance":"(?:[^"\\]|\\.)*"/g, '"instance":""');
  const request = `${sent.path} ${sent.query} ${sent.body?.toString('utf8') ?? ''}`;
  for (const m of text.matchAll(new RegExp(LEAK.source, 'g')))
    if (!request.includes(m[0])) return `answer shows ${JSON.stringify(m[0])}`;
  return undefined;
}

/**
 * Fuzzes every operation of a listening app; returns one line per operation that failed, with
 * the first failing request (empty when all held).
 */
export async function fuzzHttpOperations(
  app: INestApplication,
  o: FuzzOptions,
): Promise<{
  failures: string[];
  operations: number;
  requests: number;
  /** How many answers had each status, e.g. to see that validation was reached (400). */
  statuses: Record<number, number>;
}> {
  const address = (app.getHttpServer() as { address(): AddressInfo }).address();
  const base = new URL(`http://127.0.0.1:${address.port}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const failures: string[] = [];
  let requests = 0;
  const statuses: Record<number, number> = {};
  known = o.known ?? {};
  seenIds.length = 0;
  // Writes first: the ids they create feed the reads.
  const rank = (m: string) => (m === 'POST' || m === 'PUT' ? 0 : 1);
  const ops = operationsOf(app)
    .filter((op) => !o.skip?.includes(`${op.method} ${op.path}`))
    .sort((a, b) => rank(a.method) - rank(b.method));
  try {
    for (const op of ops) {
      const token = await admittedToken(base, agent, op, o.tokens);
      try {
        await fc.assert(
          fc.asyncProperty(cases(op, token), async (c) => {
            requests++;
            const answer = await send(base, agent, op.method, c);
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
            if (answer.status < 300 && seenIds.length < 500) {
              for (const id of answer.text.match(UUID) ?? []) {
                if (!seenIds.includes(id)) seenIds.push(id);
              }
            }
            if (process.env.FUZZ_TRACE && answer.status === Number(process.env.FUZZ_TRACE)) {
              console.warn(`${c.label}\n -> ${answer.text.slice(0, 300)}`);
            }
            const problem = fault(answer, c);
            if (problem) {
              throw new Error(`${problem}: ${c.label}\n  -> ${answer.text.slice(0, 500)}`);
            }
          }),
          { numRuns: o.runs ?? 60, seed: o.seed, endOnFailure: true },
        );
      } catch (error) {
        // fast-check wraps the property's error; its own message says what was sent and answered.
        const cause = (error as Error).cause;
        const message = cause instanceof Error ? cause.message : (error as Error).message;
        failures.push(`${op.method} ${op.path}: ${message.slice(0, 2000)}`);
      }
    }
  } finally {
    agent.destroy();
  }
  return { failures, operations: ops.length, requests, statuses };
}

/** The first token whose role the operation's guards admit (by a harmless empty call). */
async function admittedToken(
  base: URL,
  agent: Agent,
  op: FuzzOperation,
  tokens: FuzzOptions['tokens'],
): Promise<string> {
  let path = op.path;
  for (const p of op.pathParams)
    path = path.replace(`{${p.name}}`, '0190f0a0-0000-7000-8000-000000000001');
  for (const t of tokens) {
    const answer = await send(base, agent, op.method, {
      path,
      query: '',
      headers: { authorization: `Bearer ${t.token}` },
      label: '',
    });
    if (answer.status !== 401 && answer.status !== 403) return t.token;
  }
  return (tokens[0] as { token: string }).token;
}

/** A token per role, province first (it sees every unit); the others belong to some unit. */
export async function fuzzTokens(
  sign: (role: Role, orgUnitId: string | null) => Promise<string>,
): Promise<FuzzOptions['tokens']> {
  const roles: Role[] = [
    'province',
    'integration-client',
    'principal',
    'school-staff',
    'commune',
    'teacher',
    'family',
  ];
  const unit = '0190f0a0-0000-7000-8000-0000000000aa';
  return Promise.all(
    roles.map(async (role) => ({
      role,
      token: await sign(role, role === 'province' ? null : unit),
    })),
  );
}

/**
 * A service's Nest app in this process, wired as `bootstrapService` wires it (HTTP conventions
 * included), listening on a free loopback port.
 */
export async function startInProcess(
  module: DynamicModule,
  title: string,
): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(module, { ...HTTP_APP_OPTIONS, logger: ['error'] });
  configureHttp(app, { title, description: 'in-process test' });
  await listenService(app, 0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** What a fuzz run must show: every operation reached, some input past validation, no failure. */
export function fuzzProblems(result: Awaited<ReturnType<typeof fuzzHttpOperations>>): string[] {
  const problems = [...result.failures];
  if (result.operations <= 3) problems.push(`only ${result.operations} operation(s) fuzzed`);
  if (!(result.statuses[400]! > 0)) problems.push('no generated input reached validation (no 400)');
  return problems;
}

export interface ServiceFuzzSpec {
  /** Service name (schema, env) and the title of its OpenAPI document. */
  service: string;
  title: string;
  /** The service's root module for a configuration read from this environment. */
  module: (env: Record<string, string>) => DynamicModule;
  /** Extra environment (secrets the service needs). */
  env?: Record<string, string>;
  known?: FuzzOptions['known'];
  /** Data the operations can find (a province, a fee catalogue), created with a province token. */
  seed?: (url: string, provinceToken: string) => Promise<FuzzOptions['known']>;
}

/**
 * The fuzz test of one service: its app in this process on a test database, every operation of
 * its OpenAPI document sent generated bad bodies, params, queries and headers by every role;
 * never a 5xx, never a stack trace or an internal path (FUZZ_RUNS cases per operation, 60).
 */
export function describeHttpFuzz(spec: ServiceFuzzSpec): void {
  describe(`${spec.service} HTTP fuzz`, () => {
    const env = new PlatformEnv();
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      await env.setUp();
      const vars = { ...env.envFor(spec.service, 1), LOG_LEVEL: 'silent', ...spec.env };
      ({ app, url } = await startInProcess(spec.module(vars), spec.title));
    });

    afterAll(async () => {
      await app?.close();
      await env.tearDown();
    });

    it('answers every generated request without a 5xx or a stack trace', async () => {
      const tokens = await fuzzTokens((role, org) => env.token(role, org));
      const seeded = spec.seed ? await spec.seed(url, tokens[0]!.token) : {};
      const result = await fuzzHttpOperations(app, {
        tokens,
        runs: Number(process.env.FUZZ_RUNS ?? 60),
        known: { ...spec.known, ...seeded },
      });
      if (process.env.FUZZ_VERBOSE) console.warn(JSON.stringify(result.statuses));
      expect(fuzzProblems(result)).toEqual([]);
    }, 180_000);
  });
}
