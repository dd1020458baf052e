import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { ApiError, data, saveDownload } from '../api/client';
import { RECORDS_BASE, RecordsClient } from '../api/family';
import { useSession } from '../auth/session';
import { formatDateTime } from '../format';
import { AsyncView } from '../shell/AsyncView';
import { useAsync } from '../use-async';
import { formatSchoolYear } from './family-view';

/** The child's signed học bạ, year by year, each downloadable as the signed PDF. */
export function RecordsPanel(props: { studentId: string; client: RecordsClient }): ReactNode {
  const { studentId, client } = props;
  const session = useSession();
  const list = useAsync(
    (signal) =>
      data(
        client.GET('/learners/{studentId}/records', {
          params: { path: { studentId } },
          signal,
        }),
      ).catch((e: unknown) => {
        // Records has not heard of the child yet (a new pupil): no học bạ yet.
        if (e instanceof ApiError && e.status === 404) return { studentId, records: [] };
        throw e;
      }),
    [client, studentId],
  );
  const [error, setError] = useState<string | null>(null);

  async function download(schoolYear: string): Promise<void> {
    setError(null);
    try {
      await saveDownload(
        `${location.origin}${RECORDS_BASE}/learners/${studentId}/records/${schoolYear}/pdf`,
        session.token,
        session.expire,
        `hoc-ba-${schoolYear}.pdf`,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  if (!list.data || list.error) return <AsyncView state={list}>{() => null}</AsyncView>;
  if (list.data.records.length === 0)
    return <Text>Chưa có học bạ số: học bạ được ký và hiện ở đây khi kết thúc năm học.</Text>;
  const records = [...list.data.records].sort((a, b) => (a.schoolYear < b.schoolYear ? 1 : -1));
  return (
    <Stack gap="sm">
      {records.map((r) => {
        const latest = r.versions[r.versions.length - 1];
        return (
          <Card withBorder padding="sm" key={r.recordId} data-record={r.schoolYear}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <div>
                <Text fw={600}>
                  Học bạ lớp {r.grade} — năm học {formatSchoolYear(r.schoolYear)}
                </Text>
                <Text size="sm" c="gray.7">
                  {r.schoolName} · ký số lúc {latest ? formatDateTime(latest.signedAt) : '—'}
                  {latest && latest.version > 1
                    ? ` · bản đính chính lần ${latest.version - 1}`
                    : ''}
                </Text>
              </div>
              <Button
                variant="outline"
                id={`recordPdf-${r.schoolYear}`}
                onClick={() => void download(r.schoolYear)}
              >
                Tải học bạ (PDF)
              </Button>
            </Group>
          </Card>
        );
      })}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
