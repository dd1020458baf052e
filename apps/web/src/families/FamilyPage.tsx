import { Alert, Stack, Text, Title } from '@mantine/core';
import { ReactNode, useMemo, useState } from 'react';
import { data } from '../api/client';
import { enrollmentClient, paymentsClient, recordsClient } from '../api/family';
import { useSession } from '../auth/session';
import { AsyncView } from '../shell/AsyncView';
import { useAsync } from '../use-async';
import { ApplicationsSection } from './ApplicationsSection';
import { ChildCard } from './ChildCard';
import { gatewayReturn } from './family-view';

/**
 * The families' page (/gia-dinh), mobile first: the children's admission applications and offers
 * (accept or decline), then each child in the register with fees (VietQR, VNPay), receipts and
 * học bạ. Everything comes from the services under the family's own token: they decide what this
 * account may see (its own children, nothing else).
 */
export function FamilyPage(): ReactNode {
  const session = useSession();
  const clients = useMemo(
    () => ({
      enrollment: enrollmentClient(session.token, session.expire),
      payments: paymentsClient(session.token, session.expire),
      records: recordsClient(session.token, session.expire),
    }),
    [session.token, session.expire],
  );
  // Changes after an answer to an offer, so that the lists are read again.
  const [version, setVersion] = useState(0);
  const children = useAsync(
    (signal) => data(clients.enrollment.GET('/me/children', { signal })),
    [clients, version],
  );
  const applications = useAsync(
    (signal) => data(clients.enrollment.GET('/me/applications', { signal })),
    [clients, version],
  );
  const returned = gatewayReturn(new URLSearchParams(location.search));

  return (
    <Stack gap="lg">
      {returned && (
        <Alert id="gatewayReturn" role="status" color={returned.tone} title="Kết quả thanh toán">
          {returned.text}
        </Alert>
      )}
      <ApplicationsSection
        client={clients.enrollment}
        state={applications}
        onAnswered={() => setVersion((v) => v + 1)}
      />
      <section aria-labelledby="childrenTitle">
        <Title order={2} size="h3" id="childrenTitle" mb="sm">
          Con đang đi học
        </Title>
        <AsyncView state={children}>
          {(list) =>
            list.items.length === 0 ? (
              <Text id="noChildren">
                Chưa có học sinh nào gắn với tài khoản này. Khi con nhập học hoặc nhà trường ghi
                nhận tài khoản phụ huynh, thông tin của con sẽ hiện ở đây.
              </Text>
            ) : (
              <Stack gap="md">
                {list.items.map((child) => (
                  <ChildCard key={child.studentId} child={child} clients={clients} />
                ))}
              </Stack>
            )
          }
        </AsyncView>
      </section>
    </Stack>
  );
}
