import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { ReactNode, useId } from 'react';
import { Link } from 'react-router';
import { data } from '../api/client';
import { Indicator, KpiClient } from '../api/kpi';
import { formatPeriod, formatValue } from '../format';
import { defaultPeriod } from '../periods';
import { useAsync } from '../use-async';
import { StatusBadge } from './StatusBadge';
import type { ViewState } from './view-state';

/** One school's indicators: each in its current period (the period viewed for its own type). */
export function SchoolDetail(props: {
  client: KpiClient;
  indicators: Indicator[];
  schoolId: string;
  schoolName: string;
  current: Indicator;
  period: string;
  linkTo: (patch: Partial<ViewState>) => string;
}): ReactNode {
  const { client, indicators, schoolId } = props;
  const periodFor = (i: Indicator) =>
    i.periodType === props.current.periodType ? props.period : defaultPeriod(i.periodType);
  const all = useAsync(
    (signal) =>
      Promise.all(
        indicators.map((i) =>
          data(
            client.GET('/indicators/{code}/values', {
              params: {
                path: { code: i.code },
                query: { orgUnitId: schoolId, period: periodFor(i) },
              },
              signal,
            }),
          ).then(
            (v) => ({ indicator: i, view: v, error: null }),
            (e: unknown) => ({
              indicator: i,
              view: null,
              error: e instanceof Error ? e.message : String(e),
            }),
          ),
        ),
      ),
    [client, schoolId, props.period, indicators],
  );
  const titleId = useId();
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={titleId}
      id="schoolDetail"
    >
      <Title order={2} size="h4" id={titleId}>
        Các chỉ tiêu của {props.schoolName}
      </Title>
      {all.error && <Text role="alert">{all.error.message}</Text>}
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Chỉ tiêu</Table.Th>
              <Table.Th scope="col">Kỳ</Table.Th>
              <Table.Th scope="col" ta="right">
                Kết quả
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Chỉ tiêu
              </Table.Th>
              <Table.Th scope="col">Đánh giá</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(all.data ?? []).map(({ indicator, view, error }) => {
              const cell = view?.orgUnit.total;
              return (
                <Table.Tr key={indicator.code} data-indicator={indicator.code}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={props.linkTo({ indicator: indicator.code, period: null })}
                    >
                      {indicator.nameVi}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatPeriod(periodFor(indicator))}</Table.Td>
                  <Table.Td ta="right">
                    {error ?? formatValue(cell?.value, indicator.unit)}
                  </Table.Td>
                  <Table.Td ta="right">{formatValue(cell?.target, indicator.unit)}</Table.Td>
                  <Table.Td>
                    {cell ? (
                      <StatusBadge status={cell.status} apiLabel={cell.statusLabel.vi} />
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
