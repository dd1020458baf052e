/** Lookups on a validated catalogue: an indicator by code, its target and baseline for a period. */
import { IsoDate, Period, SchoolYearCalendar, parsePeriod } from '../periods';
import { Catalogue, IndicatorDefinition } from './model';

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
