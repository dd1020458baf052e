/**
 * The indicator catalogue (catalogue/indicators.yaml): loading and validation.
 *
 * Checks, in order, every problem reported with its line and column in the YAML file:
 * 1. YAML syntax (js-yaml's own mark);
 * 2. structure, by JSON Schema (ajv);
 * 3. meaning: every formula parses (the position of a formula error is mapped back into the
 *    file, through block scalars too); every #{element} is defined; every source names an
 *    event type and version of the platform's event catalogue with fields that exist in its
 *    schema (otherwise the element must be `source: pending`); one array expansion per source;
 *    period sources fit the indicator's period type; targets and baselines name the
 *    indicator's segments and periods of its type, once each; indicator codes are unique; an
 *    indicator's `source_events` is exactly what its elements are fed by.
 * Problems are collected (not just the first) and thrown together as a `CatalogueError`.
 *
 * Positions come from js-yaml's event parser (`parseEvents`), which gives source offsets for
 * every key and value; the values themselves from `load`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ErrorObject } from 'ajv';
import {
  EVENT_ID,
  Event,
  ScalarEvent,
  SCALAR_STYLE,
  getScalarValue,
  load,
  parseEvents,
} from 'js-yaml';
import { envelopeSchema, platformCatalog } from '@qn/contracts';
import {
  EvaluateOptions,
  Formula,
  FormulaError,
  parseFormula,
  referencePositions,
} from './formula';
import {
  IsoDate,
  Period,
  PeriodError,
  PeriodType,
  PERIOD_TYPES,
  SchoolYearCalendar,
  parsePeriod,
  parsePeriodOfType,
} from './periods';

export const DEFAULT_CATALOGUE_PATH = join(__dirname, '..', '..', 'catalogue', 'indicators.yaml');

// ---------------------------------------------------------------------------------------------
// Model

export type ValueType = 'count' | 'amount-vnd';
export type Aggregation = 'ratio-of-sums';
export type Unit = 'percent' | 'ratio';

export type PeriodSource =
  | { kind: 'code'; field: string; type: PeriodType }
  | { kind: 'timestamp'; field: string }
  | { kind: 'date'; field: string }
  | { kind: 'validity'; validFrom: string; validTo: string };

export type SegmentSource = { kind: 'org-unit' } | { kind: 'field'; field: string };

export type WhereCondition =
  | { field: string; op: 'eq'; value: string | number | boolean }
  | { field: string; op: 'in'; values: Array<string | number | boolean> }
  | { field: string; op: 'gt' | 'gte' | 'lt' | 'lte' | 'ne'; value: number };

export interface SourceMapping {
  event: string;
  version: number;
  how: 'count' | 'sum' | 'distinct';
  field: string | null;
  orgUnit: string;
  period: PeriodSource;
  segment: SegmentSource;
  where: WhereCondition[];
  line: number;
}

export interface DataElementDefinition {
  name: string;
  nameVi: string;
  nameEn: string;
  valueType: ValueType;
  /** True when `source: pending`: no event feeds it yet, its value is null ("no value"). */
  pending: boolean;
  sources: SourceMapping[];
  note: string | null;
  line: number;
}

export interface TargetDefinition {
  /** Exactly one of `period` (that period only) and `from` (that period and later ones). */
  period: string | null;
  from: string | null;
  /** null = every segment and the total. */
  segment: string | null;
  value: number;
  line: number;
}

export interface BaselineDefinition {
  period: string;
  segment: string | null;
  value: number;
  sourceDoc: string | null;
  note: string | null;
}

export interface SourceDoc {
  file: string;
  ref: string;
  text: string | null;
}

export interface IndicatorDefinition {
  code: string;
  nameVi: string;
  nameEn: string;
  description: string | null;
  unit: Unit;
  /** 100 for percent, 1 for ratio. */
  factor: bigint;
  numerator: Formula;
  denominator: Formula;
  aggregation: Aggregation;
  periodType: PeriodType;
  segments: string[];
  targets: TargetDefinition[];
  baselines: BaselineDefinition[];
  /** Event types feeding the indicator's elements, plus `pending` when one has no source. */
  sourceEvents: string[];
  sourceDoc: SourceDoc[];
  /** Elements read by the numerator or denominator. */
  elements: string[];
  /** Those of `elements` that are pending (null when absent). */
  pendingElements: ReadonlySet<string>;
  missing: EvaluateOptions['missing'];
  line: number;
}

export interface Catalogue {
  version: 1;
  segments: Map<string, { nameVi: string; nameEn: string }>;
  dataElements: Map<string, DataElementDefinition>;
  indicators: IndicatorDefinition[];
  /** Non-fatal remarks (e.g. an element no indicator uses). */
  warnings: string[];
}

export interface CatalogueIssue {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the document, e.g. `/indicators/3/numerator`. */
  path: string;
  message: string;
}

export class CatalogueError extends Error {
  constructor(readonly issues: CatalogueIssue[]) {
    super(
      `invalid indicator catalogue:\n${issues.map((i) => `  ${i.file}:${i.line}:${i.column}: ${i.message}`).join('\n')}`,
    );
    this.name = 'CatalogueError';
  }
}

/** The JSON Schema of an event's `data` for a (type, version), or undefined when there is none. */
export type EventSchemaLookup = (
  type: string,
  version: number,
) => Record<string, unknown> | undefined;

export const platformEventSchemas: EventSchemaLookup = (type, version) =>
  platformCatalog.event(type, version)?.schema;

export interface ParseOptions {
  /** Shown in issues; default `indicators.yaml`. */
  filename?: string;
  /** Where source events are checked; default the platform catalogue of libs/contracts. */
  events?: EventSchemaLookup;
  calendar?: SchoolYearCalendar;
}

// ---------------------------------------------------------------------------------------------
// Structure (JSON Schema)

const ELEMENT_NAME = '^[a-z][a-z0-9_]*(\\.[a-z0-9_-]+)*$';
const PERIOD_CODE = { type: 'string', minLength: 4, maxLength: 20 };
const text = (max = 300) => ({ type: 'string', minLength: 1, maxLength: max });

const sourceSchema = {
  type: 'object',
  required: ['event', 'version', 'how', 'org_unit', 'period', 'segment'],
  additionalProperties: false,
  properties: {
    event: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' },
    version: { type: 'integer', minimum: 1 },
    how: { enum: ['count', 'sum', 'distinct'] },
    field: text(200),
    org_unit: text(200),
    period: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        code: text(200),
        type: { enum: [...PERIOD_TYPES] },
        timestamp: text(200),
        date: text(200),
        valid_from: text(200),
        valid_to: text(200),
      },
    },
    segment: { type: ['string', 'object'] },
    where: { type: 'object' },
    note: text(1000),
  },
};

export const catalogueSchema = {
  type: 'object',
  required: ['version', 'segments', 'data_elements', 'indicators'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    segments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[a-z][a-z-]*$' },
      additionalProperties: {
        type: 'object',
        required: ['name_vi', 'name_en'],
        additionalProperties: false,
        properties: { name_vi: text(), name_en: text() },
      },
    },
    data_elements: {
      type: 'object',
      propertyNames: { pattern: ELEMENT_NAME, maxLength: 100 },
      additionalProperties: {
        type: 'object',
        required: ['name_vi', 'name_en', 'value_type'],
        additionalProperties: false,
        properties: {
          name_vi: text(),
          name_en: text(),
          value_type: { enum: ['count', 'amount-vnd'] },
          source: { const: 'pending' },
          sources: { type: 'array', minItems: 1, items: sourceSchema },
          note: text(1000),
        },
      },
    },
    indicators: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: [
          'code',
          'name_vi',
          'name_en',
          'unit',
          'numerator',
          'denominator',
          'aggregation',
          'period_type',
          'segments',
          'source_events',
          'targets',
          'source_doc',
        ],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$', maxLength: 50 },
          name_vi: text(),
          name_en: text(),
          description: text(2000),
          unit: { enum: ['percent', 'ratio'] },
          numerator: text(4000),
          denominator: text(4000),
          aggregation: { const: 'ratio-of-sums' },
          period_type: { enum: [...PERIOD_TYPES] },
          segments: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } },
          missing: { enum: ['zero', 'null'] },
          source_events: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string' },
          },
          targets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['value'],
              additionalProperties: false,
              properties: {
                period: PERIOD_CODE,
                from: PERIOD_CODE,
                segment: { type: 'string' },
                value: { type: 'number', minimum: 0 },
                note: text(1000),
              },
            },
          },
          baselines: {
            type: 'array',
            items: {
              type: 'object',
              required: ['period', 'value'],
              additionalProperties: false,
              properties: {
                period: PERIOD_CODE,
                segment: { type: 'string' },
                value: { type: 'number', minimum: 0 },
                source_doc: text(),
                note: text(1000),
              },
            },
          },
          source_doc: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['file', 'ref'],
              additionalProperties: false,
              properties: {
                file: { type: 'string', pattern: '^\\d{3}_[0-9a-f]+\\.txt$' },
                ref: text(),
                text: text(2000),
              },
            },
          },
        },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | null = null;
function structureValidator(): ReturnType<Ajv['compile']> {
  if (!compiled)
    compiled = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
      catalogueSchema,
    );
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Positions

interface NodePos {
  /** Offset of the value node. */
  offset: number;
  /** Offset of its key (for mapping members). */
  keyOffset: number | null;
  scalar: ScalarEvent | null;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointer → position of every node of the first document. */
function positionsOf(source: string): Map<string, NodePos> {
  const out = new Map<string, NodePos>();
  let events: Event[];
  try {
    events = parseEvents(source, {});
  } catch {
    return out;
  }
  type Frame = {
    kind: 'map' | 'seq';
    path: string;
    index: number;
    key: { name: string; offset: number } | null;
    expectKey: boolean;
  };
  const stack: Frame[] = [];
  let docs = 0;
  const offsetOf = (e: Event): number =>
    e.type === EVENT_ID.SCALAR
      ? e.valueStart
      : e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE
        ? e.start
        : -1;

  for (const e of events) {
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++docs > 1) break;
      continue;
    }
    if (e.type === EVENT_ID.POP) {
      if (stack.length) stack.pop();
      continue;
    }
    const top = stack[stack.length - 1];
    if (top && top.kind === 'map' && top.expectKey) {
      // A key: remember it; complex keys are named by their text.
      const name = e.type === EVENT_ID.SCALAR ? getScalarValue(source, e) : '?';
      top.key = { name, offset: offsetOf(e) };
      top.expectKey = false;
      if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE)
        stack.push({ kind: 'map', path: '#complex-key', index: 0, key: null, expectKey: true });
      continue;
    }
    let path = '';
    let keyOffset: number | null = null;
    if (top) {
      if (top.kind === 'map') {
        path = `${top.path}/${escapePointer(top.key?.name ?? '?')}`;
        keyOffset = top.key?.offset ?? null;
        top.expectKey = true;
      } else {
        path = `${top.path}/${top.index++}`;
      }
    }
    if (!out.has(path))
      out.set(path, {
        offset: offsetOf(e),
        keyOffset,
        scalar: e.type === EVENT_ID.SCALAR ? e : null,
      });
    if (e.type === EVENT_ID.MAPPING)
      stack.push({ kind: 'map', path, index: 0, key: null, expectKey: true });
    else if (e.type === EVENT_ID.SEQUENCE)
      stack.push({ kind: 'seq', path, index: 0, key: null, expectKey: false });
  }
  return out;
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Raw = Record<string, unknown>;

class Reporter {
  readonly issues: CatalogueIssue[] = [];
  constructor(
    private readonly file: string,
    readonly lines: LineIndex,
    private readonly pos: Map<string, NodePos>,
  ) {}

  /** Offset of the node of a pointer (or its key, or its nearest ancestor that has a position). */
  locate(path: string, options: { key?: boolean } = {}): number {
    let p = path;
    for (;;) {
      const n = this.pos.get(p);
      if (n)
        return options.key && n.keyOffset !== null
          ? n.keyOffset
          : n.offset >= 0
            ? n.offset
            : (n.keyOffset ?? 0);
      if (p === '') return 0;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  lineOf(path: string): number {
    return this.lines.at(this.locate(path)).line;
  }

  /** Reports at the node of a pointer (see `locate`). */
  at(path: string, message: string, options: { key?: boolean } = {}): void {
    this.atOffset(this.locate(path, options), path, message);
  }

  atOffset(offset: number, path: string, message: string): void {
    const { line, column } = this.lines.at(offset);
    this.issues.push({ file: this.file, line, column, path, message });
  }

  /** Maps a position inside a formula string back to the file. */
  formulaOffset(
    path: string,
    value: string,
    formulaOffset: number,
    formulaLine: number,
    formulaColumn: number,
  ): number | null {
    const n = this.pos.get(path);
    if (!n?.scalar) return null;
    const s = n.scalar;
    const raw = this.lines.text.slice(s.valueStart, s.valueEnd);
    if (s.style === SCALAR_STYLE.LITERAL_BLOCK && s.indent >= 0) {
      // Each line of the value is a line of the block, shifted by the block's indentation.
      const lineStarts = [0];
      for (let i = 0; i < raw.length; i++) if (raw[i] === '\n') lineStarts.push(i + 1);
      const start = lineStarts[formulaLine - 1];
      return start === undefined ? null : s.valueStart + start + s.indent + formulaColumn - 1;
    }
    const at = raw.indexOf(value);
    if (at >= 0 && raw.indexOf(value, at + 1) < 0) return s.valueStart + at + formulaOffset;
    return null;
  }
}

function ajvMessage(e: ErrorObject): { path: string; message: string; key: boolean } | null {
  const where = e.instancePath || '/';
  // An error inside propertyNames names the offending key; the summary error adds nothing.
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined)
    return {
      path: `${e.instancePath}/${escapePointer(propertyName)}`,
      message: `invalid name '${propertyName}' at ${where}: ${e.message}`,
      key: true,
    };
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      return {
        path: `${e.instancePath}/${escapePointer(prop)}`,
        message: `unknown property '${prop}' at ${where}`,
        key: true,
      };
    }
    case 'required':
      return {
        path: e.instancePath,
        message: `missing required property '${(e.params as { missingProperty: string }).missingProperty}' at ${where}`,
        key: false,
      };
    case 'propertyNames':
      return null;
    case 'type': {
      const isPeriod = /\/(period|from)$/.test(e.instancePath);
      return {
        path: e.instancePath,
        message: `${where} ${e.message}${isPeriod ? " (quote period codes, e.g. '2025')" : ''}`,
        key: false,
      };
    }
    case 'enum':
      return {
        path: e.instancePath,
        message: `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
        key: false,
      };
    case 'const':
      return {
        path: e.instancePath,
        message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`,
        key: false,
      };
    default:
      return { path: e.instancePath, message: `${where} ${e.message}`, key: false };
  }
}

/** Parses and validates catalogue text. Throws `CatalogueError` with every problem found. */
export function parseCatalogue(source: string, options: ParseOptions = {}): Catalogue {
  const file = options.filename ?? 'indicators.yaml';
  const lines = new LineIndex(source);

  let doc: unknown;
  try {
    doc = load(source, { filename: file });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    throw new CatalogueError([
      {
        file,
        line: (mark?.line ?? 0) + 1,
        column: (mark?.column ?? 0) + 1,
        path: '',
        message: `YAML syntax: ${reason}`,
      },
    ]);
  }

  const r = new Reporter(file, lines, positionsOf(source));
  const validate = structureValidator();
  if (!validate(doc)) {
    for (const err of validate.errors ?? []) {
      const m = ajvMessage(err);
      if (m) r.at(m.path, m.message, { key: m.key });
    }
    throw new CatalogueError(dedupe(r.issues));
  }

  const cat = new Checker(doc as Raw, r, options).run();
  if (r.issues.length)
    throw new CatalogueError(
      dedupe(r.issues).sort((a, b) => a.line - b.line || a.column - b.column),
    );
  return cat;
}

/** Reads and validates a catalogue file (default: catalogue/indicators.yaml of this service). */
export function loadCatalogue(
  path: string = DEFAULT_CATALOGUE_PATH,
  options: Omit<ParseOptions, 'filename'> = {},
): Catalogue {
  return parseCatalogue(readFileSync(path, 'utf8'), { ...options, filename: path });
}

function dedupe(issues: CatalogueIssue[]): CatalogueIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.column}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Semantic checks

const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[\])?$/;

interface FieldInfo {
  schema: Raw;
  /** The path up to and including its `[]`, or null when it does not expand an array. */
  expansion: string | null;
}

class Checker {
  private readonly events: EventSchemaLookup;
  private readonly segments = new Map<string, { nameVi: string; nameEn: string }>();
  private readonly elements = new Map<string, DataElementDefinition>();
  /** Event types each element names, even in sources that failed a check (so one mistake is reported once). */
  private readonly namedEvents = new Map<string, Set<string>>();

  constructor(
    private readonly doc: Raw,
    private readonly r: Reporter,
    private readonly options: ParseOptions,
  ) {
    this.events = options.events ?? platformEventSchemas;
  }

  private line(path: string): number {
    return this.r.lineOf(path);
  }

  run(): Catalogue {
    for (const [id, s] of Object.entries(this.doc.segments as Record<string, Raw>))
      this.segments.set(id, { nameVi: s.name_vi as string, nameEn: s.name_en as string });
    for (const [name, raw] of Object.entries(this.doc.data_elements as Record<string, Raw>))
      this.element(name, raw);

    const indicators: IndicatorDefinition[] = [];
    const codes = new Map<string, number>();
    (this.doc.indicators as Raw[]).forEach((raw, i) => {
      const code = raw.code as string;
      if (codes.has(code))
        this.r.at(
          `/indicators/${i}/code`,
          `duplicate indicator code ${code} (first at line ${codes.get(code)})`,
        );
      else codes.set(code, this.line(`/indicators/${i}/code`));
      const ind = this.indicator(raw, i);
      if (ind) indicators.push(ind);
    });

    const used = new Set(indicators.flatMap((i) => i.elements));
    const warnings = [...this.elements.keys()]
      .filter((n) => !used.has(n))
      .map((n) => `data element ${n} (line ${this.elements.get(n)!.line}) is used by no indicator`);
    return {
      version: 1,
      segments: this.segments,
      dataElements: this.elements,
      indicators,
      warnings,
    };
  }

  // --- data elements ----------------------------------------------------------------------

  private element(name: string, raw: Raw): void {
    const base = `/data_elements/${escapePointer(name)}`;
    const pending = raw.source === 'pending';
    if (pending && raw.sources !== undefined)
      this.r.at(
        `${base}/sources`,
        `data element ${name}: 'source: pending' and 'sources' exclude each other`,
        { key: true },
      );
    if (!pending && raw.sources === undefined)
      this.r.at(
        base,
        `data element ${name}: needs 'sources' (the events that feed it) or 'source: pending'`,
        { key: true },
      );
    const sources: SourceMapping[] = [];
    this.namedEvents.set(
      name,
      new Set(((raw.sources as Raw[] | undefined) ?? []).map((s) => s.event as string)),
    );
    ((raw.sources as Raw[] | undefined) ?? []).forEach((s, k) => {
      const m = this.source(name, s, `${base}/sources/${k}`);
      if (m) sources.push(m);
    });
    // A distinct count is recomputed from its facts' distinct values (the projection indexes
    // only those); adding a count or a sum to it has no meaning the formula language could say.
    const hows = new Set(sources.map((m) => m.how));
    if (hows.has('distinct') && hows.size > 1)
      this.r.at(
        `${base}/sources`,
        `data element ${name}: mixes how: distinct with how: ${[...hows].filter((h) => h !== 'distinct').join(', ')}; a distinct count takes only distinct sources (use two elements and add them in the formula)`,
        { key: true },
      );
    this.elements.set(name, {
      name,
      nameVi: raw.name_vi as string,
      nameEn: raw.name_en as string,
      valueType: raw.value_type as ValueType,
      pending,
      sources,
      note: (raw.note as string | undefined) ?? null,
      line: this.r.lines.at(this.r.locate(base, { key: true })).line,
    });
  }

  private source(element: string, s: Raw, path: string): SourceMapping | null {
    const what = `data element ${element}`;
    const type = s.event as string;
    const version = s.version as number;
    const schema = this.events(type, version);
    if (!schema) {
      this.r.at(
        `${path}/event`,
        `${what}: event ${type} version ${version} is not in the platform's event catalogue; mark the element 'source: pending' until it exists`,
      );
      return null;
    }
    const before = this.r.issues.length;
    const expansions = new Set<string>();
    const field = (
      p: string | undefined,
      at: string,
      expect: (f: FieldInfo) => string | null,
    ): FieldInfo | null => {
      if (p === undefined) return null;
      const info = this.resolveField(schema, p, `${what}: ${type} v${version}`, at);
      if (!info) return null;
      if (info.expansion) expansions.add(info.expansion);
      const problem = expect(info);
      if (problem) this.r.at(at, `${what}: field '${p}' of ${type} ${problem}`);
      return info;
    };
    const isType = (f: FieldInfo, ...types: string[]) => {
      const t = f.schema.type;
      const list = Array.isArray(t) ? t : [t];
      return list.some((x) => types.includes(x as string));
    };

    const how = s.how as SourceMapping['how'];
    if (how === 'count' && s.field !== undefined)
      this.r.at(
        `${path}/field`,
        `${what}: how: count counts events (or array items); it takes no 'field'`,
        { key: true },
      );
    if (how !== 'count' && s.field === undefined)
      this.r.at(path, `${what}: how: ${how} needs a 'field'`);
    // Money travels as integer-đồng decimal strings (exact beyond 2^53): a string whose schema
    // pattern admits digits only can be summed too.
    const isDigitString = (f: FieldInfo) =>
      isType(f, 'string') &&
      typeof f.schema.pattern === 'string' &&
      /^\^[^a-zA-Z]*\\d[^a-zA-Z]*\$$/.test(f.schema.pattern);
    field(s.field as string | undefined, `${path}/field`, (f) =>
      how === 'sum' && !isType(f, 'integer', 'number') && !isDigitString(f)
        ? 'is not numeric: cannot sum it'
        : null,
    );
    field(s.org_unit as string, `${path}/org_unit`, (f) =>
      !isType(f, 'string') ? 'is not a string id' : null,
    );

    // Period.
    const p = s.period as Raw;
    let period: PeriodSource | null = null;
    const keys = Object.keys(p).sort().join(',');
    if (keys === 'code,type') {
      period = { kind: 'code', field: p.code as string, type: p.type as PeriodType };
      field(p.code as string, `${path}/period/code`, (f) =>
        !isType(f, 'string') ? 'is not a period code string' : null,
      );
    } else if (keys === 'timestamp') {
      period = { kind: 'timestamp', field: p.timestamp as string };
      field(p.timestamp as string, `${path}/period/timestamp`, (f) =>
        f.schema.format !== 'date-time' ? 'is not a date-time' : null,
      );
    } else if (keys === 'date') {
      period = { kind: 'date', field: p.date as string };
      field(p.date as string, `${path}/period/date`, (f) =>
        !isType(f, 'string') ? 'is not a date string' : null,
      );
    } else if (keys === 'valid_from,valid_to') {
      period = {
        kind: 'validity',
        validFrom: p.valid_from as string,
        validTo: p.valid_to as string,
      };
      field(p.valid_from as string, `${path}/period/valid_from`, (f) =>
        !isType(f, 'string') ? 'is not a date string' : null,
      );
      field(p.valid_to as string, `${path}/period/valid_to`, (f) =>
        !isType(f, 'string') ? 'is not a date string' : null,
      );
    } else {
      this.r.at(
        `${path}/period`,
        `${what}: period must be one of { code, type }, { timestamp }, { date }, { valid_from, valid_to }; got { ${keys} }`,
      );
    }

    // Segment.
    let segment: SegmentSource | null = null;
    const seg = s.segment;
    if (seg === 'org-unit') segment = { kind: 'org-unit' };
    else if (
      seg !== null &&
      typeof seg === 'object' &&
      Object.keys(seg).join() === 'field' &&
      typeof (seg as Raw).field === 'string'
    ) {
      segment = { kind: 'field', field: (seg as Raw).field as string };
      field(segment.field, `${path}/segment/field`, (f) => {
        const en = f.schema.enum as unknown[] | undefined;
        const unknown = en?.filter((v) => !this.segments.has(String(v)));
        return unknown?.length
          ? `has values that are not catalogue segments: ${unknown.join(', ')}`
          : null;
      });
    } else this.r.at(`${path}/segment`, `${what}: segment must be 'org-unit' or { field: <path> }`);

    // Where.
    const where: WhereCondition[] = [];
    for (const [wf, wv] of Object.entries((s.where as Raw | undefined) ?? {})) {
      const at = `${path}/where/${escapePointer(wf)}`;
      const info = field(wf, at, () => null);
      const cond = this.whereCondition(wf, wv, at, what);
      if (!cond || !info) continue;
      where.push(cond);
      const values = cond.op === 'in' ? cond.values : [cond.value];
      const en = info.schema.enum as unknown[] | undefined;
      for (const v of values) {
        if (
          en &&
          cond.op !== 'gt' &&
          cond.op !== 'gte' &&
          cond.op !== 'lt' &&
          cond.op !== 'lte' &&
          !en.includes(v)
        ) {
          this.r.at(
            at,
            `${what}: ${JSON.stringify(v)} is not a possible value of '${wf}' in ${type} (${en.map((x) => JSON.stringify(x)).join(', ')})`,
          );
        } else if (!en && typeof v === 'number' && !isType(info, 'integer', 'number')) {
          this.r.at(at, `${what}: '${wf}' of ${type} is not numeric, cannot compare it with ${v}`);
        } else if (!en && typeof v === 'string' && !isType(info, 'string')) {
          this.r.at(
            at,
            `${what}: '${wf}' of ${type} is not a string, cannot compare it with '${v}'`,
          );
        }
      }
    }

    if (expansions.size > 1)
      this.r.at(
        path,
        `${what}: one source may expand one array; this one expands ${[...expansions].join(' and ')}`,
      );
    if (this.r.issues.length > before || !period || !segment) return null;
    return {
      event: type,
      version,
      how,
      field: (s.field as string | undefined) ?? null,
      orgUnit: s.org_unit as string,
      period,
      segment,
      where,
      line: this.line(path),
    };
  }

  private whereCondition(
    field: string,
    v: unknown,
    at: string,
    what: string,
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
    this.r.at(
      at,
      `${what}: where '${field}' must be a value, a non-empty list of values, or one of { gt|gte|lt|lte|ne: number }`,
    );
    return null;
  }

  /** Resolves a dotted field path (with `[]` array expansion) in a JSON Schema. */
  private resolveField(dataSchema: Raw, path: string, what: string, at: string): FieldInfo | null {
    let schema: Raw = dataSchema;
    let parts = path.split('.');
    if (parts[0] === 'envelope') {
      schema = envelopeSchema as unknown as Raw;
      parts = parts.slice(1);
    }
    let expansion: string | null = null;
    const walked: string[] = [];
    if (parts.length === 0 || parts.some((p) => !FIELD_SEGMENT.test(p))) {
      this.r.at(
        at,
        `${what}: '${path}' is not a field path (names separated by '.', '[]' after an array)`,
      );
      return null;
    }
    for (const part of parts) {
      const isArray = part.endsWith('[]');
      const name = isArray ? part.slice(0, -2) : part;
      const props = schema.properties as Record<string, Raw> | undefined;
      const next = props?.[name];
      walked.push(part);
      if (!next) {
        const known = props ? Object.keys(props).join(', ') : 'none';
        this.r.at(at, `${what} has no field '${walked.join('.')}' (fields here: ${known})`);
        return null;
      }
      schema = next;
      if (isArray) {
        if (expansion) {
          this.r.at(at, `${what}: '${path}' expands two arrays; one per source`);
          return null;
        }
        if (
          !(
            schema.type === 'array' ||
            (Array.isArray(schema.type) && schema.type.includes('array'))
          ) ||
          !schema.items
        ) {
          this.r.at(at, `${what}: '${walked.join('.')}' is not an array`);
          return null;
        }
        expansion = walked.join('.');
        schema = schema.items as Raw;
      } else if (schema.type === 'array') {
        this.r.at(
          at,
          `${what}: '${walked.join('.')}' is an array: write '${walked.join('.')}[]' to expand it`,
        );
        return null;
      }
    }
    return { schema, expansion };
  }

  // --- indicators -------------------------------------------------------------------------

  private indicator(raw: Raw, i: number): IndicatorDefinition | null {
    const base = `/indicators/${i}`;
    const code = raw.code as string;
    const what = `indicator ${code}`;
    const periodType = raw.period_type as PeriodType;
    const before = this.r.issues.length;

    const formula = (key: 'numerator' | 'denominator'): Formula | null => {
      const textValue = raw[key] as string;
      const path = `${base}/${key}`;
      let f: Formula;
      try {
        f = parseFormula(textValue);
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        const off = this.r.formulaOffset(path, textValue, e.pos.offset, e.pos.line, e.pos.column);
        const msg = `${what}: ${key}: ${e.reason} (formula line ${e.pos.line}, column ${e.pos.column})`;
        if (off === null) this.r.at(path, msg);
        else this.r.atOffset(off, path, msg);
        return null;
      }
      for (const ref of referencePositions(f.ast)) {
        const el = this.elements.get(ref.name);
        const off = this.r.formulaOffset(
          path,
          textValue,
          ref.pos.offset,
          ref.pos.line,
          ref.pos.column,
        );
        const report = (msg: string) =>
          off === null ? this.r.at(path, msg) : this.r.atOffset(off, path, msg);
        if (!el) {
          const near = [...this.elements.keys()].filter(
            (n) => n.split('.')[0] === ref.name.split('.')[0],
          );
          report(
            `${what}: ${key}: data element #{${ref.name}} is not defined in data_elements${near.length ? ` (defined: ${near.join(', ')})` : ''}`,
          );
          continue;
        }
        for (const src of el.sources) {
          if (src.period.kind === 'code' && src.period.type !== periodType) {
            report(
              `${what}: ${key}: #{${ref.name}} is keyed by ${src.period.type} codes (its source at line ${src.line}) but the indicator's period type is ${periodType}`,
            );
          }
        }
      }
      return f;
    };
    const numerator = formula('numerator');
    const denominator = formula('denominator');

    // Segments.
    const segments = raw.segments as string[];
    segments.forEach((s, k) => {
      if (!this.segments.has(s))
        this.r.at(
          `${base}/segments/${k}`,
          `${what}: unknown segment '${s}' (defined: ${[...this.segments.keys()].join(', ')})`,
        );
    });

    // Targets.
    const targets: TargetDefinition[] = [];
    const seenTargets = new Map<string, number>();
    ((raw.targets as Raw[]) ?? []).forEach((t, k) => {
      const at = `${base}/targets/${k}`;
      const hasPeriod = t.period !== undefined;
      const hasFrom = t.from !== undefined;
      if (hasPeriod === hasFrom) {
        this.r.at(
          at,
          `${what}: a target needs exactly one of 'period' (that period) or 'from' (that period and later)`,
        );
        return;
      }
      const code = (hasPeriod ? t.period : t.from) as string;
      const ok = this.periodCode(
        code,
        periodType,
        `${at}/${hasPeriod ? 'period' : 'from'}`,
        `${what}: target`,
      );
      const segment = (t.segment as string | undefined) ?? null;
      if (segment !== null && !segments.includes(segment)) {
        this.r.at(
          `${at}/segment`,
          `${what}: target for segment '${segment}', which is not one of the indicator's segments (${segments.join(', ')})`,
        );
        return;
      }
      const key = `${hasPeriod ? 'period' : 'from'}:${code}:${segment ?? '*'}`;
      const line = this.line(at);
      if (seenTargets.has(key)) {
        this.r.at(
          at,
          `${what}: a second target for ${hasPeriod ? 'period' : 'from'} ${code}${segment ? `, segment ${segment}` : ''} (first at line ${seenTargets.get(key)})`,
        );
        return;
      }
      seenTargets.set(key, line);
      if (ok)
        targets.push({
          period: hasPeriod ? code : null,
          from: hasFrom ? code : null,
          segment,
          value: t.value as number,
          line,
        });
    });

    // Baselines.
    const baselines: BaselineDefinition[] = [];
    ((raw.baselines as Raw[] | undefined) ?? []).forEach((b, k) => {
      const at = `${base}/baselines/${k}`;
      const ok = this.periodCode(
        b.period as string,
        periodType,
        `${at}/period`,
        `${what}: baseline`,
      );
      const segment = (b.segment as string | undefined) ?? null;
      if (segment !== null && !segments.includes(segment)) {
        this.r.at(
          `${at}/segment`,
          `${what}: baseline for segment '${segment}', which is not one of the indicator's segments`,
        );
        return;
      }
      if (ok)
        baselines.push({
          period: b.period as string,
          segment,
          value: b.value as number,
          sourceDoc: (b.source_doc as string | undefined) ?? null,
          note: (b.note as string | undefined) ?? null,
        });
    });

    // source_events must be what the elements are fed by.
    const elements = [
      ...new Set([...(numerator?.references ?? []), ...(denominator?.references ?? [])]),
    ].sort();
    const derived = new Set<string>();
    for (const n of elements) {
      const el = this.elements.get(n);
      if (!el) continue;
      const named = this.namedEvents.get(n) ?? new Set<string>();
      if (el.pending || named.size === 0) derived.add('pending'); // no source named: as good as pending (reported once, at the element)
      for (const e of named) derived.add(e);
    }
    const declared = new Set(raw.source_events as string[]);
    if (numerator && denominator) {
      const missing = [...derived].filter((x) => !declared.has(x));
      const extra = [...declared].filter((x) => !derived.has(x));
      if (missing.length || extra.length) {
        const parts = [
          missing.length ? `missing ${missing.join(', ')}` : '',
          extra.length ? `not fed by ${extra.join(', ')}` : '',
        ].filter(Boolean);
        this.r.at(
          `${base}/source_events`,
          `${what}: source_events must list the events its elements are fed by (and 'pending' for pending elements): ${parts.join('; ')}`,
        );
      }
    }

    if (this.r.issues.length > before || !numerator || !denominator) return null;
    const pendingElements = new Set(elements.filter((n) => this.elements.get(n)?.pending));
    const unit = raw.unit as Unit;
    return {
      code,
      nameVi: raw.name_vi as string,
      nameEn: raw.name_en as string,
      description: (raw.description as string | undefined) ?? null,
      unit,
      factor: unit === 'percent' ? 100n : 1n,
      numerator,
      denominator,
      aggregation: raw.aggregation as Aggregation,
      periodType,
      segments,
      targets,
      baselines,
      sourceEvents: [...declared],
      sourceDoc: (raw.source_doc as Raw[]).map((d) => ({
        file: d.file as string,
        ref: d.ref as string,
        text: (d.text as string | undefined) ?? null,
      })),
      elements,
      pendingElements,
      missing: (raw.missing as EvaluateOptions['missing']) ?? 'zero',
      line: this.line(base),
    };
  }

  private periodCode(code: string, type: PeriodType, at: string, what: string): boolean {
    try {
      parsePeriodOfType(type, code, this.options.calendar);
      return true;
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e;
      this.r.at(at, `${what}: ${e.message}`);
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups

/**
 * The target of an indicator for a period and segment (null = the total), or null when none:
 * a target for exactly that period beats a `from` target; among `from` targets the latest one
 * starting no later than the period wins; a target for the segment beats one for all segments.
 */
export function targetFor(
  indicator: Pick<IndicatorDefinition, 'targets' | 'periodType'>,
  period: Period | string,
  segment: string | null,
  calendar?: SchoolYearCalendar,
): number | null {
  const p = typeof period === 'string' ? parsePeriod(period, calendar) : period;
  if (p.type !== indicator.periodType) return null;
  for (const seg of segment === null ? [null] : [segment, null]) {
    const candidates = indicator.targets.filter((t) => t.segment === seg);
    const exact = candidates.find((t) => t.period === p.code);
    if (exact) return exact.value;
    let best: { start: IsoDate; value: number } | null = null;
    for (const t of candidates) {
      if (t.from === null) continue;
      const start = parsePeriod(t.from, calendar).start;
      if (start <= p.start && (!best || start > best.start)) best = { start, value: t.value };
    }
    if (best) return best.value;
  }
  return null;
}

/** The baseline recorded for a period and segment (exact match only), or null. */
export function baselineFor(
  indicator: Pick<IndicatorDefinition, 'baselines'>,
  periodCode: string,
  segment: string | null,
): number | null {
  return (
    indicator.baselines.find((b) => b.period === periodCode && b.segment === segment)?.value ?? null
  );
}

export function indicatorByCode(
  catalogue: Catalogue,
  code: string,
): IndicatorDefinition | undefined {
  return catalogue.indicators.find((i) => i.code === code);
}
