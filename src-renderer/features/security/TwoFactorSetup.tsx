import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Code, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import type { TwoFactorSetupAnswer } from '~shared/contract/auth';
import { invoke } from '../../lib/api';
import { QrCode } from './QrCode';
import { secretGroups } from './secretGroups';

/**
 * Turning the second factor on (issue 14, point 3): a new secret from the office server, drawn as
 * a QR code here and written in groups to type by hand, then the app's first code. Answers the
 * ten recovery codes to show once. The secret lives in this component's state only.
 */
export function TwoFactorSetup({ onEnabled }: { onEnabled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<TwoFactorSetupAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);

  // Asked once per component, even when React mounts it twice in development: each set-up
  // replaces the server's pending secret, so a second one would make the QR code shown go stale.
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void invoke('twoFactor:setup', {}).then((result) => {
      if (result.ok) setSetup(result.value);
      else setFailure(result.error.message);
    });
  }, []);

  async function enable(event: FormEvent) {
    event.preventDefault();
    setCodeError(null);
    setFailure(null);
    if (code.trim() === '') {
      setCodeError(t('login.codeRequired'));
      return;
    }
    setBusy(true);
    const result = await invoke('twoFactor:enable', { code: code.trim() });
    setBusy(false);
    if (result.ok) {
      onEnabled(result.value.recoveryCodes);
      return;
    }
    setCode('');
    if (result.error.code === 'invalid_second_factor') setCodeError(result.error.message);
    else setFailure(result.error.message);
    codeField.current?.focus();
  }

  if (setup === null) {
    return failure ? (
      <Alert color="red" variant="light" role="alert">
        {failure}
      </Alert>
    ) : (
      <Loader size="sm" aria-label={t('common.loading')} />
    );
  }
  return (
    <form onSubmit={enable} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('twoFactor.scan')}</Text>
        <Group justify="center">
          <QrCode value={setup.uri} alt={t('twoFactor.qrAlt')} />
        </Group>
        <Text size="sm">{t('twoFactor.manual')}</Text>
        {/* Wrapped at the groups' spaces: a 32-character key does not fit the dialog on one line. */}
        <Code block fz="lg" ta="center" data-testid="two-factor-secret" style={{ whiteSpace: 'normal', wordSpacing: '0.4em' }}>
          {secretGroups(setup.secret)}
        </Code>
        <Text size="sm">{t('twoFactor.confirm')}</Text>
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          ref={codeField}
          label={t('twoFactor.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={20}
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value);
            setCodeError(null);
          }}
          error={codeError}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('twoFactor.enable')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
