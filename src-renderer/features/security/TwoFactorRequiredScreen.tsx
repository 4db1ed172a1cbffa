import { useTranslation } from 'react-i18next';
import { Alert, Button, Center, Group, Paper, Stack, Title } from '@mantine/core';
import { invoke } from '../../lib/api';
import { TwoFactorSetup } from './TwoFactorSetup';

/**
 * Signed in while the office requires a second factor this account lacks (issue 14, point 3): the
 * token reaches nothing but the set-up, so the application shows nothing else until it is done.
 */
export function TwoFactorRequiredScreen({ onEnabled }: { onEnabled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" radius="lg" p="xl" w={480} maw="100%">
        <Stack gap="md">
          <Title order={1} size="h2">
            {t('twoFactor.setupRequiredTitle')}
          </Title>
          <Alert color="blue" variant="light" role="status">
            {t('twoFactor.setupRequired')}
          </Alert>
          <TwoFactorSetup onEnabled={onEnabled} />
          <Group justify="flex-start">
            <Button variant="subtle" onClick={() => void invoke('session:logout', {})}>
              {t('twoFactor.signOut')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
