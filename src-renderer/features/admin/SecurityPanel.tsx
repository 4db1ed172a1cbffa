import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Loader, Paper, Stack, Switch } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { invoke } from '../../lib/api';

/**
 * Administration → Sécurité (issue 14, point 3): whether every account must sign in with a
 * second factor. The rule lives on the office server (GET and PUT /api/admin/security).
 */
export function SecurityPanel() {
  const { t } = useTranslation();
  const [required, setRequired] = useState<boolean | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void invoke('security:get', {}).then((result) => (result.ok ? setRequired(result.value.requireTwoFactor) : setFailure(result.error.message)));
  }, []);

  async function change(next: boolean) {
    setSaving(true);
    setFailure(null);
    const result = await invoke('security:set', { requireTwoFactor: next });
    setSaving(false);
    if (!result.ok) {
      setFailure(result.error.message);
      return;
    }
    setRequired(result.value.requireTwoFactor);
    notifications.show({ message: t('admin.security.saved'), color: 'green' });
  }

  return (
    <Paper withBorder radius="md" p="lg" maw={720}>
      <Stack gap="md">
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        {required === null && !failure ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : (
          required !== null && (
            <Switch
              label={t('admin.security.requireLabel')}
              description={t('admin.security.requireHint')}
              checked={required}
              disabled={saving}
              onChange={(e) => void change(e.currentTarget.checked)}
            />
          )
        )}
      </Stack>
    </Paper>
  );
}
