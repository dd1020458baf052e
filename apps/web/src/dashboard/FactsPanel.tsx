import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { ReactNode, useId, useState } from 'react';
import { data } from '../api/client';
import { KpiClient } from '../api/kpi';
import { formatDateTime, formatInteger, formatPeriod } from '../format';
import { useAsync } from '../use-async';

const PAGE = 50;
const ROLE_VI: Record<string, string> = {
  numerator: 'tử số',
  denominator: 'mẫu số',
  both: 'tử số và mẫu số',
};

/**
 * The facts behind the figure, so an official can check a number before signing the report:
 * each contribution of an event to the indicator (which school, which data, how much, from which
 * event, counted when), within the viewer's scope, newest first, a page at a time. Loaded only
 * when asked for.
 */
export function FactsPanel(props: {
  client: KpiClient;
  code: string;
  unitId: string;
  unitName: string;
  period: string;
  segment: string | null;
}): ReactNode {
  const [open, setOpen] = useState(false);
  const [offset, setOffset] = useState(0);
  const titleId = useId();
  const facts = useAsync(
    (signal) =>
      open
        ? data(
            props.client.GET('/indicators/{code}/facts', {
              params: {
                path: { code: props.code },
                query: {
                  orgUnitId: props.unitId,
                  period: props.period,
                  offset: String(offset),
                  limit: String(PAGE),
                  ...(props.segment ? { segment: props.segment } : {}),
                },
              },
              signal,
            }),
          )
        : null,
    [open, offset, props.client, props.code, props.unitId, props.period, props.segment],
  );
  const f = facts.data;
  const names = new Map((f?.elements ?? []).map((e) => [e.name, e.nameVi]));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4" id={titleId}>
          Số liệu gốc — {props.unitName}, {formatPeriod(props.period)}
        </Title>
        <Button
          variant="default"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          id="factsToggle"
        >
          {open ? 'Ẩn số liệu gốc' : 'Xem số liệu gốc'}
        </Button>
      </Group>
      {open && facts.error && (
        <Text c="red.8" role="alert">
          {facts.error.message}
        </Text>
      )}
      {open && f && (
        <>
          <Text size="sm" id="factsSummary">
            {f.total === 0
              ? 'Chưa có số liệu nào được ghi nhận cho kỳ này.'
              : `${formatInteger(f.total)} số liệu, từ ${formatInteger(f.offset + 1)} đến ${formatInteger(f.offset + f.facts.length)}.`}
          </Text>
          {/* Scrolls sideways by itself on a phone; focusable, so a keyboard can scroll it too. */}
          <div
            className="scroll-x"
            tabIndex={0}
            role="region"
            aria-label="Bảng số liệu gốc (cuộn ngang)"
          >
            <Table striped id="facts" miw={640}>
              <Table.Caption>Các số liệu tạo nên con số, mới nhất trước</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Trường</Table.Th>
                  <Table.Th scope="col">Dữ liệu</Table.Th>
                  <Table.Th scope="col">Giá trị</Table.Th>
                  <Table.Th scope="col">Ghi nhận lúc</Table.Th>
                  <Table.Th scope="col">Sự kiện</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {f.facts.map((x, i) => (
                  <Table.Tr key={`${x.event.id ?? ''}-${x.element}-${i}`}>
                    <Table.Td>{x.school.name ?? x.school.id}</Table.Td>
                    <Table.Td>
                      {names.get(x.element) ?? x.element} ({ROLE_VI[x.role] ?? x.role})
                      {x.countedUnit ? `: ${x.countedUnit.name ?? x.countedUnit.id}` : ''}
                    </Table.Td>
                    <Table.Td>{formatInteger(Number(x.value))}</Table.Td>
                    <Table.Td>
                      {x.event.occurredAt ? formatDateTime(x.event.occurredAt) : ''}
                    </Table.Td>
                    <Table.Td>
                      <code>{x.event.type}</code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Group>
            <Button
              variant="default"
              disabled={f.offset === 0}
              onClick={() => setOffset(Math.max(0, f.offset - PAGE))}
            >
              Trang trước
            </Button>
            <Button
              variant="default"
              disabled={f.offset + f.facts.length >= f.total}
              onClick={() => setOffset(f.offset + PAGE)}
            >
              Trang sau
            </Button>
          </Group>
        </>
      )}
    </Paper>
  );
}
