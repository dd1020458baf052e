/**
 * Target vs actual: how far a unit is with an indicator, in the words the province's own
 * reviews use (Hoàn thành / Cơ bản hoàn thành / Chưa hoàn thành once a target is due;
 * "Đang thực hiện" before that).
 *
 * Once the target's deadline has passed (`final`), the value is judged for good:
 *   actual ≥ target                              → 'completed'         Hoàn thành
 *   actual ≥ target × mostlyCompletedAt / 100    → 'mostly-completed'  Cơ bản hoàn thành
 *   otherwise                                    → 'not-completed'     Chưa hoàn thành
 * Before the deadline, reaching the target is 'completed' already; otherwise the progress kind
 * of the indicator decides what the value is compared with (the expected value, always shown):
 *   rate        a share of what happens in the period (amounts paid cashless, applications made
 *               online): the share must hold all along, so expected = the target itself;
 *   cumulative  a stock that builds up towards a deadline (schools, learners verified as of a
 *               date): expected = the straight line from the baseline (its value on its date)
 *               to the target on the deadline; without a baseline there is no line to be on;
 *   at-end      a one-off event or an end-of-period act (an admission round, học bạ signed at
 *               the year end): nothing to judge before the deadline.
 *   actual ≥ expected → 'on-track'; actual < expected → 'behind'; no expected → 'in-progress'.
 * No target → 'no-target'; no actual (nothing to divide by) → 'no-data'. Values are in the
 * indicator's unit (percentage points); comparisons allow 1e-9 for float noise.
 *
 * The boundary of "cơ bản hoàn thành" is not defined in the province's documents; the catalogue
 * sets it per indicator (`mostly_completed_at`, default 90 % of the target).
 */
import type { IndicatorDefinition, ProgressKind, TargetDefinition } from './catalogue/catalogue';
import { targetInForce } from './catalogue/catalogue';
import {
  addDays,
  daysBetween,
  IsoDate,
  lastDay,
  parsePeriod,
  Period,
  SchoolYearCalendar,
} from './periods';

export type StatusValue =
  | 'completed'
  | 'mostly-completed'
  | 'not-completed'
  | 'on-track'
  | 'behind'
  | 'in-progress'
  | 'no-data'
  | 'no-target';

export const DEFAULT_MOSTLY_COMPLETED_AT = 90;
const EPS = 1e-9;

export interface BaselinePoint {
  value: number;
  /** The day the baseline describes (its period's last day). */
  on: IsoDate;
}

export interface JudgeInput {
  actual: number | null;
  target: number | null;
  progress: ProgressKind;
  /** True once the target's deadline has passed: the value is judged for good. */
  final: boolean;
  /** The day the actual describes (today, or the period's last day when it is over). */
  observedOn: IsoDate;
  /** The day the target is due. */
  deadline: IsoDate;
  /** Where the unit stood before (cumulative indicators' line starts here). */
  baseline?: BaselinePoint | null;
  /** Percent of the target that is "cơ bản hoàn thành" after the deadline. */
  mostlyCompletedAt?: number;
}

export interface Judgement {
  status: StatusValue;
  /** What the value is compared with now (null when nothing is: no target, at-end, no line). */
  expected: number | null;
  /** actual − expected (negative = behind), null when either is missing. */
  gap: number | null;
  final: boolean;
}

/** The straight line from the baseline to the target on the deadline, read on `on`. */
export function expectedOnLine(
  baseline: BaselinePoint,
  target: number,
  deadline: IsoDate,
  on: IsoDate,
): number {
  const span = daysBetween(baseline.on, deadline);
  if (span <= 0 || on >= deadline) return target;
  const done = Math.max(0, daysBetween(baseline.on, on));
  const start = Math.min(baseline.value, target);
  return start + ((target - start) * Math.min(done, span)) / span;
}

export function judge(input: JudgeInput): Judgement {
  const { actual, target, final } = input;
  const mostly = input.mostlyCompletedAt ?? DEFAULT_MOSTLY_COMPLETED_AT;
  if (!(mostly > 0 && mostly <= 100))
    throw new RangeError(`mostlyCompletedAt must be in (0, 100]: ${mostly}`);
  if (target === null) return { status: 'no-target', expected: null, gap: null, final: false };
  let expected: number | null;
  if (final || input.progress === 'rate') expected = target;
  else if (input.progress === 'cumulative' && input.baseline)
    expected = expectedOnLine(input.baseline, target, input.deadline, input.observedOn);
  else expected = null;
  if (actual === null || !Number.isFinite(actual))
    return { status: 'no-data', expected, gap: null, final };
  return classify(actual, target, expected, final, mostly);
}

/** The status of an actual against a target and what is expected of it now. */
export function classify(
  actual: number,
  target: number,
  expected: number | null,
  final: boolean,
  mostlyCompletedAt = DEFAULT_MOSTLY_COMPLETED_AT,
): Judgement {
  const gap = expected === null ? null : actual - expected;
  if (actual >= target - EPS) return { status: 'completed', expected, gap, final };
  if (final) {
    const status =
      actual >= (target * mostlyCompletedAt) / 100 - EPS ? 'mostly-completed' : 'not-completed';
    return { status, expected, gap, final };
  }
  if (gap === null) return { status: 'in-progress', expected, gap, final };
  return { status: gap >= -EPS ? 'on-track' : 'behind', expected, gap, final };
}

/** Labels for dashboards and reports. */
export const STATUS_LABELS: Readonly<Record<StatusValue, { vi: string; en: string }>> = {
  completed: { vi: 'Hoàn thành', en: 'Completed' },
  'mostly-completed': { vi: 'Cơ bản hoàn thành', en: 'Mostly completed' },
  'not-completed': { vi: 'Chưa hoàn thành', en: 'Not completed' },
  'on-track': { vi: 'Đang thực hiện – đúng tiến độ', en: 'In progress – on track' },
  behind: { vi: 'Đang thực hiện – chậm tiến độ', en: 'In progress – behind' },
  'in-progress': { vi: 'Đang thực hiện', en: 'In progress' },
  'no-data': { vi: 'Chưa có số liệu', en: 'No data' },
  'no-target': { vi: 'Chưa có chỉ tiêu', en: 'No target' },
};

type Judged = Pick<
  IndicatorDefinition,
  'targets' | 'baselines' | 'periodType' | 'progress' | 'deadline' | 'mostlyCompletedAt'
>;

export interface TargetDue {
  value: number;
  /** The day it is due. */
  deadline: IsoDate;
  /** The catalogue's target it comes from. */
  source: TargetDefinition;
}

/**
 * The target a period is held to, and when it is due.
 * - Period indicators (school year, semester, calendar year): the catalogue's target for the
 *   period (`period`, or the latest `from` at or before it), due on the period's deadline (its
 *   last day, or the catalogue's `deadline` rule: e.g. admission is over when the school year
 *   starts, học bạ are signed by the year-end report).
 * - As-of indicators (a stock on a date): a target `from: D` is due on D; a date on or after D is
 *   held to it for good, a date before it works towards the next one due.
 * A segment's own target wins over one for every segment.
 */
export function targetDue(
  indicator: Judged,
  period: Period,
  segment: string | null,
  calendar?: SchoolYearCalendar,
): TargetDue | null {
  if (period.type !== indicator.periodType) return null;
  const startOf = (t: TargetDefinition) => parsePeriod((t.period ?? t.from)!, calendar).start;
  for (const seg of segment === null ? [null] : [segment, null]) {
    const candidates = indicator.targets.filter((t) => t.segment === seg);
    const standing = targetInForce(candidates, period, calendar);
    if (standing)
      return {
        value: standing.value,
        deadline:
          standing.due ??
          (period.type === 'as-of' ? startOf(standing) : periodDeadline(indicator, period)),
        source: standing,
      };
    if (period.type !== 'as-of') continue;
    const next = candidates
      .filter((t) => t.from !== null && startOf(t) > period.start)
      .sort((x, y) => startOf(x).localeCompare(startOf(y)))[0];
    if (next) return { value: next.value, deadline: next.due ?? startOf(next), source: next };
  }
  return null;
}

/** The day a period's value is due: its last day unless the catalogue says otherwise. */
export function periodDeadline(
  indicator: Pick<IndicatorDefinition, 'deadline'>,
  period: Period,
): IsoDate {
  const rule = indicator.deadline;
  if (!rule) return lastDay(period);
  return addDays(rule.after === 'period-start' ? period.start : lastDay(period), rule.days);
}

/**
 * The catalogue's latest baseline before the period, for the segment (else for all), as a
 * point on its period's last day.
 */
export function baselineBefore(
  indicator: Pick<IndicatorDefinition, 'baselines'>,
  period: Period,
  segment: string | null,
  calendar?: SchoolYearCalendar,
): BaselinePoint | null {
  for (const seg of segment === null ? [null] : [segment, null]) {
    let best: { p: Period; value: number } | null = null;
    for (const b of indicator.baselines) {
      if (b.segment !== seg) continue;
      const p = parsePeriod(b.period, calendar);
      if (p.start < period.start && (!best || p.start > best.p.start)) best = { p, value: b.value };
    }
    if (best) return { value: best.value, on: lastDay(best.p) };
  }
  return null;
}

export interface AssessInput {
  indicator: Judged;
  period: Period;
  /** null = the total over all segments. */
  segment: string | null;
  /** The indicator's value (e.g. percent) from the roll-up, null for no value. */
  actual: number | null;
  /** Today in the province (the day the answer is computed). */
  asOf: IsoDate;
  calendar?: SchoolYearCalendar;
}

export interface Assessment extends Judgement {
  target: number | null;
  deadline: IsoDate | null;
  baseline: BaselinePoint | null;
}

/**
 * Status of one roll-up cell: the target the period is held to and its deadline, the day the
 * value describes, and the catalogue's baseline, through `judge`.
 */
export function assessIndicator(input: AssessInput): Assessment {
  const { indicator, period, asOf } = input;
  const due = targetDue(indicator, period, input.segment, input.calendar);
  const baseline = baselineBefore(indicator, period, input.segment, input.calendar);
  if (!due)
    return {
      ...judge({ ...common(input), target: null, final: false, deadline: asOf }),
      target: null,
      deadline: null,
      baseline,
    };
  // An as-of value describes its own date; a period's value describes today until it is over.
  const observedOn = period.type === 'as-of' ? period.start : minDate(asOf, lastDay(period));
  // Final once the deadline is over: for an as-of value, a date after it (or the deadline day
  // itself once that day has ended); for a period, once today is past the deadline.
  const final =
    period.type === 'as-of'
      ? observedOn > due.deadline || (observedOn === due.deadline && asOf > observedOn)
      : asOf > due.deadline;
  return {
    ...judge({
      ...common(input),
      target: due.value,
      final,
      observedOn,
      deadline: due.deadline,
      baseline,
    }),
    target: due.value,
    deadline: due.deadline,
    baseline,
  };
}

function common(input: AssessInput) {
  return {
    actual: input.actual,
    progress: input.indicator.progress,
    observedOn: input.asOf,
    mostlyCompletedAt: input.indicator.mostlyCompletedAt,
  };
}

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

export interface SegmentActual {
  segment: string;
  numerator: number;
  denominator: number;
}

export interface AcrossSegments extends Assessment {
  /** The value judged: the share over the segments that have a target. */
  judgedValue: number | null;
  /** The segments that have a target (the others, e.g. islands, are not judged). */
  segments: string[];
}

/**
 * The all-areas view of an indicator whose targets are per area only (the cashless amount: 100 %
 * urban and rural, 65 % ethnic-minority and mountain, none for islands nor for the whole
 * province). Rather than "no target", the unit is held to what its own areas owe: the share over
 * the areas with a target, against their targets weighted by each area's denominator (what the
 * unit would reach if every area met its own target exactly); the expected value likewise. Areas
 * without a target are left out of both. Null when the indicator has a target for the total or
 * none for any area, or the period has no such area.
 */
export function assessAcrossSegments(input: {
  indicator: Judged & Pick<IndicatorDefinition, 'factor'>;
  period: Period;
  asOf: IsoDate;
  cells: SegmentActual[];
  calendar?: SchoolYearCalendar;
}): AcrossSegments | null {
  const { indicator, period, asOf } = input;
  if (targetDue(indicator, period, null, input.calendar)) return null;
  const parts = input.cells
    .map((c) => {
      const actual =
        c.denominator === 0 ? null : (c.numerator * Number(indicator.factor)) / c.denominator;
      const a = assessIndicator({
        indicator,
        period,
        segment: c.segment,
        actual,
        asOf,
        calendar: input.calendar,
      });
      return { c, a };
    })
    .filter((p) => p.a.target !== null);
  if (parts.length === 0) return null;
  // The areas that count: a target and something to divide by (an area with nothing collected
  // adds nothing to either side).
  const counted = parts.filter((p) => p.c.denominator > 0);
  const segments = (counted.length ? counted : parts).map((p) => p.c.segment).sort();
  const weight = parts.reduce((s, p) => s + p.c.denominator, 0);
  const deadline = parts
    .map((p) => p.a.deadline!)
    .sort()
    .at(-1)!;
  const final = parts.every((p) => p.a.final);
  if (weight === 0)
    return {
      status: 'no-data',
      expected: null,
      gap: null,
      final,
      target: null,
      deadline,
      baseline: null,
      judgedValue: null,
      segments,
    };
  const weighted = (f: (p: (typeof parts)[number]) => number) =>
    parts.reduce((s, p) => s + f(p) * p.c.denominator, 0) / weight;
  const target = weighted((p) => p.a.target!);
  const expected = parts.every((p) => p.a.expected !== null)
    ? weighted((p) => p.a.expected!)
    : null;
  const judgedValue =
    (parts.reduce((s, p) => s + p.c.numerator, 0) * Number(indicator.factor)) / weight;
  return {
    ...classify(judgedValue, target, expected, final, indicator.mostlyCompletedAt),
    target,
    deadline,
    baseline: null,
    judgedValue,
    segments,
  };
}
