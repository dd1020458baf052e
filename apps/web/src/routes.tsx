import { Alert, Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, RouteObject } from 'react-router';
import type { PublicConfig } from './auth/oidc';
import { SessionProvider } from './auth/session';
import { DashboardPage } from './dashboard/DashboardPage';
import { FamilyPage } from './families/FamilyPage';
import { Shell } from './shell/Shell';

/**
 * The app's pages. The officials' dashboard is at `/`, signed in at the province's provider; the
 * families' page at `/gia-dinh`, signed in at the people's sign-in, each with its own session.
 */
export function routes(bootError: string | null, config: PublicConfig): RouteObject[] {
  return [
    {
      path: '/gia-dinh',
      element: (
        <SessionProvider realm="family" oidc={config.familyOidc}>
          <Shell bootError={bootError} audience="families" />
        </SessionProvider>
      ),
      children: [{ index: true, element: <FamilyPage /> }],
    },
    {
      path: '/',
      element: (
        <SessionProvider realm="staff" oidc={config.oidc}>
          <Shell bootError={bootError} audience="officials" />
        </SessionProvider>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ];
}

function NotFound(): ReactNode {
  return (
    <Alert color="yellow" title="Không tìm thấy trang">
      Địa chỉ này không có trong ứng dụng.{' '}
      <Anchor component={Link} to="/">
        Về bảng điều khiển
      </Anchor>{' '}
      ·{' '}
      <Anchor component={Link} to="/gia-dinh">
        Cổng thông tin phụ huynh
      </Anchor>
    </Alert>
  );
}
