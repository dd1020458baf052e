import { CompositeChart } from '@mantine/charts';
import { Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { ReactNode, useId } from 'react';
import { data } from '../api/client';
import { Indicator, KpiClient } from '../api/kpi';
import { formatPeriod, formatValue } from '../format';
import { seriesPeriods } from '../periods';
import { useAsync } from '../use-async';
import { cellOf } from './units';

/** The unit's value against its target over the last four periods, with a table as its text. */
export function SeriesPanel(props: {
  client: KpiClient;
  indicator: Indicator;
  unitId: string;
  unitName: string;
  period: string;
  segment: string | null;
}): ReactNode {
  const { client, indicator, unitId, period } = props;
  const series = useAsync(
    (signal) =>
      data(
        client.GET('/indicators/{code}/series', {
          params: {
            path: { code: indicator.code },
            query: {
              orgUnitId: unitId,
              periods: seriesPeriods(indicator.periodType, period).join(','),
            },
          },
          signal,
        }),
      ),
    [client, indicator.code, unitId, period],
  );
  const titleId = useId();
  const summaryId = useId();
  // The province's reported figures before the platform counted come first (the API sends them
  // for the province only), marked as reported.
  const counted = new Set((series.data?.points ?? []).map((p) => p.period));
  const reported = (series.data?.baselines ?? [])
    .filter((b) => b.segment === props.segment && !counted.has(b.period))
    .map((b) => ({
      period: b.period,
      label: `${formatPeriod(b.period)} (báo cáo)`,
      value: b.value as number | null,
      target: null as number | null,
    }));
  const points = [
    ...reported,
    ...(series.data?.points ?? []).map((p) => {
      const c = cellOf(p, props.segment);
      return {
        period: p.period,
        label: formatPeriod(p.period),
        value: c?.value ?? null,
        target: c?.target ?? null,
      };
    }),
  ];
  const fmt = (v: number | null) => formatValue(v, indicator.unit);
  const withValue = points.filter((p) => p.value !== null);
  const summary = withValue.length
    ? `${props.unitName}: ${withValue.map((p) => `${p.label} ${fmt(p.value)}`).join('; ')}.`
    : 'Chưa có số liệu cho các kỳ này.';
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId}>
      <figure className="chart" role="group" aria-labelledby={titleId} aria-describedby={summaryId}>
        <Title order={2} size="h4" id={titleId}>
          Thực hiện so với chỉ tiêu theo kỳ — {props.unitName}
        </Title>
        <Text size="sm" id={summaryId} data-chart-summary="series">
          {series.error ? series.error.message : summary}
        </Text>
        {points.length > 0 && (
          <>
            <div aria-hidden="true" inert id="seriesChart">
              <CompositeChart
                h={240}
                data={points.map((p) => ({ label: p.label, value: p.value, target: p.target }))}
                dataKey="label"
                series={[
                  { name: 'value', label: 'Thực hiện', color: 'blue.7', type: 'bar' },
                  { name: 'target', label: 'Chỉ tiêu', color: 'red.8', type: 'line' },
                ]}
                valueFormatter={(v) => fmt(v)}
                withLegend
                withTooltip={false}
                textColor="gray.8"
                composedChartProps={{ accessibilityLayer: false }}
              />
            </div>
            <VisuallyHidden>
              <Table>
                <caption>Số liệu của biểu đồ</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Kỳ</Table.Th>
                    <Table.Th scope="col">Thực hiện</Table.Th>
                    <Table.Th scope="col">Chỉ tiêu</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {points.map((p) => (
                    <Table.Tr key={p.period}>
                      <Table.Th scope="row">{p.label}</Table.Th>
                      <Table.Td>{fmt(p.value)}</Table.Td>
                      <Table.Td>{fmt(p.target)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </VisuallyHidden>
          </>
        )}
      </figure>
    </Paper>
  );
}
