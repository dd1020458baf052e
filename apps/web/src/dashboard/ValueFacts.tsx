import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Cell, Indicator } from '../api/kpi';
import { formatDate, formatInteger, formatPeriod, formatValue } from '../format';
import { StatusBadge } from './StatusBadge';

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

/**
 * A number that explains itself: the value, its target, the value expected by now on the way to
 * the target (when the API gives it), the baseline it started from, the count behind it.
 */
export function ValueFacts(props: {
  cell: Cell;
  unit: string;
  indicator: Indicator | undefined;
  segment: string | null;
}): ReactNode {
  const { cell, unit } = props;
  const baseline =
    cell.baseline !== undefined && cell.baseline !== null
      ? { value: cell.baseline, period: null }
      : baselineOf(props.indicator, props.segment);
  return (
    <Group gap="md" align="baseline" wrap="wrap">
      <Text
        component="span"
        fz={32}
        fw={700}
        id="unitValue"
        data-value={cell.value === null ? '' : String(cell.value)}
      >
        {formatValue(cell.value, unit)}
      </Text>
      <StatusBadge status={cell.status} apiLabel={cell.statusLabel.vi} />
      <dl className="facts">
        <div>
          <dt>Chỉ tiêu</dt>
          <dd data-fact="target">{formatValue(cell.target, unit)}</dd>
        </div>
        {cell.expected !== null && (
          <div>
            <dt>Cần đạt đến nay (theo tiến độ)</dt>
            <dd data-fact="expected">{formatValue(cell.expected, unit)}</dd>
          </div>
        )}
        <div>
          <dt>Mức cơ sở</dt>
          <dd data-fact="baseline">
            {baseline
              ? `${formatValue(baseline.value, unit)}${baseline.period ? ` (${formatPeriod(baseline.period)})` : ''}`
              : 'chưa có'}
          </dd>
        </div>
        <div>
          <dt>Tử số / mẫu số</dt>
          <dd>
            {formatInteger(cell.numerator)} / {formatInteger(cell.denominator)}
          </dd>
        </div>
        {cell.deadline && (
          <div>
            <dt>Thời hạn</dt>
            <dd>{formatDate(cell.deadline)}</dd>
          </div>
        )}
      </dl>
    </Group>
  );
}
