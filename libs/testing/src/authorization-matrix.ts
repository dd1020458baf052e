import { randomUUID } from 'node:crypto';
/**
 * What one caller gets from one operation: `A` allowed past authorization (whatever the handler
 * then answers: 200, 400, 409 …), `D` denied (401/403), `H` hidden: the not-found answer a
 * resource outside the caller's scope gets, the same as a missing one.
 */
export type Outcome = 'A' | 'D' | 'H';
/** The outcome with the caller's own scope, another scope, and no scope, e.g. `A/H/H`. */
export type Expectation = `${Outcome}/${Outcome}/${Outcome}`;
export type Scope = 'own' | 'other' | 'none';
const SCOPES: readonly Scope[] = ['own', 'other', 'none'];

/** The people's roles and the integration clients (by named scope, `client` has none) the matrix covers. */
export const MATRIX_CALLERS = [
  'province',
  'commune',
  'principal',
  'school-staff',
  'teacher',
  'family',
  'client',
  'client:applications:submit',
  'client:exam-scores:publish',
  'client:statements:import',
  'client:payments:read',
  'client:master-data:read',
] as const;
export type MatrixCaller = (typeof MATRIX_CALLERS)[number];

export interface MatrixRequest {
  /**
   * Path parameters by name (defaults come from the run's `params`). Query and body values may
   * name a parameter as `{name}`, filled in the same way.
   */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A body that passes validation, for routes whose scope is decided by what the body names. */
  body?: unknown;
  contentType?: string;
}

export interface MatrixRow {
  /** Every caller, own/other/none. Kept as data, written by a person: never derived from the policy. */
  expect: Record<MatrixCaller, Expectation>;
  request?: MatrixRequest;
}

/** Rows keyed by `METHOD /path/{param}` as in the OpenAPI document. */
export type AuthorizationMatrix = Record<string, MatrixRow>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[] } | undefined>>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Every operation of an OpenAPI document, as `METHOD /path`. */
export function operationKeysOf(doc: OpenApiDocument): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${path}`);
  return out.sort();
}

/** Operations with no row, and rows of operations that no longer exist. */
export function matrixCoverage(
  operations: readonly string[],
  matrix: AuthorizationMatrix,
  publicOperations: readonly string[] = [],
): { missing: string[]; stale: string[] } {
  const rows = new Set(Object.keys(matrix));
  const ops = new Set(operations);
  return {
    missing: operations.filter((o) => !rows.has(o) && !publicOperations.includes(o)),
    stale: [...rows].filter((r) => !ops.has(r)),
  };
}

export function classify(status: number, body: unknown): Outcome {
  if (status === 401 || status === 403) return 'D';
  const b = body as { type?: unknown; title?: unknown } | undefined;
  // The policy guard's not-found (libs/auth notFoundProblem); handlers' own 404s have a typed URI.
  if (status === 404 && b?.type === 'about:blank' && b?.title === 'Not Found') return 'H';
  return 'A';
}

export interface MatrixRun {
  url: string;
  matrix: AuthorizationMatrix;
  /** A token of the caller with its own scope, another one, or none (see the fixture). */
  token(caller: MatrixCaller, scope: Scope): Promise<string>;
  /** Default path parameter values, by name: resources in the own scope. */
  params: Record<string, string>;
}

/** Sends every row's request as every caller in every scope; returns what differs from the data. */
export async function runAuthorizationMatrix(run: MatrixRun): Promise<string[]> {
  const mismatches: string[] = [];
  const tokens = new Map<string, string>();
  const tokenOf = async (c: MatrixCaller, s: Scope) => {
    const k = `${c}|${s}`;
    if (!tokens.has(k)) tokens.set(k, await run.token(c, s));
    return tokens.get(k)!;
  };
  for (const [op, row] of Object.entries(run.matrix)) {
    const [method, template] = op.split(' ') as [string, string];
    const fillFrom = (p: Record<string, string>) => (v: string) =>
      v.replace(/\{([^}]+)\}/g, (m, name: string) => p[name] ?? m);
    const params: Record<string, string> = { ...run.params };
    for (const [k, v] of Object.entries(row.request?.params ?? {}))
      params[k] = fillFrom(run.params)(v);
    const fill = fillFrom(params);
    const request: MatrixRequest | undefined = row.request && {
      ...row.request,
      ...(row.request.query
        ? {
            query: Object.fromEntries(
              Object.entries(row.request.query).map(([k, v]) => [k, fill(v)]),
            ),
          }
        : {}),
      ...(row.request.body !== undefined ? { body: fillDeep(row.request.body, fill) } : {}),
    };
    const path =
      template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const v = params[name];
        if (v === undefined) throw new Error(`${op}: no value for path parameter ${name}`);
        return encodeURIComponent(v);
      }) + (request?.query ? `?${new URLSearchParams(request.query).toString()}` : '');
    for (const caller of MATRIX_CALLERS) {
      const expected = row.expect[caller];
      if (expected === undefined) {
        mismatches.push(`${op}: no expectation for ${caller}`);
        continue;
      }
      const want = expected.split('/') as Outcome[];
      // Denials and hidden answers first, so an allowed write cannot change what they see.
      const order = SCOPES.map((s, i) => [s, want[i]!] as const).sort((a, b) =>
        a[1] === 'A' ? 1 : b[1] === 'A' ? -1 : 0,
      );
      for (const [scope, w] of order) {
        const r = await send(run.url, method, path, await tokenOf(caller, scope), request);
        const got = classify(r.status, r.body);
        if (got !== w)
          mismatches.push(
            `${op} as ${caller} (${scope} scope): expected ${w}, got ${got} (${r.status} ${JSON.stringify(r.body).slice(0, 160)})`,
          );
      }
    }
  }
  return mismatches;
}

/** One request; the answer's body parsed as JSON when it is JSON (reports and images are not). */
async function send(
  url: string,
  method: string,
  path: string,
  token: string,
  req: MatrixRequest | undefined,
): Promise<{ status: number; body: unknown }> {
  const body = req?.body;
  const isText = typeof body === 'string';
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': req?.contentType ?? (isText ? 'text/csv' : 'application/json'),
      // Writes that require one get a fresh key: the matrix asks about authorization, not replay.
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
    },
    body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed };
}

/** A row whose callers are denied everywhere unless listed: the listed ones are the row's data. */
export function matrixRow(
  allowed: Partial<Record<MatrixCaller, Expectation>>,
  request?: MatrixRequest,
): MatrixRow {
  const expect = Object.fromEntries(MATRIX_CALLERS.map((c) => [c, 'D/D/D'])) as Record<
    MatrixCaller,
    Expectation
  >;
  return { expect: { ...expect, ...allowed }, ...(request ? { request } : {}) };
}

/** Every person's role with the same expectation (reference data anyone signed in reads). */
export function everyPerson(e: Expectation): Partial<Record<MatrixCaller, Expectation>> {
  return {
    province: e,
    commune: e,
    principal: e,
    'school-staff': e,
    teacher: e,
    family: e,
  };
}

/** The units and people a matrix fixture provides: resources live in `ownSchool` under `ownCommune`. */
export interface MatrixFixture {
  province: string;
  ownCommune: string;
  otherCommune: string;
  /** A primary school (a commune manages it) holding the resources the matrix acts on. */
  ownSchool: string;
  otherSchool: string;
  /** The `sub` of a guardian of the learner the resources concern (if the service knows guardians). */
  guardian: string;
}

/**
 * Tokens for every caller: own scope = the fixture's own school (school people), own commune
 * (commune, clients), the province, or the learner's guardian (family); other = the other school
 * or commune, or a family with no child here; none = no organisation unit.
 */
export function matrixTokens(
  sign: (o: {
    sub: string;
    roles: string[];
    orgUnitId: string | null;
    scopes?: string[];
  }) => Promise<string>,
  fx: MatrixFixture,
): (caller: MatrixCaller, scope: Scope) => Promise<string> {
  return (caller, scope) => {
    if (caller === 'client' || caller.startsWith('client:')) {
      const unit = scope === 'own' ? fx.ownCommune : scope === 'other' ? fx.otherCommune : null;
      const scopes = caller === 'client' ? [] : [caller.slice('client:'.length)];
      return sign({
        sub: `matrix-${caller}`,
        roles: ['integration-client'],
        orgUnitId: unit,
        scopes,
      });
    }
    if (caller === 'family')
      return sign({
        sub: scope === 'own' ? fx.guardian : `matrix-family-${scope}`,
        roles: ['family'],
        orgUnitId: null,
      });
    const own =
      caller === 'province' ? fx.province : caller === 'commune' ? fx.ownCommune : fx.ownSchool;
    const other =
      caller === 'province' ? fx.province : caller === 'commune' ? fx.otherCommune : fx.otherSchool;
    return sign({
      sub: `matrix-${caller}-${scope}`,
      roles: [caller],
      orgUnitId: scope === 'own' ? own : scope === 'other' ? other : null,
    });
  };
}

/** Fills `{name}` placeholders in every string of a JSON value. */
function fillDeep(value: unknown, fill: (s: string) => string): unknown {
  if (typeof value === 'string') return fill(value);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, fill));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, fill)]));
  return value;
}
