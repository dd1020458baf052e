/**
 * Step 3 of the catalogue checks: meaning. Every formula parses; every #{element} is defined;
 * every source names an event type and version of the platform's event catalogue with fields
 * that exist in its schema (otherwise the element must be `source: pending`); one array
 * expansion per source; period sources fit the indicator's period type; targets and baselines
 * name the indicator's segments and periods of its type, once each; indicator codes are unique;
 * an indicator's `source_events` is exactly what its elements are fed by.
 */
import { checkElement } from './element-checks';
import { checkIndicator } from './indicator-checks';
import { CheckContext } from './check-context';
import { Catalogue, IndicatorDefinition, ParseOptions, platformEventSchemas } from './model';
import { Raw, Reporter } from './positions';

/** Checks a structurally valid document; problems go to `r`, the catalogue is what passed. */
export function checkCatalogue(doc: Raw, r: Reporter, options: ParseOptions): Catalogue {
  const ctx: CheckContext = {
    r,
    options,
    events: options.events ?? platformEventSchemas,
    segments: new Map(),
    elements: new Map(),
    namedEvents: new Map(),
  };
  for (const [id, s] of Object.entries(doc.segments as Record<string, Raw>))
    ctx.segments.set(id, { nameVi: s.name_vi as string, nameEn: s.name_en as string });
  for (const [name, raw] of Object.entries(doc.data_elements as Record<string, Raw>))
    checkElement(ctx, name, raw);
  const indicators = checkIndicators(ctx, doc.indicators as Raw[]);

  const used = new Set(indicators.flatMap((i) => i.elements));
  const warnings = [...ctx.elements.keys()]
    .filter((n) => !used.has(n))
    .map((n) => `data element ${n} (line ${ctx.elements.get(n)!.line}) is used by no indicator`);
  return {
    version: 1,
    segments: ctx.segments,
    dataElements: ctx.elements,
    indicators,
    warnings,
  };
}

function checkIndicators(ctx: CheckContext, raws: Raw[]): IndicatorDefinition[] {
  const indicators: IndicatorDefinition[] = [];
  const codes = new Map<string, number>();
  raws.forEach((raw, i) => {
    const code = raw.code as string;
    if (codes.has(code))
      ctx.r.at(
        `/indicators/${i}/code`,
        `duplicate indicator code ${code} (first at line ${codes.get(code)})`,
      );
    else codes.set(code, ctx.r.lineOf(`/indicators/${i}/code`));
    const ind = checkIndicator(ctx, raw, i);
    if (ind) indicators.push(ind);
  });
  return indicators;
}
