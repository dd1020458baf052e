import { Card, Stack, Tabs, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { data } from '../api/client';
import type { Child, EnrollmentClient, PaymentsClient, RecordsClient } from '../api/family';
import { ApiError } from '../api/client';
import { formatDate } from '../format';
import { AsyncView } from '../shell/AsyncView';
import { useAsync } from '../use-async';
import { FeesPanel } from './FeesPanel';
import { formatSchoolYear } from './family-view';
import { ReceiptsPanel } from './ReceiptsPanel';
import { RecordsPanel } from './RecordsPanel';

export interface FamilyClients {
  enrollment: EnrollmentClient;
  payments: PaymentsClient;
  records: RecordsClient;
}

/** One child: where they study, then fees, receipts and học bạ in tabs. */
export function ChildCard(props: { child: Child; clients: FamilyClients }): ReactNode {
  const { child, clients } = props;
  const titleId = `child-${child.studentId}-title`;
  const account = useAsync(
    (signal) =>
      data(
        clients.payments.GET('/students/{studentId}/account', {
          params: { path: { studentId: child.studentId } },
          signal,
        }),
      ).catch((e: unknown) => {
        // No account yet: the school has not billed this child.
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    [clients, child.studentId],
  );
  return (
    <Card withBorder component="article" aria-labelledby={titleId} data-child={child.studentId}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={titleId}>
            {child.fullName}
          </Title>
          <Text size="sm" c="gray.7">
            {child.schoolName ?? 'Trường (chưa rõ tên)'} · lớp {child.className ?? child.grade} ·
            năm học {formatSchoolYear(child.schoolYear)} · ngày sinh {formatDate(child.dateOfBirth)}
          </Text>
        </div>
        <Tabs defaultValue="fees" keepMounted={false}>
          <Tabs.List grow>
            <Tabs.Tab value="fees" data-tab="fees">
              Học phí
            </Tabs.Tab>
            <Tabs.Tab value="receipts" data-tab="receipts">
              Biên lai
            </Tabs.Tab>
            <Tabs.Tab value="records" data-tab="records">
              Học bạ
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="fees" pt="sm">
            <AsyncView state={account}>
              {(a) =>
                a === null ? (
                  <Text>Nhà trường chưa lập khoản thu nào cho con.</Text>
                ) : (
                  <FeesPanel account={a} client={clients.payments} />
                )
              }
            </AsyncView>
          </Tabs.Panel>
          <Tabs.Panel value="receipts" pt="sm">
            <AsyncView state={account}>
              {(a) => <ReceiptsPanel payments={a?.payments ?? []} />}
            </AsyncView>
          </Tabs.Panel>
          <Tabs.Panel value="records" pt="sm">
            <RecordsPanel studentId={child.studentId} client={clients.records} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Card>
  );
}
