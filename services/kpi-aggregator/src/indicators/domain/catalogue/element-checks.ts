/** Checks of one data element: pending or fed by sources, and sources that can be added up. */
import type { CheckContext } from './check-context';
import { SourceMapping, ValueType } from './model';
import { escapePointer, Raw } from './positions';
import { checkSource } from './source-checks';

export function checkElement(ctx: CheckContext, name: string, raw: Raw): void {
  const { r } = ctx;
  const base = `/data_elements/${escapePointer(name)}`;
  const pending = raw.source === 'pending';
  if (pending && raw.sources !== undefined)
    r.at(
      `${base}/sources`,
      `data element ${name}: 'source: pending' and 'sources' exclude each other`,
      { key: true },
    );
  if (!pending && raw.sources === undefined)
    r.at(
      base,
      `data element ${name}: needs 'sources' (the events that feed it) or 'source: pending'`,
      { key: true },
    );
  const rawSources = (raw.sources as Raw[] | undefined) ?? [];
  ctx.namedEvents.set(name, new Set(rawSources.map((s) => s.event as string)));
  const sources: SourceMapping[] = [];
  rawSources.forEach((s, k) => {
    const m = checkSource(ctx, name, s, `${base}/sources/${k}`);
    if (m) sources.push(m);
  });
  checkHows(ctx, name, base, sources);
  ctx.elements.set(name, {
    name,
    nameVi: raw.name_vi as string,
    nameEn: raw.name_en as string,
    valueType: raw.value_type as ValueType,
    pending,
    sources,
    note: (raw.note as string | undefined) ?? null,
    line: r.lines.at(r.locate(base, { key: true })).line,
  });
}

/**
 * A latest-state element counts subjects by the state their latest event gives them (the
 * projection keeps a timeline per element and subject); its sources are latest or ends only.
 * A distinct count is recomputed from its facts' distinct values (the projection indexes only
 * those); adding a count or a sum to it has no meaning the formula language could say.
 */
function checkHows(ctx: CheckContext, name: string, base: string, sources: SourceMapping[]): void {
  const hows = new Set(sources.map((m) => m.how));
  const stateful = sources.filter((m) => m.how === 'latest' || m.how === 'ends');
  if (stateful.length && stateful.length < sources.length)
    ctx.r.at(
      `${base}/sources`,
      `data element ${name}: mixes how: latest/ends with how: ${[...hows].filter((h) => h !== 'latest' && h !== 'ends').join(', ')}; the latest state of a subject takes only latest and ends sources`,
      { key: true },
    );
  else if (stateful.length && !hows.has('latest'))
    ctx.r.at(
      `${base}/sources`,
      `data element ${name}: has only how: ends sources; it needs a how: latest source to count anything`,
      { key: true },
    );
  if (hows.has('distinct') && hows.size > 1)
    ctx.r.at(
      `${base}/sources`,
      `data element ${name}: mixes how: distinct with how: ${[...hows].filter((h) => h !== 'distinct').join(', ')}; a distinct count takes only distinct sources (use two elements and add them in the formula)`,
      { key: true },
    );
}
