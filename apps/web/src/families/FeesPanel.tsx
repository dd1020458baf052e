import { Alert, Badge, Button, Card, Group, Image, Stack, Table, Text } from '@mantine/core';
import { ReactNode, useEffect, useState } from 'react';
import { authorizedBlob, data, idempotencyKey } from '../api/client';
import { Invoice, PAYMENTS_BASE, PaymentsClient, StudentAccount, VietQr } from '../api/family';
import { useSession } from '../auth/session';
import { formatDate, todayInVietnam } from '../format';
import { useAsync } from '../use-async';
import { FeeLinesTable } from './FeeLinesTable';
import { formatFeePeriod, formatVnd, invoiceLabel, owes } from './family-view';

/** What the family owes: each invoice with its lines, and how to pay the open ones. */
export function FeesPanel(props: { account: StudentAccount; client: PaymentsClient }): ReactNode {
  const { account } = props;
  const today = todayInVietnam();
  const invoices = account.invoices.filter((i) => i.status !== 'cancelled');
  return (
    <Stack gap="sm">
      <Group gap="lg" wrap="wrap">
        <Text>
          Còn phải nộp:{' '}
          <Text span fw={700} id={`owed-${account.studentId}`}>
            {formatVnd(account.owed)}
          </Text>
        </Text>
        {owes(account.credit) && <Text>Số dư chuyển sang kỳ sau: {formatVnd(account.credit)}</Text>}
      </Group>
      {invoices.length === 0 && <Text>Chưa có khoản thu nào.</Text>}
      {invoices.map((invoice) => (
        <InvoiceCard key={invoice.id} invoice={invoice} today={today} client={props.client} />
      ))}
    </Stack>
  );
}

function InvoiceCard(props: {
  invoice: Invoice;
  today: string;
  client: PaymentsClient;
}): ReactNode {
  const { invoice } = props;
  const label = invoiceLabel(invoice, props.today);
  const [paying, setPaying] = useState(false);
  const captionId = `invoice-${invoice.id}-caption`;
  return (
    <Card withBorder padding="sm" data-invoice={invoice.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} id={captionId}>
            {formatFeePeriod(invoice.periodKey)}
          </Text>
          <Badge
            variant="light"
            color={label.tone}
            radius="sm"
            styles={{ label: { color: 'var(--mantine-color-dark-9)', textTransform: 'none' } }}
          >
            {label.text}
          </Badge>
        </Group>
        <FeeLinesTable
          labelledBy={captionId}
          heading="Khoản thu"
          lines={invoice.lines.map((l) => ({ ...l, key: l.lineId }))}
          invoicePeriodKey={invoice.periodKey}
          after={
            owes(invoice.entitled) && (
              <Table.Tr>
                <Table.Td>Miễn, giảm, hỗ trợ</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  −{formatVnd(invoice.entitled)}
                </Table.Td>
              </Table.Tr>
            )
          }
        />
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm">Hạn nộp {formatDate(invoice.dueOn)}</Text>
          <Text size="sm">
            Còn nợ:{' '}
            <Text span fw={700} data-outstanding={invoice.outstanding}>
              {formatVnd(invoice.outstanding)}
            </Text>
          </Text>
        </Group>
        {invoice.status === 'open' && owes(invoice.outstanding) && !paying && (
          <Button id={`pay-${invoice.id}`} onClick={() => setPaying(true)}>
            Thanh toán {formatVnd(invoice.outstanding)}
          </Button>
        )}
        {paying && <PayInvoice invoice={invoice} client={props.client} />}
      </Stack>
    </Card>
  );
}

/** Paying one invoice: the school's VietQR for any banking app, or VNPay's payment page. */
function PayInvoice(props: { invoice: Invoice; client: PaymentsClient }): ReactNode {
  const { invoice, client } = props;
  const session = useSession();
  const qr = useAsync(
    (signal) =>
      data(client.GET('/invoices/{id}/vietqr', { params: { path: { id: invoice.id } }, signal })),
    [client, invoice.id],
  );
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let url: string | null = null;
    authorizedBlob(
      `${location.origin}${PAYMENTS_BASE}/invoices/${invoice.id}/vietqr.png`,
      session.token,
      session.expire,
      abort.signal,
    ).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setImage(url);
      },
      () => undefined, // the JSON answer above says why
    );
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [invoice.id, session.token, session.expire]);
  const [gatewayError, setGatewayError] = useState<string | null>(null);
  const [going, setGoing] = useState(false);

  async function payWithVnpay(): Promise<void> {
    setGoing(true);
    setGatewayError(null);
    try {
      const order = await data(
        client.POST('/invoices/{id}/gateway-orders', {
          params: { path: { id: invoice.id } },
          headers: { 'idempotency-key': idempotencyKey() },
          body: { provider: 'vnpay' },
        }),
      );
      if (!order.payUrl) throw new Error('Cổng VNPay chưa được cấu hình cho nhà trường.');
      location.assign(order.payUrl);
    } catch (e) {
      setGatewayError(e instanceof Error ? e.message : String(e));
      setGoing(false);
    }
  }

  return (
    <Card withBorder padding="sm" bg="gray.0" id={`payment-${invoice.id}`}>
      <Stack gap="sm">
        {qr.error ? (
          <Alert color="yellow" role="alert" title="Chưa thể chuyển khoản bằng VietQR">
            {qr.error.message}
          </Alert>
        ) : qr.data ? (
          <VietQrDetails qr={qr.data} image={image} />
        ) : null}
        <Button
          variant="outline"
          id={`vnpay-${invoice.id}`}
          loading={going}
          onClick={() => void payWithVnpay()}
        >
          Thanh toán qua cổng VNPay (thẻ ATM, thẻ quốc tế, ví)
        </Button>
        {gatewayError && (
          <Alert color="red" role="alert">
            {gatewayError}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function VietQrDetails(props: { qr: VietQr; image: string | null }): ReactNode {
  const { qr } = props;
  return (
    <Stack gap="xs" align="center">
      <Text size="sm" ta="center">
        Mở ứng dụng ngân hàng hoặc ví điện tử, chọn quét mã QR: số tiền và nội dung đã điền sẵn.
      </Text>
      {props.image && (
        <Image
          src={props.image}
          id="vietqrImage"
          w={240}
          h={240}
          alt={`Mã VietQR chuyển ${formatVnd(qr.amount)} vào tài khoản ${qr.accountNumber} (${qr.accountName}), nội dung ${qr.purpose}`}
        />
      )}
      <Table fz="sm" w="100%" verticalSpacing={2} variant="vertical" withTableBorder>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">Tài khoản</Table.Th>
            <Table.Td>{qr.accountNumber}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Chủ tài khoản</Table.Th>
            <Table.Td>{qr.accountName}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Số tiền</Table.Th>
            <Table.Td>{formatVnd(qr.amount)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Nội dung</Table.Th>
            <Table.Td id="vietqrPurpose">{qr.purpose}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
