import { Alert, Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, RouteObject } from 'react-router';
import { DashboardPage } from './dashboard/DashboardPage';
import { Shell } from './shell/Shell';

/**
 * The app's pages. The officials' dashboard is at `/`; the families' pages (`/gia-dinh`) will be
 * a sibling route with its own sign-in needs.
 */
export function routes(bootError: string | null): RouteObject[] {
  return [
    {
      path: '/',
      element: <Shell bootError={bootError} />,
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
      </Anchor>
    </Alert>
  );
}
