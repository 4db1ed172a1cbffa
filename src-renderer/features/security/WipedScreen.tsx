import { useTranslation } from 'react-i18next';
import { Alert, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';

/**
 * The office revoked this workstation or deactivated its user (issue 14, point 4): its replica and
 * its token are gone; this says so plainly before the sign-in screen.
 */
export function WipedScreen({ onContinue }: { onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" radius="lg" p="xl" w={520} maw="100%">
        <Stack gap="md">
          <Title order={1} size="h2">
            {t('wiped.title')}
          </Title>
          <Alert color="red" variant="light" role="alert">
            {t('wiped.body')}
          </Alert>
          <Text>{t('wiped.next')}</Text>
          <Group justify="flex-end">
            <Button onClick={onContinue} data-autofocus>
              {t('wiped.continue')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
