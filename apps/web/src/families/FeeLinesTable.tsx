import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { feeLineDetail, formatVnd } from './family-view';

/**
 * Fee lines with their amounts: an invoice's lines, or the lines a payment settled. Two columns
 * that wrap on a phone (no scroll region); amounts never break across lines.
 */
export function FeeLinesTable(props: {
  labelledBy: string;
  heading: string;
  lines: ReadonlyArray<{
    key: string;
    feeName: string;
    kind: string;
    periodKey: string;
    amount: string;
  }>;
  /** The invoice's period, left out of each line's detail; null for a receipt. */
  invoicePeriodKey: string | null;
  /** Rows after the lines (deductions). */
  after?: ReactNode;
}): ReactNode {
  return (
    <Table aria-labelledby={props.labelledBy} fz="sm" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{props.heading}</Table.Th>
          <Table.Th scope="col" ta="right">
            Số tiền
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.lines.map((l) => {
          const detail = feeLineDetail(l, props.invoicePeriodKey);
          return (
            <Table.Tr key={l.key}>
              <Table.Td>
                {l.feeName}
                {detail && (
                  <Text span size="xs" c="gray.7">
                    {' '}
                    ({detail})
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatVnd(l.amount)}
              </Table.Td>
            </Table.Tr>
          );
        })}
        {props.after}
      </Table.Tbody>
    </Table>
  );
}
