import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Text } from '@mantine/core';
import { MessageScreen } from '../../components/MessageScreen';

/**
 * The office revoked this workstation or deactivated its user (issue 14, point 4): its replica and
 * its token are gone; this says so plainly before the sign-in screen.
 */
export function WipedScreen({ onContinue }: { onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <MessageScreen title={t('wiped.title')} titleSize="h2" width={520}>
      <Alert color="red" variant="light" role="alert">
        {t('wiped.body')}
      </Alert>
      <Text>{t('wiped.next')}</Text>
      <Group justify="flex-end">
        <Button onClick={onContinue} data-autofocus>
          {t('wiped.continue')}
        </Button>
      </Group>
    </MessageScreen>
  );
}
