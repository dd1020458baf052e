import { Alert, Badge, Button, Card, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { ApiError, data, idempotencyKey } from '../api/client';
import type { EnrollmentClient, FamilyApplication } from '../api/family';
import { formatDate, formatDateTime } from '../format';
import { AsyncView } from '../shell/AsyncView';
import type { Async } from '../use-async';
import { applicationLabel, roundTitle } from './family-view';

/** The children's admission applications, newest round first, with the offer to answer. */
export function ApplicationsSection(props: {
  client: EnrollmentClient;
  state: Async<{ items: FamilyApplication[] }>;
  onAnswered: () => void;
}): ReactNode {
  const { state } = props;
  return (
    <section aria-labelledby="applicationsTitle" id="applications">
      <Title order={2} size="h3" id="applicationsTitle" mb="sm">
        Hồ sơ tuyển sinh
      </Title>
      <AsyncView state={state}>
        {(list) =>
          list.items.length === 0 ? (
            <Text id="noApplications">Gia đình chưa nộp hồ sơ tuyển sinh trực tuyến nào.</Text>
          ) : (
            <Stack gap="md">
              {list.items.map((a) => (
                <ApplicationCard
                  key={a.id}
                  application={a}
                  client={props.client}
                  onAnswered={props.onAnswered}
                />
              ))}
            </Stack>
          )
        }
      </AsyncView>
    </section>
  );
}

function ApplicationCard(props: {
  application: FamilyApplication;
  client: EnrollmentClient;
  onAnswered: () => void;
}): ReactNode {
  const a = props.application;
  const offer = a.offer ?? null;
  const label = applicationLabel(a.status, a.round.resultsPublished, offer?.status ?? null);
  const [asking, setAsking] = useState<'accept' | 'decline' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = `application-${a.id}-title`;

  async function answer(accept: boolean): Promise<void> {
    if (!offer) return;
    setBusy(true);
    setError(null);
    const path = accept ? '/offers/{id}/acceptance' : '/offers/{id}/decline';
    try {
      await data(
        props.client.POST(path, {
          params: { path: { id: offer.id } },
          headers: { 'idempotency-key': idempotencyKey() },
        }),
      );
      setAsking(null);
      props.onAnswered();
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 409
          ? 'Chỗ học này đã được trả lời hoặc không còn hiệu lực. Tải lại trang để xem trạng thái mới.'
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder component="article" aria-labelledby={titleId} data-application={a.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="start" wrap="wrap" gap="xs">
          <div>
            <Title order={3} size="h4" id={titleId}>
              {a.applicant.fullName}
            </Title>
            <Text size="sm" c="gray.7">
              {roundTitle(a.round.grade, a.round.schoolYear)} · ngày sinh{' '}
              {formatDate(a.applicant.dateOfBirth)}
            </Text>
          </div>
          <Badge
            variant="light"
            color={label.tone}
            radius="sm"
            data-status={offer?.status ?? a.status}
            styles={{ label: { color: 'var(--mantine-color-dark-9)', textTransform: 'none' } }}
          >
            {label.text}
          </Badge>
        </Group>
        <div>
          <Text size="sm" fw={600}>
            Nguyện vọng
          </Text>
          <List type="ordered" size="sm">
            {a.wishSchools.map((s) => (
              <List.Item key={s.id}>{s.name ?? 'Trường (chưa rõ tên)'}</List.Item>
            ))}
          </List>
        </div>
        <Text size="sm" c="gray.7">
          Nộp lúc {formatDateTime(a.submittedAt)}
        </Text>
        {offer && (
          <Alert
            color={offer.status === 'offered' ? 'blue' : 'gray'}
            title={`Trúng tuyển: ${offer.schoolName ?? 'trường'} (nguyện vọng ${offer.wishRank})`}
            data-offer={offer.id}
          >
            {offer.status === 'offered' ? (
              <Stack gap="xs">
                <Text size="sm">
                  Gia đình xác nhận nhập học để giữ chỗ, hoặc từ chối để nhường chỗ cho học sinh
                  trong danh sách chờ.
                </Text>
                <Group gap="sm">
                  <Button id={`accept-${offer.id}`} onClick={() => setAsking('accept')}>
                    Xác nhận nhập học
                  </Button>
                  <Button
                    id={`decline-${offer.id}`}
                    variant="default"
                    onClick={() => setAsking('decline')}
                  >
                    Từ chối chỗ học
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Text size="sm">{label.text}.</Text>
            )}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={asking !== null}
        onClose={() => !busy && setAsking(null)}
        title={asking === 'accept' ? 'Xác nhận nhập học' : 'Từ chối chỗ học'}
        closeButtonProps={{ 'aria-label': 'Đóng' }}
        centered
      >
        <Stack gap="md">
          <Text>
            {asking === 'accept'
              ? `Xác nhận cho ${a.applicant.fullName} nhập học tại ${offer?.schoolName ?? 'trường'}?`
              : `Từ chối chỗ học của ${a.applicant.fullName} tại ${offer?.schoolName ?? 'trường'}? Chỗ học sẽ được chuyển cho học sinh khác và không thể lấy lại.`}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setAsking(null)} disabled={busy}>
              Quay lại
            </Button>
            <Button
              id="confirmAnswer"
              color={asking === 'decline' ? 'red.9' : 'blue'}
              loading={busy}
              onClick={() => void answer(asking === 'accept')}
            >
              {asking === 'accept' ? 'Xác nhận' : 'Từ chối'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
