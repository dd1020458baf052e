/** Lookups on a validated catalogue: an indicator by code, its target and baseline for a period. */
import { IsoDate, Period, SchoolYearCalendar, parsePeriod } from '../periods';
import { Catalogue, IndicatorDefinition, TargetDefinition } from './model';

/**
 * Among one segment's targets, the one in force in a period: a target for exactly that period
 * beats a `from` target; among `from` targets the latest one starting no later than the period.
 */
export function targetInForce(
  candidates: readonly TargetDefinition[],
  period: Period,
  calendar?: SchoolYearCalendar,
): TargetDefinition | null {
  const exact = candidates.find((t) => t.period === period.code);
  if (exact) return exact;
  let best: { start: IsoDate; target: TargetDefinition } | null = null;
  for (const t of candidates) {
    if (t.from === null) continue;
    const start = parsePeriod(t.from, calendar).start;
    if (start <= period.start && (!best || start > best.start)) best = { start, target: t };
  }
  return best?.target ?? null;
}

/**
 * The target of an indicator for a period and segment (null = the total), or null when none
 * (`targetInForce`); a target for the segment beats one for all segments.
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
    const t = targetInForce(
      indicator.targets.filter((x) => x.segment === seg),
      p,
      calendar,
    );
    if (t) return t.value;
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
