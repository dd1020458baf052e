import {
  Alert,
  Anchor,
  Breadcrumbs,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { data } from '../api/client';
import { Indicator, kpiClient, OrgUnit } from '../api/kpi';
import { useSession } from '../auth/session';
import { formatPeriod, todayInVietnam } from '../format';
import { LOADING_VI } from '../messages';
import { defaultPeriod, SEGMENT_LABELS } from '../periods';
import { useAsync } from '../use-async';
import { ReportsPanel } from './ReportsPanel';
import { SchoolDetail } from './SchoolDetail';
import { FactsPanel } from './FactsPanel';
import { SeriesPanel } from './SeriesPanel';
import { UnitsPanel } from './UnitsPanel';
import { cellOf, unitRows } from './units';
import { ValueFacts } from './ValueFacts';
import { readView, ViewState, writeView } from './view-state';

/**
 * The officials' dashboard (bảng điều khiển): pick an indicator, a period and a segment; see the
 * unit's value with its target, expected value and baseline; the units under it (which are
 * behind, sorted, filtered, ranked); a school's own indicators; the series; the reports about the
 * unit. The whole view is in the address.
 */
export function DashboardPage(): ReactNode {
  const session = useSession();
  const client = useMemo(
    () => kpiClient(session.token, session.expire),
    [session.token, session.expire],
  );
  const [params, setParams] = useSearchParams();
  const view = readView(params);
  const today = todayInVietnam();
  const linkTo = (patch: Partial<ViewState>) => `/?${writeView({ ...view, ...patch }).toString()}`;
  // From the address as it is now, not as last rendered (the router renders a change in a
  // transition: a quick second change must not undo the first).
  const change = (patch: Partial<ViewState>) =>
    setParams(writeView({ ...readView(new URLSearchParams(location.search)), ...patch }));

  const start = useAsync(
    (signal) =>
      Promise.all([
        data(client.GET('/indicators', { signal })),
        data(client.GET('/org-units', { params: { query: { asOf: today } }, signal })),
      ]),
    [client, today],
  );
  const indicators = start.data?.[0] ?? [];
  const roots = start.data?.[1] ?? [];
  const indicator: Indicator | undefined =
    indicators.find((i) => i.code === view.indicator) ?? indicators[0];
  const unitId = view.unit ?? roots[0]?.id ?? null;
  const period = indicator ? (view.period ?? defaultPeriod(indicator.periodType, today)) : null;
  const segment =
    indicator && view.segment && indicator.segments.includes(view.segment) ? view.segment : null;

  const drill = useAsync(
    (signal) =>
      indicator && unitId && period
        ? data(
            client.GET('/indicators/{code}/values', {
              params: { path: { code: indicator.code }, query: { orgUnitId: unitId, period } },
              signal,
            }),
          )
        : null,
    [client, indicator?.code, unitId, period],
  );
  const path = useBreadcrumb(client, unitId, roots);

  // The period field is typed freely; the view changes when the user leaves it or presses Enter.
  const [periodText, setPeriodText] = useState(period ?? '');
  useEffect(() => setPeriodText(period ?? ''), [period]);

  if (start.error)
    return (
      <Alert color="red" title="Không tải được bảng điều khiển">
        {start.error.message}
      </Alert>
    );
  if (start.loading && !start.data) return <Loader aria-label={LOADING_VI} />;
  if (!indicator || !unitId || !period) {
    return <Alert color="yellow">Chưa có chỉ tiêu hoặc cây đơn vị (registry chưa công bố).</Alert>;
  }
  const v = drill.data;
  const own = v ? cellOf(v.orgUnit, segment) : null;
  const unitName = v?.orgUnit.name ?? path.at(-1)?.name ?? '';
  const isSchool = v?.orgUnit.kind === 'school';

  return (
    <Stack gap="md">
      <Paper
        withBorder
        p="md"
        radius="md"
        component="section"
        aria-label="Chọn chỉ tiêu, kỳ và vùng"
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NativeSelect
            id="indicator"
            label="Chỉ tiêu"
            value={indicator.code}
            data={indicators.map((i) => ({ value: i.code, label: i.nameVi }))}
            onChange={(e) =>
              change({
                indicator: e.currentTarget.value,
                period: null,
                segment: null,
                status: null,
              })
            }
          />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              change({ period: periodText.trim() || null });
            }}
          >
            <TextInput
              id="period"
              label="Kỳ"
              description={`Ví dụ: ${defaultPeriod(indicator.periodType, today)} (${formatPeriod(defaultPeriod(indicator.periodType, today))})`}
              value={periodText}
              onChange={(e) => setPeriodText(e.currentTarget.value)}
              onBlur={() =>
                periodText.trim() !== period && change({ period: periodText.trim() || null })
              }
            />
          </form>
          <NativeSelect
            id="segment"
            label="Vùng"
            value={segment ?? ''}
            data={[
              { value: '', label: 'Tất cả các vùng' },
              ...indicator.segments.map((s) => ({ value: s, label: SEGMENT_LABELS[s] ?? s })),
            ]}
            onChange={(e) => change({ segment: e.currentTarget.value || null })}
          />
        </SimpleGrid>
      </Paper>

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="unitTitle">
        <Stack gap="xs">
          <nav aria-label="Đơn vị cấp trên">
            <Breadcrumbs id="breadcrumb" separator="›" styles={{ root: { flexWrap: 'wrap' } }}>
              {path.map((p, i) =>
                i < path.length - 1 ? (
                  <Anchor key={p.id} component={Link} to={linkTo({ unit: p.id, status: null })}>
                    {p.name}
                  </Anchor>
                ) : (
                  <Text key={p.id} fw={700} aria-current="page">
                    {p.name}
                  </Text>
                ),
              )}
            </Breadcrumbs>
          </nav>
          <Title order={2} size="h3" id="unitTitle">
            {indicator.nameVi} — {unitName}, {formatPeriod(v?.period.code ?? period)}
            {segment ? `, ${SEGMENT_LABELS[segment] ?? segment}` : ''}
          </Title>
          {drill.error && (
            <Alert color="red" role="alert" id="status">
              {drill.error.message}
            </Alert>
          )}
          {drill.loading && <Loader size="sm" aria-label={LOADING_VI} />}
          {v && !own && <Text>Không có số liệu cho vùng này.</Text>}
          {v && own && (
            <ValueFacts
              cell={own}
              unit={v.indicator.unit}
              indicator={indicator}
              segment={segment}
            />
          )}
        </Stack>
      </Paper>

      {v && isSchool && (
        <SchoolDetail
          client={client}
          indicators={indicators}
          schoolId={unitId}
          schoolName={unitName}
          current={indicator}
          period={period}
          linkTo={linkTo}
        />
      )}
      {v && !isSchool && (
        <UnitsPanel
          rows={unitRows(v.children, segment)}
          unit={v.indicator.unit}
          unitName={unitName}
          indicatorName={indicator.nameVi}
          parentTarget={own?.target ?? null}
          view={view}
          linkTo={linkTo}
          onChange={change}
        />
      )}
      {v && (
        <FactsPanel
          key={`${indicator.code}|${unitId}|${period}|${segment ?? ''}`}
          client={client}
          code={indicator.code}
          unitId={unitId}
          unitName={unitName}
          period={v.period.code}
          segment={segment}
        />
      )}
      {v && (
        <SeriesPanel
          client={client}
          indicator={indicator}
          unitId={unitId}
          unitName={unitName}
          period={period}
          segment={segment}
        />
      )}
      <ReportsPanel
        client={client}
        token={session.token}
        onUnauthorized={session.expire}
        unitId={unitId}
        unitName={unitName}
      />
    </Stack>
  );
}

/** The units from the user's root down to the one viewed (the org units' parents). */
function useBreadcrumb(
  client: ReturnType<typeof kpiClient>,
  unitId: string | null,
  roots: OrgUnit[],
): Array<{ id: string; name: string }> {
  const chain = useAsync(
    async (signal) => {
      if (!unitId) return [];
      const rootIds = new Set(roots.map((r) => r.id));
      const out: Array<{ id: string; name: string }> = [];
      let id: string | null = unitId;
      for (let i = 0; id && i < 8; i++) {
        const current: string = id;
        const u = await data(
          client.GET('/org-units/{id}', { params: { path: { id: current } }, signal }),
        ).catch(() => null);
        if (!u) break;
        out.unshift({ id: u.id, name: u.name });
        if (rootIds.has(u.id)) break;
        id = u.parentId;
      }
      return out;
    },
    [client, unitId, roots],
  );
  return chain.data ?? [];
}
