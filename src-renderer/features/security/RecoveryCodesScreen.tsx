import { Center, Paper } from '@mantine/core';
import { RecoveryCodes } from './RecoveryCodes';

/** The recovery codes of a set-up the office required, on their own page before the office. */
export function RecoveryCodesScreen({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" radius="lg" p="xl" w={480} maw="100%">
        <RecoveryCodes codes={codes} onDone={onDone} />
      </Paper>
    </Center>
  );
}
