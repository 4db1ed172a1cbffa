import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Session } from '../../../src-shared/contract/ipc';
import { invoke } from '../../lib/api';
import { validateLogin, type LoginErrors, type LoginValues } from './validateLogin';

interface Props {
  defaults: { serverUrl: string; email: string };
  /** The session ended (401): the changes waiting in the outbox are kept, the user signs in again. */
  expired: boolean;
  pending: number;
  onSignedIn: (session: Session) => void;
}

export function LoginScreen({ defaults, expired, pending, onSignedIn }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<LoginValues>({ serverUrl: defaults.serverUrl, email: defaults.email, password: '' });
  const [errors, setErrors] = useState<LoginErrors>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Focus where there is something to type: the password when the rest is known.
    (defaults.serverUrl && defaults.email ? passwordField : firstField).current?.focus();
  }, [defaults.serverUrl, defaults.email]);

  const set = (field: keyof LoginValues) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateLogin(values);
    setErrors(found);
    setServerFields({});
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await invoke('session:login', {
      serverUrl: values.serverUrl.trim(),
      email: values.email.trim(),
      password: values.password,
    });
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.value);
      return;
    }
    setServerFields(result.error.fields ?? {});
    setFailure(result.error.message);
    setValues((v) => ({ ...v, password: '' }));
    passwordField.current?.focus();
  }

  const fieldError = (field: keyof LoginValues) => {
    const code = errors[field];
    return code ? t(`login.errors.${code}`) : serverFields[field];
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="main" withBorder shadow="sm" radius="lg" p="xl" w={420} maw="100%">
        <form onSubmit={submit} noValidate aria-labelledby="login-title">
          <Stack gap="md">
            <div>
              <Title id="login-title" order={1} size="h2">
                {t('app.name')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('login.subtitle')}
              </Text>
            </div>
            {expired && (
              <Alert color="yellow" variant="light" title={t('login.expiredTitle')} role="status">
                {pending > 0 ? t('login.expiredPending', { count: pending }) : t('login.expired')}
              </Alert>
            )}
            {failure && (
              <Alert color="red" variant="light" role="alert" title={t('login.failedTitle')}>
                {failure}
              </Alert>
            )}
            <TextInput
              ref={firstField}
              label={t('login.serverUrl')}
              description={t('login.serverUrlHint')}
              placeholder="https://bureau.exemple.ca"
              type="url"
              autoComplete="url"
              required
              value={values.serverUrl}
              onChange={(e) => set('serverUrl')(e.currentTarget.value)}
              error={fieldError('serverUrl')}
            />
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              value={values.email}
              onChange={(e) => set('email')(e.currentTarget.value)}
              error={fieldError('email')}
            />
            <PasswordInput
              ref={passwordField}
              label={t('login.password')}
              autoComplete="current-password"
              required
              value={values.password}
              onChange={(e) => set('password')(e.currentTarget.value)}
              error={fieldError('password')}
            />
            <Button type="submit" loading={busy} fullWidth size="md">
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
