/**
 * Target vs actual: the status of an indicator in a period.
 *
 * The rule (values in the indicator's unit, e.g. percentage points):
 *   no target                          → 'no-target'
 *   no actual (null)                   → 'no-data'
 *   actual ≥ target                    → 'met'        (at any time; above 100 % is fine)
 *   otherwise, with the expected value on a straight line from the baseline at the period's
 *   start to the target at its end,  expected = baseline + (target − baseline) × elapsed:
 *   actual ≥ expected                  → 'on-track'
 *   actual ≥ expected − tolerance      → 'at-risk'    (tolerance: 10 points by default)
 *   otherwise                          → 'off-track'
 *
 * `elapsed` is the share of the period gone (periods.ts `elapsedFraction`): at the end it is 1
 * and expected = target, so a missed target is 'at-risk' when within the tolerance (close to
 * the department's "cơ bản hoàn thành") and 'off-track' beyond it. The baseline defaults to 0;
 * pass the previous period's actual where known, which makes the trajectory honest (a target
 * of 100 % from a baseline of 95 % expects 97.5 % half-way, not 50 %). A baseline above the
 * target is treated as the target. Comparisons allow 1e-9 for float noise in the inputs.
 */
import type { IndicatorDefinition } from './catalogue/catalogue';
import { targetFor } from './catalogue/catalogue';
import { elapsedFraction, IsoDate, parsePeriod, Period, SchoolYearCalendar } from './periods';

export type TargetStatus = 'met' | 'on-track' | 'at-risk' | 'off-track';
export type StatusValue = TargetStatus | 'no-data' | 'no-target';

export interface StatusInput {
  actual: number | null;
  target: number | null | undefined;
  /** Share of the period elapsed, clamped to [0, 1]. */
  elapsed: number;
  baseline?: number | null;
  /** Points below the expected value still counted 'at-risk'. Default 10. */
  tolerance?: number;
}

export interface StatusResult {
  status: StatusValue;
  /** The trajectory's value at `elapsed` (null without a target). */
  expected: number | null;
  /** actual − expected (negative = behind), null when either is missing. */
  gap: number | null;
}

export const DEFAULT_TOLERANCE_POINTS = 10;
const EPS = 1e-9;

export function expectedAt(target: number, elapsed: number, baseline = 0): number {
  const f = Math.min(1, Math.max(0, Number.isFinite(elapsed) ? elapsed : 0));
  const b = Math.min(baseline, target);
  return f >= 1 ? target : b + (target - b) * f;
}

export function targetStatus(input: StatusInput): StatusResult {
  const { actual, target } = input;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE_POINTS;
  if (tolerance < 0) throw new RangeError(`tolerance must be ≥ 0: ${tolerance}`);
  if (target === null || target === undefined)
    return { status: 'no-target', expected: null, gap: null };
  const expected = expectedAt(target, input.elapsed, input.baseline ?? 0);
  if (actual === null || !Number.isFinite(actual))
    return { status: 'no-data', expected, gap: null };
  const gap = actual - expected;
  if (actual >= target - EPS) return { status: 'met', expected, gap };
  if (gap >= -EPS) return { status: 'on-track', expected, gap };
  if (gap >= -tolerance - EPS) return { status: 'at-risk', expected, gap };
  return { status: 'off-track', expected, gap };
}

/** Labels for dashboards. */
export const STATUS_LABELS: Readonly<Record<StatusValue, { vi: string; en: string }>> = {
  met: { vi: 'Đạt', en: 'Met' },
  'on-track': { vi: 'Đúng tiến độ', en: 'On track' },
  'at-risk': { vi: 'Có nguy cơ chậm', en: 'At risk' },
  'off-track': { vi: 'Chậm tiến độ', en: 'Off track' },
  'no-data': { vi: 'Chưa có số liệu', en: 'No data' },
  'no-target': { vi: 'Chưa có chỉ tiêu', en: 'No target' },
};

export interface AssessInput {
  indicator: Pick<IndicatorDefinition, 'targets' | 'baselines' | 'periodType'>;
  period: Period;
  /** null = the total over all segments. */
  segment: string | null;
  /** The indicator's value (e.g. percent) from the roll-up, null for no value. */
  actual: number | null;
  /** The local date the actual was observed on. */
  asOf: IsoDate;
  /** Default: the catalogue's latest baseline before the period for the segment (else for all). */
  baseline?: number | null;
  tolerance?: number;
  calendar?: SchoolYearCalendar;
}

/**
 * Status of one roll-up cell: the catalogue's target for the period and segment, the elapsed
 * share of the period on `asOf`, and the catalogue's baseline, put through `targetStatus`.
 */
export function assessIndicator(
  input: AssessInput,
): StatusResult & { target: number | null; elapsed: number; baseline: number } {
  const target = targetFor(input.indicator, input.period, input.segment, input.calendar);
  const elapsed = elapsedFraction(input.period, input.asOf);
  const baseline =
    input.baseline ??
    latestBaseline(input.indicator, input.period, input.segment, input.calendar) ??
    0;
  return {
    ...targetStatus({
      actual: input.actual,
      target,
      elapsed,
      baseline,
      tolerance: input.tolerance,
    }),
    target,
    elapsed,
    baseline,
  };
}

function latestBaseline(
  indicator: Pick<IndicatorDefinition, 'baselines'>,
  period: Period,
  segment: string | null,
  calendar?: SchoolYearCalendar,
): number | null {
  for (const seg of segment === null ? [null] : [segment, null]) {
    let best: { start: string; value: number } | null = null;
    for (const b of indicator.baselines) {
      if (b.segment !== seg) continue;
      const start = parsePeriod(b.period, calendar).start;
      if (start < period.start && (!best || start > best.start)) best = { start, value: b.value };
    }
    if (best) return best.value;
  }
  return null;
}
