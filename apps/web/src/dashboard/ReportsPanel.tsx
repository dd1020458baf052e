import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { ReactNode, useId, useState } from 'react';
import { data, saveDownload } from '../api/client';
import { KPI_BASE, KpiClient } from '../api/kpi';
import { schoolYearOf } from '../periods';
import { todayInVietnam } from '../format';
import { useAsync } from '../use-async';

const FORMATS = ['xlsx', 'csv', 'pdf'] as const;

/** The export URL of a report about a unit (through the web server's proxy). */
export function exportUrl(
  schoolYear: string,
  kind: string,
  format: string,
  unitId: string,
): string {
  const q = new URLSearchParams({ format, orgUnitId: unitId });
  return `${KPI_BASE}/reports/${encodeURIComponent(schoolYear)}/${kind}/export?${q.toString()}`;
}

/**
 * The reports about the unit being viewed (semester 1, year end) as XLSX/CSV/PDF, and who under
 * it has reported. Files are fetched with the bearer token, then saved by the browser.
 */
export function ReportsPanel(props: {
  client: KpiClient;
  token: string | null;
  onUnauthorized: () => void;
  unitId: string;
  unitName: string;
}): ReactNode {
  const [kind, setKind] = useState('year-end');
  const [year, setYear] = useState(() => schoolYearOf(todayInVietnam()));
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const validYear = /^\d{4}-\d{4}$/.test(year);
  const completeness = useAsync(
    (signal) =>
      validYear
        ? data(
            props.client.GET('/reports/{schoolYear}/{report}/completeness', {
              params: {
                path: { schoolYear: year, report: kind },
                query: { orgUnitId: props.unitId },
              },
              signal,
            }),
          )
        : null,
    [props.client, year, kind, props.unitId, validYear],
  );
  async function download(format: string): Promise<void> {
    setError(null);
    try {
      await saveDownload(
        exportUrl(year, kind, format, props.unitId),
        props.token,
        props.onUnauthorized,
        `bao-cao.${format}`,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  const c = completeness.data;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={titleId} id="reports">
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          Báo cáo của {props.unitName}
        </Title>
        <Group gap="sm" align="end" wrap="wrap">
          <NativeSelect
            id="reportKind"
            label="Loại báo cáo"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value)}
            data={[
              { value: 'semester-1', label: 'Sơ kết học kỳ I' },
              { value: 'year-end', label: 'Tổng kết năm học' },
            ]}
          />
          <TextInput
            id="reportYear"
            label="Năm học"
            value={year}
            onChange={(e) => setYear(e.currentTarget.value)}
            error={validYear ? undefined : 'Năm học có dạng 2025-2026'}
            w={130}
          />
          {FORMATS.map((f) => (
            <Button
              key={f}
              variant="light"
              data-format={f}
              data-href={exportUrl(year, kind, f, props.unitId)}
              disabled={!validYear}
              onClick={() => void download(f)}
              aria-label={`Tải báo cáo định dạng ${f.toUpperCase()}`}
            >
              {f.toUpperCase()}
            </Button>
          ))}
        </Group>
        {error && (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Text size="sm" id="completeness">
          {completeness.error
            ? completeness.error.message
            : c
              ? `Đơn vị đã báo cáo: ${c.submitted}/${c.expected}` +
                (c.missing.length
                  ? ` — chưa báo cáo: ${c.missing
                      .slice(0, 5)
                      .map((u) => u.name)
                      .join(', ')}${c.missing.length > 5 ? '…' : ''}`
                  : '')
              : ''}
        </Text>
      </Stack>
    </Paper>
  );
}
