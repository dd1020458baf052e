import { Alert, Anchor, Box, Button, Container, Group, Text, Title } from '@mantine/core';
import { ReactNode, useEffect, useMemo, useState } from 'react';
import { Outlet } from 'react-router';
import { data } from '../api/client';
import { kpiClient } from '../api/kpi';
import { useSession } from '../auth/session';
import { formatDateTime, formatInteger } from '../format';
import { NO_PROVIDER_VI, SESSION_EXPIRED_VI, SIGN_IN_AGAIN_VI } from '../messages';
import { useAsync } from '../use-async';

/** What the header says, by audience: the officials' dashboard, or the families' page. */
const HEADINGS = {
  officials: {
    title: 'Chuyển đổi số giáo dục tỉnh Quảng Ninh',
    subtitle: 'Chỉ tiêu chuyển đổi số ngành giáo dục — thực hiện so với chỉ tiêu giao',
    footer:
      'Số liệu: các sự kiện của nền tảng (tuyển sinh, học bạ số, thanh toán…) tổng hợp theo cây đơn vị hành chính có hiệu lực theo thời gian. Giờ Việt Nam.',
  },
  families: {
    title: 'Cổng thông tin phụ huynh',
    subtitle: 'Giáo dục Quảng Ninh — tuyển sinh, học phí và học bạ số của con',
    footer:
      'Thông tin của con chỉ hiển thị cho tài khoản phụ huynh đã được nhà trường ghi nhận. Giờ Việt Nam.',
  },
} as const;

/**
 * The frame of every page: skip link, header (who is signed in; for officials, how fresh the
 * numbers are), the ended-session message with "sign in again", and the page (the router's
 * outlet). Families' pages are narrower: they are read on phones.
 */
export function Shell(props: {
  bootError: string | null;
  audience: keyof typeof HEADINGS;
}): ReactNode {
  const heading = HEADINGS[props.audience];
  const size = props.audience === 'families' ? 'md' : 'xl';
  const session = useSession();
  const needsSignIn = !session.token && !session.expired && !!session.oidc && !props.bootError;
  useEffect(() => {
    if (needsSignIn) session.signIn();
  }, [needsSignIn, session]);
  return (
    <>
      <a className="skip-link" href="#main">
        Bỏ qua, đến nội dung chính
      </a>
      <Box component="header" bg="blue.9" c="white" py="sm">
        <Container size={size}>
          <Group justify="space-between" align="end" wrap="wrap" gap="xs">
            <div>
              <Title order={1} size="h3">
                {heading.title}
              </Title>
              <Text size="sm">{heading.subtitle}</Text>
            </div>
            <div>
              {session.token && props.audience === 'officials' && <Lag />}
              <Text size="sm" id="user">
                {session.user ?? ''}
              </Text>
            </div>
          </Group>
        </Container>
      </Box>
      <Container size={size} component="main" id="main" tabIndex={-1} py="md">
        {session.expired ? (
          <Alert color="yellow" id="session" role="alert" title="Hết phiên đăng nhập">
            <Group gap="sm">
              <Text id="sessionText">{SESSION_EXPIRED_VI}</Text>
              <Button id="signIn" onClick={() => session.signIn()} disabled={!session.oidc}>
                {SIGN_IN_AGAIN_VI}
              </Button>
            </Group>
          </Alert>
        ) : props.bootError ? (
          <Alert color="red" role="alert" title="Đăng nhập không thành công">
            <Group gap="sm">
              <Text>{props.bootError}</Text>
              {session.oidc && (
                // The provider refused or failed: its form again, where another account can be used.
                <Button id="signInAgain" onClick={() => session.signIn(true)}>
                  {SIGN_IN_AGAIN_VI}
                </Button>
              )}
            </Group>
          </Alert>
        ) : session.token ? (
          <Outlet />
        ) : session.oidc ? (
          <Text>Đang chuyển đến trang đăng nhập…</Text>
        ) : (
          <Alert color="red" role="alert">
            {NO_PROVIDER_VI}
          </Alert>
        )}
      </Container>
      <Container size={size} component="footer" py="md">
        <Text size="xs" c="gray.7">
          {heading.footer}{' '}
          <Anchor href="#main" size="xs" underline="always">
            Về đầu nội dung
          </Anchor>
        </Text>
      </Container>
    </>
  );
}

/** How far the numbers are behind the platform's events (province staff only; hidden otherwise). */
function Lag(): ReactNode {
  const session = useSession();
  const client = useMemo(
    () => kpiClient(session.token, session.expire),
    [session.token, session.expire],
  );
  // Asked again every 5 s: the number moves while events are applied.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 5000);
    return () => clearInterval(t);
  }, []);
  const projections = useAsync(
    (signal) => data(client.GET('/projections', { signal })),
    [client, tick],
  );
  const g =
    projections.data?.generations.find((x) => x.status === 'active') ??
    projections.data?.generations[0];
  if (!g) return null;
  return (
    <Text size="xs" id="lag" data-lag={g.lag === null ? '' : String(g.lag)}>
      Độ trễ số liệu: {g.lag === null ? 'chưa rõ' : formatInteger(g.lag)} sự kiện chưa xử lý · cập
      nhật {g.lastAppliedAt ? formatDateTime(g.lastAppliedAt) : '—'}
    </Text>
  );
}
