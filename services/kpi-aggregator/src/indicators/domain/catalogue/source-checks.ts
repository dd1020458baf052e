/**
 * Checks of one source of a data element: an event type and version of the platform's event
 * catalogue, fields that exist in its schema and fit their use (measure, org unit, period,
 * segment, where), and at most one array expansion.
 */
import type { CheckContext } from './check-context';
import { FieldInfo, isType, resolveField } from './field-paths';
import { PeriodSource, SegmentSource, SourceMapping, WhereCondition } from './model';
import { escapePointer, Raw } from './positions';
import { PeriodType } from '../periods';

/** One source being checked: where it is, and how its field paths are checked. */
interface SourceScope {
  ctx: CheckContext;
  /** `data element <name>`, the start of every message. */
  what: string;
  type: string;
  path: string;
  /** Checks a field path of the event (when given), reports `expect`'s problem, notes its array expansion. */
  field(
    p: string | undefined,
    at: string,
    expect: (f: FieldInfo) => string | null,
  ): FieldInfo | null;
}

export function checkSource(
  ctx: CheckContext,
  element: string,
  s: Raw,
  path: string,
): SourceMapping | null {
  const { r } = ctx;
  const what = `data element ${element}`;
  const type = s.event as string;
  const version = s.version as number;
  const schema = ctx.events(type, version);
  if (!schema) {
    r.at(
      `${path}/event`,
      `${what}: event ${type} version ${version} is not in the platform's event catalogue; mark the element 'source: pending' until it exists`,
    );
    return null;
  }
  const before = r.issues.length;
  const expansions = new Set<string>();
  const scope: SourceScope = {
    ctx,
    what,
    type,
    path,
    field(p, at, expect) {
      if (p === undefined) return null;
      const info = resolveField(r, schema, p, `${what}: ${type} v${version}`, at);
      if (!info) return null;
      if (info.expansion) expansions.add(info.expansion);
      const problem = expect(info);
      if (problem) r.at(at, `${what}: field '${p}' of ${type} ${problem}`);
      return info;
    },
  };

  const how = s.how as SourceMapping['how'];
  checkMeasure(scope, s, how);
  scope.field(s.org_unit as string, `${path}/org_unit`, (f) =>
    !isType(f, 'string') ? 'is not a string id' : null,
  );
  const period = periodSource(scope, s.period as Raw);
  const segment = segmentSource(scope, s.segment);
  const where = whereConditions(scope, (s.where as Raw | undefined) ?? {});
  if (
    (how === 'latest' || how === 'ends') &&
    period &&
    period.kind !== 'timestamp' &&
    period.kind !== 'date'
  )
    r.at(
      `${path}/period`,
      `${what}: how: ${how} changes its subject's state on a day: its period is { timestamp } or { date }`,
    );

  if (expansions.size > 1)
    r.at(
      path,
      `${what}: one source may expand one array; this one expands ${[...expansions].join(' and ')}`,
    );
  if (r.issues.length > before || !period || !segment) return null;
  return {
    event: type,
    version,
    how,
    field: (s.field as string | undefined) ?? null,
    orgUnit: s.org_unit as string,
    period,
    segment,
    where,
    line: r.lineOf(path),
  };
}

/** `how` and `field`: what is counted, summed or counted distinct. */
function checkMeasure(scope: SourceScope, s: Raw, how: SourceMapping['how']): void {
  const { ctx, what, path } = scope;
  if (how === 'count' && s.field !== undefined)
    ctx.r.at(
      `${path}/field`,
      `${what}: how: count counts events (or array items); it takes no 'field'`,
      { key: true },
    );
  if (how !== 'count' && s.field === undefined)
    ctx.r.at(path, `${what}: how: ${how} needs a 'field'`);
  scope.field(s.field as string | undefined, `${path}/field`, (f) =>
    how === 'sum' && !isType(f, 'integer', 'number') && !isDigitString(f)
      ? 'is not numeric: cannot sum it'
      : null,
  );
}

/**
 * Money travels as integer-đồng decimal strings (exact beyond 2^53): a string whose schema
 * pattern admits digits only can be summed too.
 */
const isDigitString = (f: FieldInfo) =>
  isType(f, 'string') &&
  typeof f.schema.pattern === 'string' &&
  /^\^[^a-zA-Z]*\\d[^a-zA-Z]*\$$/.test(f.schema.pattern);

function periodSource(scope: SourceScope, p: Raw): PeriodSource | null {
  const { path } = scope;
  const stringField = (key: string, problem: string) =>
    scope.field(p[key] as string, `${path}/period/${key}`, (f) =>
      !isType(f, 'string') ? problem : null,
    );
  const keys = Object.keys(p).sort().join(',');
  if (keys === 'code,type') {
    // A calendar year may be named by an integer field (a graduation year): '2025' is year 2025.
    if (p.type === 'calendar-year')
      scope.field(p.code as string, `${path}/period/code`, (f) =>
        !isType(f, 'string', 'integer') ? 'is not a period code string or a year number' : null,
      );
    else stringField('code', 'is not a period code string');
    return { kind: 'code', field: p.code as string, type: p.type as PeriodType };
  }
  if (keys === 'timestamp') {
    scope.field(p.timestamp as string, `${path}/period/timestamp`, (f) =>
      f.schema.format !== 'date-time' ? 'is not a date-time' : null,
    );
    return { kind: 'timestamp', field: p.timestamp as string };
  }
  if (keys === 'date') {
    stringField('date', 'is not a date string');
    return { kind: 'date', field: p.date as string };
  }
  if (keys === 'valid_from,valid_to') {
    stringField('valid_from', 'is not a date string');
    stringField('valid_to', 'is not a date string');
    return { kind: 'validity', validFrom: p.valid_from as string, validTo: p.valid_to as string };
  }
  scope.ctx.r.at(
    `${path}/period`,
    `${scope.what}: period must be one of { code, type }, { timestamp }, { date }, { valid_from, valid_to }; got { ${keys} }`,
  );
  return null;
}

function segmentSource(scope: SourceScope, seg: unknown): SegmentSource | null {
  const { ctx, path } = scope;
  if (seg === 'org-unit') return { kind: 'org-unit' };
  if (
    seg !== null &&
    typeof seg === 'object' &&
    Object.keys(seg).join() === 'field' &&
    typeof (seg as Raw).field === 'string'
  ) {
    const segment: SegmentSource = { kind: 'field', field: (seg as Raw).field as string };
    scope.field(segment.field, `${path}/segment/field`, (f) => {
      const en = f.schema.enum as unknown[] | undefined;
      const unknown = en?.filter((v) => !ctx.segments.has(String(v)));
      return unknown?.length
        ? `has values that are not catalogue segments: ${unknown.join(', ')}`
        : null;
    });
    return segment;
  }
  ctx.r.at(`${path}/segment`, `${scope.what}: segment must be 'org-unit' or { field: <path> }`);
  return null;
}

function whereConditions(scope: SourceScope, raw: Raw): WhereCondition[] {
  const where: WhereCondition[] = [];
  for (const [wf, wv] of Object.entries(raw)) {
    const at = `${scope.path}/where/${escapePointer(wf)}`;
    const info = scope.field(wf, at, () => null);
    const cond = whereCondition(scope, wf, wv, at);
    if (!cond || !info) continue;
    where.push(cond);
    checkWhereValues(scope, cond, info, at);
  }
  return where;
}

function whereCondition(
  scope: SourceScope,
  field: string,
  v: unknown,
  at: string,
): WhereCondition | null {
  const scalar = (x: unknown): x is string | number | boolean =>
    typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (scalar(v)) return { field, op: 'eq', value: v };
  if (Array.isArray(v) && v.length > 0 && v.every(scalar)) return { field, op: 'in', values: v };
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Raw);
    if (
      entries.length === 1 &&
      ['gt', 'gte', 'lt', 'lte', 'ne'].includes(entries[0][0]) &&
      typeof entries[0][1] === 'number'
    ) {
      return { field, op: entries[0][0] as 'gt', value: entries[0][1] };
    }
  }
  scope.ctx.r.at(
    at,
    `${scope.what}: where '${field}' must be a value, a non-empty list of values, or one of { gt|gte|lt|lte|ne: number }`,
  );
  return null;
}

/** Each value compared with must be possible for the field (its enum, or its type). */
function checkWhereValues(
  scope: SourceScope,
  cond: WhereCondition,
  info: FieldInfo,
  at: string,
): void {
  const { ctx, what, type } = scope;
  const wf = cond.field;
  const values = cond.op === 'in' ? cond.values : [cond.value];
  const en = info.schema.enum as unknown[] | undefined;
  const ordered = cond.op === 'gt' || cond.op === 'gte' || cond.op === 'lt' || cond.op === 'lte';
  for (const v of values) {
    if (en && !ordered && !en.includes(v)) {
      ctx.r.at(
        at,
        `${what}: ${JSON.stringify(v)} is not a possible value of '${wf}' in ${type} (${en.map((x) => JSON.stringify(x)).join(', ')})`,
      );
    } else if (!en && typeof v === 'number' && !isType(info, 'integer', 'number')) {
      ctx.r.at(at, `${what}: '${wf}' of ${type} is not numeric, cannot compare it with ${v}`);
    } else if (!en && typeof v === 'string' && !isType(info, 'string')) {
      ctx.r.at(at, `${what}: '${wf}' of ${type} is not a string, cannot compare it with '${v}'`);
    }
  }
}
