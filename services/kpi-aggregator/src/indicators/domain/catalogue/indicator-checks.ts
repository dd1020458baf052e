/**
 * Checks of one indicator: its formulas (parsed, every #{element} defined and keyed by periods
 * of the indicator's type), segments, targets, baselines, and `source_events` equal to what its
 * elements are fed by.
 */
import {
  EvaluateOptions,
  Formula,
  FormulaError,
  parseFormula,
  referencePositions,
} from '../formula';
import { isIsoDate, PeriodError, PeriodType, parsePeriodOfType } from '../periods';
import type { CheckContext } from './check-context';
import {
  Aggregation,
  BaselineDefinition,
  DeadlineRule,
  IndicatorDefinition,
  ProgressKind,
  TargetDefinition,
  Unit,
} from './model';
import { Raw } from './positions';

/** One indicator being checked. */
interface IndicatorScope {
  ctx: CheckContext;
  raw: Raw;
  base: string;
  /** `indicator <code>`, the start of every message. */
  what: string;
  periodType: PeriodType;
}

export function checkIndicator(ctx: CheckContext, raw: Raw, i: number): IndicatorDefinition | null {
  const code = raw.code as string;
  const scope: IndicatorScope = {
    ctx,
    raw,
    base: `/indicators/${i}`,
    what: `indicator ${code}`,
    periodType: raw.period_type as PeriodType,
  };
  const before = ctx.r.issues.length;
  const numerator = checkFormula(scope, 'numerator');
  const denominator = checkFormula(scope, 'denominator');
  const segments = raw.segments as string[];
  checkSegments(scope, segments);
  const targets = checkTargets(scope, segments);
  const baselines = checkBaselines(scope, segments);
  const elements = [
    ...new Set([...(numerator?.references ?? []), ...(denominator?.references ?? [])]),
  ].sort();
  const declared = new Set(raw.source_events as string[]);
  if (numerator && denominator) checkSourceEvents(scope, elements, declared);

  if (ctx.r.issues.length > before || !numerator || !denominator) return null;
  const pendingElements = new Set(elements.filter((n) => ctx.elements.get(n)?.pending));
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
    periodType: scope.periodType,
    segments,
    targets,
    baselines,
    progress:
      (raw.progress as ProgressKind | undefined) ??
      (scope.periodType === 'as-of' ? 'cumulative' : 'rate'),
    deadline: (raw.deadline as DeadlineRule | undefined) ?? null,
    mostlyCompletedAt: (raw.mostly_completed_at as number | undefined) ?? 90,
    sourceEvents: [...declared],
    sourceDoc: (raw.source_doc as Raw[]).map((d) => ({
      file: d.file as string,
      ref: d.ref as string,
      text: (d.text as string | undefined) ?? null,
    })),
    elements,
    pendingElements,
    missing: (raw.missing as EvaluateOptions['missing']) ?? 'zero',
    line: ctx.r.lineOf(scope.base),
  };
}

/** A formula parses; its errors are reported at their place in the file, through block scalars too. */
function checkFormula(scope: IndicatorScope, key: 'numerator' | 'denominator'): Formula | null {
  const { r } = scope.ctx;
  const textValue = scope.raw[key] as string;
  const path = `${scope.base}/${key}`;
  let f: Formula;
  try {
    f = parseFormula(textValue);
  } catch (e) {
    if (!(e instanceof FormulaError)) throw e;
    const off = r.formulaOffset(path, textValue, e.pos.offset, e.pos.line, e.pos.column);
    const msg = `${scope.what}: ${key}: ${e.reason} (formula line ${e.pos.line}, column ${e.pos.column})`;
    if (off === null) r.at(path, msg);
    else r.atOffset(off, path, msg);
    return null;
  }
  checkReferences(scope, key, f, textValue);
  return f;
}

/** Every #{element} is defined, and its period-code sources are of the indicator's period type. */
function checkReferences(
  scope: IndicatorScope,
  key: 'numerator' | 'denominator',
  f: Formula,
  textValue: string,
): void {
  const { r, elements } = scope.ctx;
  const { what, periodType } = scope;
  const path = `${scope.base}/${key}`;
  for (const ref of referencePositions(f.ast)) {
    const el = elements.get(ref.name);
    const off = r.formulaOffset(path, textValue, ref.pos.offset, ref.pos.line, ref.pos.column);
    const report = (msg: string) => (off === null ? r.at(path, msg) : r.atOffset(off, path, msg));
    if (!el) {
      const near = [...elements.keys()].filter((n) => n.split('.')[0] === ref.name.split('.')[0]);
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
}

function checkSegments(scope: IndicatorScope, segments: string[]): void {
  const known = scope.ctx.segments;
  segments.forEach((s, k) => {
    if (!known.has(s))
      scope.ctx.r.at(
        `${scope.base}/segments/${k}`,
        `${scope.what}: unknown segment '${s}' (defined: ${[...known.keys()].join(', ')})`,
      );
  });
}

/** Targets: one of `period` or `from`, of the indicator's period type and segments, once each. */
function checkTargets(scope: IndicatorScope, segments: string[]): TargetDefinition[] {
  const { r } = scope.ctx;
  const { what } = scope;
  const targets: TargetDefinition[] = [];
  const seenTargets = new Map<string, number>();
  ((scope.raw.targets as Raw[]) ?? []).forEach((t, k) => {
    const at = `${scope.base}/targets/${k}`;
    const hasPeriod = t.period !== undefined;
    const hasFrom = t.from !== undefined;
    if (hasPeriod === hasFrom) {
      r.at(
        at,
        `${what}: a target needs exactly one of 'period' (that period) or 'from' (that period and later)`,
      );
      return;
    }
    const kind = hasPeriod ? 'period' : 'from';
    const code = (hasPeriod ? t.period : t.from) as string;
    const ok = checkPeriodCode(scope, code, `${at}/${kind}`, `${what}: target`);
    const segment = (t.segment as string | undefined) ?? null;
    if (segment !== null && !segments.includes(segment)) {
      r.at(
        `${at}/segment`,
        `${what}: target for segment '${segment}', which is not one of the indicator's segments (${segments.join(', ')})`,
      );
      return;
    }
    if (t.due !== undefined && !isIsoDate(t.due as string)) {
      r.at(`${at}/due`, `${what}: target due '${String(t.due)}' is not a date (YYYY-MM-DD)`);
      return;
    }
    const key = `${kind}:${code}:${segment ?? '*'}`;
    const line = r.lineOf(at);
    if (seenTargets.has(key)) {
      r.at(
        at,
        `${what}: a second target for ${kind} ${code}${segment ? `, segment ${segment}` : ''} (first at line ${seenTargets.get(key)})`,
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
        due: (t.due as string | undefined) ?? null,
        line,
      });
  });
  return targets;
}

/** Baselines: a period of the indicator's type, one of its segments. */
function checkBaselines(scope: IndicatorScope, segments: string[]): BaselineDefinition[] {
  const baselines: BaselineDefinition[] = [];
  ((scope.raw.baselines as Raw[] | undefined) ?? []).forEach((b, k) => {
    const at = `${scope.base}/baselines/${k}`;
    const what = `${scope.what}: baseline`;
    const ok = checkPeriodCode(scope, b.period as string, `${at}/period`, what);
    const segment = (b.segment as string | undefined) ?? null;
    if (segment !== null && !segments.includes(segment)) {
      scope.ctx.r.at(
        `${at}/segment`,
        `${what} for segment '${segment}', which is not one of the indicator's segments`,
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
  return baselines;
}

/** `source_events` must be what the elements are fed by (and 'pending' for pending elements). */
function checkSourceEvents(scope: IndicatorScope, elements: string[], declared: Set<string>): void {
  const ctx = scope.ctx;
  const derived = new Set<string>();
  for (const n of elements) {
    const el = ctx.elements.get(n);
    if (!el) continue;
    const named = ctx.namedEvents.get(n) ?? new Set<string>();
    if (el.pending || named.size === 0) derived.add('pending'); // no source named: as good as pending (reported once, at the element)
    for (const e of named) derived.add(e);
  }
  const missing = [...derived].filter((x) => !declared.has(x));
  const extra = [...declared].filter((x) => !derived.has(x));
  if (!missing.length && !extra.length) return;
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `not fed by ${extra.join(', ')}` : '',
  ].filter(Boolean);
  ctx.r.at(
    `${scope.base}/source_events`,
    `${scope.what}: source_events must list the events its elements are fed by (and 'pending' for pending elements): ${parts.join('; ')}`,
  );
}

function checkPeriodCode(scope: IndicatorScope, code: string, at: string, what: string): boolean {
  try {
    parsePeriodOfType(scope.periodType, code, scope.ctx.options.calendar);
    return true;
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    scope.ctx.r.at(at, `${what}: ${e.message}`);
    return false;
  }
}
