import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { ReactNode } from 'react';
import type { Payment } from '../api/family';
import { formatDateTime } from '../format';
import { channelLabel, feeLineDetail, formatVnd, owes } from './family-view';

/** Receipts (biên lai): every payment recorded, newest first, with the fee lines it settled. */
export function ReceiptsPanel(props: { payments: Payment[] }): ReactNode {
  const payments = [...props.payments].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  if (payments.length === 0) return <Text>Chưa có khoản nào được ghi nhận.</Text>;
  return (
    <Stack gap="sm">
      {payments.map((p) => {
        const captionId = `receipt-${p.id}-caption`;
        return (
          <Card withBorder padding="sm" key={p.id} data-receipt={p.id}>
            <Stack gap={4}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text fw={600} id={captionId}>
                  {formatVnd(p.amount)} · {channelLabel(p.channel)}
                </Text>
                <Text size="sm" c="gray.7">
                  {formatDateTime(p.receivedAt)}
                </Text>
              </Group>
              {p.externalReference && (
                <Text size="xs" c="gray.7">
                  Mã giao dịch: {p.externalReference}
                </Text>
              )}
              {p.settledLines.length > 0 && (
                <Table aria-labelledby={captionId} fz="sm" verticalSpacing={2}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Khoản đã nộp</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Số tiền
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.settledLines.map((l, i) => (
                      <Table.Tr key={`${l.invoiceId}-${l.feeCode}-${l.periodKey}-${i}`}>
                        <Table.Td>
                          {l.feeName}{' '}
                          <Text span size="xs" c="gray.7">
                            ({feeLineDetail(l, null)})
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {formatVnd(l.amount)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {owes(p.creditAmount) && (
                <Text size="sm">Nộp thừa, chuyển sang kỳ sau: {formatVnd(p.creditAmount)}</Text>
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
