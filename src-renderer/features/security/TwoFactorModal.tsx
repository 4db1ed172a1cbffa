import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Divider, Group, Loader, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import type { TwoFactorStatusAnswer } from '~shared/contract/auth';
import { invoke } from '../../lib/api';
import { RecoveryCodes } from './RecoveryCodes';
import { TwoFactorSetup } from './TwoFactorSetup';

type Step = { kind: 'status' } | { kind: 'setup' } | { kind: 'codes'; codes: string[] } | { kind: 'password'; action: 'regenerate' | 'disable' };

/**
 * The user's own « Validation en deux étapes » (issue 14, point 3), from the account menu: its
 * state, turning it on, ten new recovery codes, turning it off — the last two ask for the
 * password again, as a session left open on a workstation does not prove who is there.
 */
export function TwoFactorModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TwoFactorStatusAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'status' });
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const result = await invoke('twoFactor:status', {});
    if (result.ok) setStatus(result.value);
    else setFailure(result.error.message);
  }, []);

  useEffect(() => {
    if (!opened) return;
    setStep({ kind: 'status' });
    setStatus(null);
    setFailure(null);
    void load();
  }, [opened, load]);

  async function confirmPassword(event: FormEvent) {
    event.preventDefault();
    if (step.kind !== 'password') return;
    setBusy(true);
    setPasswordError(null);
    const result =
      step.action === 'regenerate' ? await invoke('twoFactor:recoveryCodes', { password }) : await invoke('twoFactor:disable', { password });
    setBusy(false);
    setPassword('');
    if (!result.ok) {
      setPasswordError(result.error.fields?.password ?? result.error.message);
      return;
    }
    if ('recoveryCodes' in result.value) setStep({ kind: 'codes', codes: result.value.recoveryCodes });
    else setStep({ kind: 'status' });
    void load();
  }

  const askPassword = (action: 'regenerate' | 'disable') => {
    setPassword('');
    setPasswordError(null);
    setStep({ kind: 'password', action });
  };

  const close = () => {
    // The codes are shown once: closing the dialog is the user's « noted ».
    setStep({ kind: 'status' });
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('twoFactor.title')} size="md">
      {step.kind === 'setup' ? (
        <TwoFactorSetup
          onEnabled={(codes) => {
            setStep({ kind: 'codes', codes });
            void load();
          }}
        />
      ) : step.kind === 'codes' ? (
        <RecoveryCodes codes={step.codes} onDone={() => setStep({ kind: 'status' })} />
      ) : step.kind === 'password' ? (
        <form onSubmit={confirmPassword} noValidate>
          <Stack gap="md">
            <Text size="sm">{step.action === 'regenerate' ? t('twoFactor.regenerateExplain') : t('twoFactor.turnOffExplain')}</Text>
            <PasswordInput
              label={t('twoFactor.password')}
              description={t('twoFactor.passwordHint')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={passwordError}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setStep({ kind: 'status' })}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} color={step.action === 'disable' ? 'red.9' : undefined}>
                {step.action === 'regenerate' ? t('twoFactor.regenerate') : t('twoFactor.turnOff')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('twoFactor.explain')}</Text>
          {failure && (
            <Alert color="red" variant="light" role="alert" title={t('twoFactor.loadFailed')}>
              {failure}
            </Alert>
          )}
          {status === null && !failure && <Loader size="sm" aria-label={t('common.loading')} />}
          {status !== null && (
            <>
              <Alert color={status.enabled ? 'green' : 'gray'} variant="light" role="status">
                {status.enabled ? t('twoFactor.statusOn', { count: status.recoveryCodesLeft }) : t('twoFactor.statusOff')}
              </Alert>
              {status.required && <Text size="sm">{t('twoFactor.required')}</Text>}
              <Divider />
              {status.enabled ? (
                <Group justify="space-between">
                  <Button variant="default" onClick={() => askPassword('regenerate')}>
                    {t('twoFactor.regenerate')}
                  </Button>
                  {!status.required && (
                    <Button variant="subtle" color="red.9" onClick={() => askPassword('disable')}>
                      {t('twoFactor.turnOff')}
                    </Button>
                  )}
                </Group>
              ) : (
                <Group justify="flex-end">
                  <Button onClick={() => setStep({ kind: 'setup' })}>{t('twoFactor.turnOn')}</Button>
                </Group>
              )}
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
