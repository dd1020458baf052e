/** The catalogue's model: what a validated indicators.yaml becomes, and how its problems are reported. */
import { platformCatalog } from '@qn/contracts';
import { EvaluateOptions, Formula } from '../formula';
import { PeriodType, SchoolYearCalendar } from '../periods';

export type ValueType = 'count' | 'amount-vnd';
export type Aggregation = 'ratio-of-sums';
export type Unit = 'percent' | 'ratio';
/**
 * How a value moves towards its target within a period (status.ts): `rate` a share of what
 * happens in the period (must hold all along), `cumulative` a stock built up towards a deadline,
 * `at-end` a one-off event or an end-of-period act (judged only once due).
 */
export type ProgressKind = 'rate' | 'cumulative' | 'at-end';

/** When a period's value is due: `days` after the period's first or last day. */
export interface DeadlineRule {
  after: 'period-start' | 'period-end';
  days: number;
}

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
  /**
   * count, sum, distinct: per event. latest: the subject (`field`) counts, from the event's
   * date, by the state its latest event gives it (a later event of any of the element's sources
   * replaces it); ends: the event ends the subject's state in the element (it counts nowhere).
   */
  how: 'count' | 'sum' | 'distinct' | 'latest' | 'ends';
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
  /**
   * The day it is due for every period it covers, when the source document fixes one (e.g. the
   * old registers of every graduation year digitised by the end of 2025); null = the period's.
   */
  due: string | null;
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
  /** Default: `cumulative` for as-of indicators, `rate` for the others. */
  progress: ProgressKind;
  /** null = the period's last day. */
  deadline: DeadlineRule | null;
  /** Percent of the target that is "cơ bản hoàn thành" once due (default 90). */
  mostlyCompletedAt: number;
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
