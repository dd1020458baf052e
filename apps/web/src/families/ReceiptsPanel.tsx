import { Card, Group, Stack, Text } from '@mantine/core';
import { ReactNode } from 'react';
import type { Payment } from '../api/family';
import { formatDateTime } from '../format';
import { channelLabel, formatVnd, owes } from './family-view';
import { FeeLinesTable } from './FeeLinesTable';

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
                <FeeLinesTable
                  labelledBy={captionId}
                  heading="Khoản đã nộp"
                  lines={p.settledLines.map((l, i) => ({
                    ...l,
                    key: `${l.invoiceId}-${l.feeCode}-${l.periodKey}-${i}`,
                  }))}
                  invoicePeriodKey={null}
                />
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
