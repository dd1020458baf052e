import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { statusDisplay } from '../status';

export function StatusBadge(props: { status: string; apiLabel?: string }): ReactNode {
  const d = statusDisplay(props.status, props.apiLabel);
  return (
    <Badge
      variant="light"
      color={d.color}
      radius="sm"
      data-status={props.status}
      // Near-black text on the light tint: readable (WCAG AA) on any row; the tint and the words
      // carry the status, never the colour alone.
      styles={{ label: { color: 'var(--mantine-color-dark-9)', textTransform: 'none' } }}
    >
      {d.label}
    </Badge>
  );
}
