import { Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The screen's heading. It takes the focus when a screen opens (Shell moves it here), so that a
 * keyboard or screen-reader user starts at the top of the new screen.
 */
export function PageTitle({ children, actions, aside }: { children: ReactNode; actions?: ReactNode; aside?: ReactNode }) {
  return (
    <Group justify="space-between" align="center" mb="lg" wrap="wrap" gap="sm">
      <Group gap="sm" align="center">
        <Title order={1} size="h2" fw={600} tabIndex={-1} data-page-title style={{ outline: 'none' }}>
          {children}
        </Title>
        {aside}
      </Group>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
