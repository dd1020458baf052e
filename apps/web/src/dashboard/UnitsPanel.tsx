import { BarChart } from '@mantine/charts';
import { Anchor, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ReactNode, useId } from 'react';
import { Link } from 'react-router';
import type { Cell } from '../api/kpi';
import { formatGap, formatValue } from '../format';
import { KIND_LABELS } from '../periods';
import { STATUS_DISPLAY, statusDisplay } from '../status';
import { StatusBadge } from './StatusBadge';
import { sortAndFilter, UnitRow } from './units';
import type { SortKey, ViewState } from './view-state';

const SORT_LABELS: Record<SortKey, string> = {
  gap: 'Chậm nhất trước (khoảng cách)',
  value: 'Kết quả cao nhất trước',
  name: 'Tên đơn vị (A–Z)',
};

/**
 * "Which units are behind on X": the child units of the unit viewed, sortable by gap, value or
 * name and filterable by status (both kept in the address), and the same units ranked in a bar
 * chart whose text alternative is the table itself plus a summary sentence.
 */
export function UnitsPanel(props: {
  rows: UnitRow[];
  unit: string;
  unitName: string;
  indicatorName: string;
  parentTarget: number | null;
  view: ViewState;
  linkTo: (patch: Partial<ViewState>) => string;
  onChange: (patch: Partial<ViewState>) => void;
}): ReactNode {
  const { rows, unit, view } = props;
  const shown = sortAndFilter(rows, view.sort, view.status);
  const present = new Set<string>(rows.flatMap((r) => (r.cell ? [r.cell.status] : [])));
  if (view.status) present.add(view.status);
  const statusOptions = [
    { value: '', label: 'Tất cả trạng thái' },
    ...Object.keys(STATUS_DISPLAY)
      .filter((code) => present.has(code))
      .map((code) => ({ value: code, label: statusDisplay(code).label })),
  ];
  const titleId = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          Đơn vị trực thuộc {props.unitName}
        </Title>
        <Group gap="sm" align="end" wrap="wrap">
          <NativeSelect
            id="sort"
            label="Sắp xếp"
            value={view.sort}
            data={(Object.keys(SORT_LABELS) as SortKey[]).map((k) => ({
              value: k,
              label: SORT_LABELS[k],
            }))}
            onChange={(e) => props.onChange({ sort: e.currentTarget.value as SortKey })}
          />
          <NativeSelect
            id="statusFilter"
            label="Lọc theo trạng thái"
            value={view.status ?? ''}
            data={statusOptions}
            onChange={(e) => props.onChange({ status: e.currentTarget.value || null })}
          />
        </Group>
        <Text size="sm" id="unitCount" aria-live="polite">
          {shown.length === rows.length
            ? `${rows.length} đơn vị`
            : `${shown.length}/${rows.length} đơn vị có trạng thái đã chọn`}
        </Text>
        <Table.ScrollContainer minWidth={640}>
          <Table id="children" striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Đơn vị</Table.Th>
                <Table.Th scope="col" ta="right">
                  Kết quả
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Chỉ tiêu
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Cần đạt đến nay
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Khoảng cách
                </Table.Th>
                <Table.Th scope="col">Đánh giá</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <Table.Tr key={r.id} data-org-unit-id={r.id} data-kind={r.kind ?? ''}>
                  <Table.Td>
                    <Anchor component={Link} to={props.linkTo({ unit: r.id, status: null })}>
                      {r.name}
                    </Anchor>{' '}
                    <Text span size="xs" c="gray.7">
                      {KIND_LABELS[r.kind ?? ''] ?? r.kind}
                    </Text>
                  </Table.Td>
                  <ValueCells cell={r.cell} gap={r.gap} unit={unit} />
                </Table.Tr>
              ))}
              {shown.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text size="sm" c="gray.7">
                      {rows.length
                        ? 'Không có đơn vị nào có trạng thái này.'
                        : 'Không có đơn vị trực thuộc.'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <RankedChart
          rows={shown}
          unit={unit}
          indicatorName={props.indicatorName}
          target={props.parentTarget}
        />
      </Stack>
    </Paper>
  );
}

function ValueCells(props: { cell: Cell | null; gap: number | null; unit: string }): ReactNode {
  const { cell, unit } = props;
  return (
    <>
      <Table.Td ta="right" className="value" data-value={cell?.value ?? ''}>
        {formatValue(cell?.value, unit)}
      </Table.Td>
      <Table.Td ta="right">{formatValue(cell?.target, unit)}</Table.Td>
      <Table.Td ta="right">{formatValue(cell?.expected, unit)}</Table.Td>
      <Table.Td ta="right" className="gap" data-gap={props.gap ?? ''}>
        {formatGap(props.gap, unit)}
      </Table.Td>
      <Table.Td>
        {cell ? <StatusBadge status={cell.status} apiLabel={cell.statusLabel.vi} /> : '—'}
      </Table.Td>
    </>
  );
}

/** The units ranked by value, as horizontal bars, with the parent's target as a line. */
function RankedChart(props: {
  rows: UnitRow[];
  unit: string;
  indicatorName: string;
  target: number | null;
}): ReactNode {
  const ranked = props.rows
    .filter((r) => r.cell?.value !== null && r.cell?.value !== undefined)
    .sort((a, b) => (b.cell?.value ?? 0) - (a.cell?.value ?? 0));
  const titleId = useId();
  const summaryId = useId();
  if (ranked.length === 0) return null;
  const fmt = (v: number | null | undefined) => formatValue(v, props.unit);
  const first = ranked[0]!;
  const last = ranked[ranked.length - 1]!;
  const behind = props.rows.filter((r) => (r.gap ?? 0) < 0).length;
  const summary =
    `Xếp hạng ${ranked.length} đơn vị theo kết quả “${props.indicatorName}”: ` +
    `cao nhất ${first.name} (${fmt(first.cell?.value)}), thấp nhất ${last.name} (${fmt(last.cell?.value)})` +
    (props.target !== null ? `; chỉ tiêu ${fmt(props.target)}` : '') +
    `; ${behind} đơn vị thấp hơn mức cần đạt. Số liệu chi tiết ở bảng phía trên.`;
  return (
    <figure className="chart" role="group" aria-labelledby={titleId} aria-describedby={summaryId}>
      <Title order={3} size="h5" id={titleId}>
        Biểu đồ xếp hạng đơn vị
      </Title>
      <Text size="sm" id={summaryId} data-chart-summary="ranked">
        {summary}
      </Text>
      {/* Drawn for the eye; the summary above and the table are its text (inert: nothing in it takes focus). */}
      <div aria-hidden="true" inert id="rankedChart">
        <BarChart
          h={Math.max(140, ranked.length * 34 + 40)}
          data={ranked.map((r) => ({ name: r.name, value: r.cell?.value ?? 0 }))}
          dataKey="name"
          orientation="vertical"
          series={[{ name: 'value', label: 'Kết quả', color: 'blue.7' }]}
          valueFormatter={(v) => fmt(v)}
          yAxisProps={{ width: 110 }}
          // The value axis reaches the target, so its line is always drawn.
          xAxisProps={{ domain: [0, Math.max(props.target ?? 0, first.cell?.value ?? 0)] }}
          referenceLines={
            props.target !== null
              ? [{ x: props.target, color: 'red.8', label: `Chỉ tiêu ${fmt(props.target)}` }]
              : []
          }
          withTooltip={false}
          withBarValueLabel
          barLabelColor="dark.9"
          textColor="gray.8"
          barChartProps={{ accessibilityLayer: false }}
        />
      </div>
    </figure>
  );
}
