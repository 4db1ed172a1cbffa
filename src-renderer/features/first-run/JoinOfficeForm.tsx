import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { Fingerprint } from '../../components/Fingerprint';
import { invoke } from '../../lib/api';

// « Rejoindre un bureau »: the address the hosting workstation shows, and its one-time code.
// The workstation checks that a Bureau office answers there before anyone types a password, and
// first shows the fingerprint of the certificate it presents: the person compares it with the
// hosting workstation's before it is pinned (issue 14, point 2).

export function JoinOfficeForm({ onBack, onJoined }: { onBack: () => void; onJoined: (serverUrl: string, officeName: string | null) => void }) {
  const { t } = useTranslation();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ serverUrl?: string; code?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The fingerprint shown for confirmation, once the office's certificate was read. */
  const [toConfirm, setToConfirm] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (serverUrl.trim() === '') {
      setErrors({ serverUrl: t('firstRun.join.errors.address') });
      return;
    }
    setErrors({});
    setBusy(true);
    const probe = await invoke('office:probe', { serverUrl: serverUrl.trim() });
    setBusy(false);
    if (!probe.ok) {
      refused(probe.error);
      return;
    }
    if (probe.value.fingerprint === null) await join(undefined);
    else setToConfirm(probe.value.fingerprint);
  }

  async function join(fingerprint: string | undefined) {
    setBusy(true);
    const result = await invoke('office:join', { serverUrl: serverUrl.trim(), code: code.trim() === '' ? undefined : code.trim(), fingerprint });
    setBusy(false);
    setToConfirm(null);
    if (result.ok) {
      onJoined(result.value.serverUrl, result.value.officeName);
      return;
    }
    refused(result.error);
  }

  function refused(error: { message: string; fields?: Record<string, string> }) {
    const fields = error.fields ?? {};
    setErrors({ serverUrl: fields.serverUrl, code: fields.code });
    if (!fields.serverUrl && !fields.code) setFailure(error.message);
  }

  if (toConfirm !== null) {
    return (
      <Stack gap="md" aria-labelledby="join-confirm-title">
        <Title id="join-confirm-title" order={1} size="h3">
          {t('firstRun.join.confirmTitle')}
        </Title>
        <Text size="sm">{t('firstRun.join.confirmExplain')}</Text>
        <Alert variant="light" color="blue">
          <Fingerprint value={toConfirm} testId="join-fingerprint" />
        </Alert>
        <Group justify="space-between" mt="sm">
          <Button variant="subtle" color="gray" onClick={() => setToConfirm(null)} disabled={busy}>
            {t('firstRun.join.cancelConfirm')}
          </Button>
          <Button loading={busy} size="md" onClick={() => void join(toConfirm)}>
            {t('firstRun.join.confirm')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="join-office-title">
      <Stack gap="md">
        <div>
          <Title id="join-office-title" order={1} size="h3">
            {t('firstRun.join.title')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('firstRun.join.explain')}
          </Text>
        </div>
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          label={t('firstRun.join.address')}
          description={t('firstRun.join.addressHint')}
          placeholder="192.168.1.20:8787"
          required
          autoFocus
          value={serverUrl}
          onChange={(e) => {
            setServerUrl(e.currentTarget.value);
            setErrors((x) => ({ ...x, serverUrl: undefined }));
          }}
          error={errors.serverUrl}
        />
        <TextInput
          label={t('firstRun.join.code')}
          description={t('firstRun.join.codeHint')}
          placeholder="K7QF-2MZD"
          autoComplete="off"
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value);
            setErrors((x) => ({ ...x, code: undefined }));
          }}
          error={errors.code}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.08em' } }}
        />
        <Group justify="space-between" mt="sm">
          <Button variant="subtle" color="gray" onClick={onBack} disabled={busy}>
            {t('firstRun.back')}
          </Button>
          <Button type="submit" loading={busy} size="md">
            {t('firstRun.join.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
