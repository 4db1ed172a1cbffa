import { EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a screen or a section shows when it has nothing yet, with what to do about it. */
export function Empty({ title, description, icon, children }: { title: string; description?: string; icon?: ReactNode; children?: ReactNode }) {
  return (
    <EmptyState py="xl" size="sm" title={title} description={description} icon={icon} withIndicatorBackground={icon !== undefined}>
      {children}
    </EmptyState>
  );
}
