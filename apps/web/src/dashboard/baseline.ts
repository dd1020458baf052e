import type { Indicator } from '../api/kpi';

/** The baseline of the catalogue for a segment (the total's when none for it), latest first. */
export function baselineOf(
  indicator: Indicator | undefined,
  segment: string | null,
): { value: number; period: string } | null {
  const all = indicator?.baselines ?? [];
  const pick = (s: string | null) =>
    all.filter((b) => b.segment === s).sort((a, b) => b.period.localeCompare(a.period))[0];
  const b = (segment ? pick(segment) : undefined) ?? pick(null);
  return b ? { value: b.value, period: b.period } : null;
}
