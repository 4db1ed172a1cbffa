import type { ReactNode } from 'react';
import { Center, Paper, Stack, Title } from '@mantine/core';

/** A page of its own, before or instead of the office: one card on the quiet background. */
export function ScreenCard({ width, children }: { width: number; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" radius="lg" p="xl" w={width} maw="100%">
        {children}
      </Paper>
    </Center>
  );
}

/**
 * A full-page message (this workstation was wiped, a second factor is required, the replica cannot
 * be read, the first sync): its title, then what it says and the way on, in one column.
 */
export function MessageScreen({ title, titleSize, width, children }: { title: string; titleSize: 'h2' | 'h3'; width: number; children: ReactNode }) {
  return (
    <ScreenCard width={width}>
      <Stack gap="md">
        <Title order={1} size={titleSize}>
          {title}
        </Title>
        {children}
      </Stack>
    </ScreenCard>
  );
}
