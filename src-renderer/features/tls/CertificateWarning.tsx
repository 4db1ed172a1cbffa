import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { CertificateWarning as Warning } from '~shared/contract/tls';
import { Fingerprint } from '../../components/Fingerprint';
import { invoke } from '../../lib/api';

// Shown while the office server presents another certificate than the pinned one (issue 14,
// point 2): both fingerprints, and for an administrator only, the acceptance of the new one once
// checked on the server; everyone else is told whom to call. The sync retries by itself meanwhile.

export function CertificateWarning() {
  const { t } = useTranslation();
  const [warning, setWarning] = useState<Warning | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void invoke('tls:status', {}).then((r) => r.ok && setWarning(r.value));
  }, []);

  if (warning === null) return null;

  async function accept(fingerprint: string) {
    setBusy(true);
    setFailure(null);
    const result = await invoke('tls:accept', { fingerprint });
    setBusy(false);
    if (result.ok) setWarning(null);
    else setFailure(result.error.message);
  }

  return (
    <Alert color="red" variant="light" mb="md" title={t('tls.title')} role="alert" data-testid="certificate-warning">
      <Stack gap="sm">
        <Text size="sm">{t('tls.explain')}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <div>
            <Text size="xs" fw={600} c="dimmed">
              {t('tls.pinned')}
            </Text>
            <Fingerprint value={warning.pinned} testId="pinned-fingerprint" />
          </div>
          <div>
            <Text size="xs" fw={600} c="dimmed">
              {t('tls.presented')}
            </Text>
            {warning.presented ? <Fingerprint value={warning.presented} testId="presented-fingerprint" /> : <Text size="sm">{t('tls.unknown')}</Text>}
          </div>
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {warning.canAccept ? t('tls.adminCheck') : t('tls.callAdmin')}
        </Text>
        {failure && (
          <Text size="sm" c="red.8" role="alert">
            {failure}
          </Text>
        )}
        {warning.canAccept && warning.presented && (
          <Group>
            <Button color="red" variant="outline" loading={busy} onClick={() => void accept(warning.presented!)}>
              {t('tls.accept')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
