import { useTranslation } from 'react-i18next';
import { Alert, Button, Group } from '@mantine/core';
import { MessageScreen } from '../../components/MessageScreen';
import { invoke } from '../../lib/api';
import { TwoFactorSetup } from './TwoFactorSetup';

/**
 * Signed in while the office requires a second factor this account lacks (issue 14, point 3): the
 * token reaches nothing but the set-up, so the application shows nothing else until it is done.
 */
export function TwoFactorRequiredScreen({ onEnabled }: { onEnabled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <MessageScreen title={t('twoFactor.setupRequiredTitle')} titleSize="h2" width={480}>
      <Alert color="blue" variant="light" role="status">
        {t('twoFactor.setupRequired')}
      </Alert>
      <TwoFactorSetup onEnabled={onEnabled} />
      <Group justify="flex-start">
        <Button variant="subtle" onClick={() => void invoke('session:logout', {})}>
          {t('twoFactor.signOut')}
        </Button>
      </Group>
    </MessageScreen>
  );
}
