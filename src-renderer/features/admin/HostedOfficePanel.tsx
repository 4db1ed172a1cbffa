import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { OfficeState } from '~shared/contract/office';
import { formatJoinCode } from '~shared/domain/join-code';
import { Fingerprint } from '../../components/Fingerprint';
import { invoke } from '../../lib/api';
import { intlLocale } from '../../lib/i18n';

// On the workstation that hosts the office (issue 12, point 2): where the other workstations
// reach it, the fingerprint of its certificate (what a joining workstation compares: issue 14), and
// a new one-time code for each workstation to add. Elsewhere it shows nothing.

export function HostedOfficePanel() {
  const { t, i18n } = useTranslation();
  const [office, setOffice] = useState<OfficeState | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void invoke('office:get', {}).then((r) => r.ok && setOffice(r.value));
  }, []);

  if (office?.mode !== 'host') return null;
  const addresses = office.hosted?.lanUrls.length ? office.hosted.lanUrls : [office.serverUrl ?? ''];

  async function newCode() {
    setBusy(true);
    setFailure(null);
    const result = await invoke('office:joinCode', {});
    setBusy(false);
    if (result.ok) setCode(result.value);
    else setFailure(result.error.message);
  }

  return (
    <Paper withBorder radius="md" p="lg" mt="xl" maw={720} component="section" aria-labelledby="hosted-office-title">
      <Stack gap="sm">
        <Title id="hosted-office-title" order={2} size="h4">
          {t('firstRun.hosted.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('firstRun.hosted.explain')}
        </Text>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {t('firstRun.ready.address')}
          </Text>
          <Text size="sm" ff="monospace">
            {addresses.join(', ')}
          </Text>
        </Group>
        {office.hosted?.fingerprint && (
          <div>
            <Text size="sm" fw={600}>
              {t('firstRun.hosted.fingerprint')}
            </Text>
            <Fingerprint value={office.hosted.fingerprint} testId="hosted-fingerprint" />
          </div>
        )}
        {code && (
          <Group gap="sm" align="baseline">
            <Text ff="monospace" fw={700} size="xl" style={{ letterSpacing: '0.12em' }} data-testid="new-join-code">
              {formatJoinCode(code.code)}
            </Text>
            <Text size="xs" c="dimmed">
              {t('firstRun.ready.codeHint', {
                date: new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(code.expiresAt)),
              })}
            </Text>
          </Group>
        )}
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        <Group>
          <Button variant="light" loading={busy} onClick={() => void newCode()}>
            {t('firstRun.hosted.newCode')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
