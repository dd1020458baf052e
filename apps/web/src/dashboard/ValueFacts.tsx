import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Cell, Indicator } from '../api/kpi';
import { formatDate, formatInteger, formatPeriod, formatValue } from '../format';
import { baselineOf } from './baseline';
import { StatusBadge } from './StatusBadge';

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
  const baseline: { value: number; period: string | null; on?: string } | null = cell.baseline
    ? { value: cell.baseline.value, period: null, on: cell.baseline.on }
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
              ? `${formatValue(baseline.value, unit)}${baseline.on ? ` (${formatDate(baseline.on)})` : baseline.period ? ` (${formatPeriod(baseline.period)})` : ''}`
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
            <dd data-fact="deadline">
              {formatDate(cell.deadline)}
              {cell.final ? ' (đã đến hạn, đánh giá chính thức)' : ''}
            </dd>
          </div>
        )}
        {cell.judged && (
          <div>
            <dt>Đánh giá trên các vùng có chỉ tiêu</dt>
            <dd data-fact="judged">
              {formatValue(cell.judged.value, unit)} ({cell.judged.segments.length} vùng)
            </dd>
          </div>
        )}
      </dl>
    </Group>
  );
}
