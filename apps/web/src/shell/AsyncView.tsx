import { Alert, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { LOADING_VI } from '../messages';
import type { Async } from '../use-async';

/**
 * What a part of a page shows while its data loads: the error in Vietnamese (role alert), "Đang
 * tải…", or the data drawn by `children`.
 */
export function AsyncView<T>(props: {
  state: Async<T>;
  children: (data: T) => ReactNode;
}): ReactNode {
  const { state } = props;
  if (state.error)
    return (
      <Alert color="red" role="alert">
        {state.error.message}
      </Alert>
    );
  if (state.data === undefined) return <Text>{LOADING_VI}</Text>;
  return props.children(state.data);
}
