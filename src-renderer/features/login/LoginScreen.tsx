import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Center, Flex, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { DemoOffice, Session } from '~shared/contract/ipc';
import { invoke } from '../../lib/api';
import { saveLanguage, UI_LANGUAGES } from '../../lib/i18n';
import { DemoAccounts } from './DemoAccounts';
import { isHttpUrl, validateLogin, type LoginErrors, type LoginValues } from './validateLogin';

interface Props {
  defaults: { serverUrl: string; email: string };
  /** The session ended (401): the changes waiting in the outbox are kept, the user signs in again. */
  expired: boolean;
  pending: number;
  onSignedIn: (session: Session) => void;
  /** The office this workstation has just joined (« Rejoindre un bureau »), when its code named it. */
  joinedOffice?: string | null;
}

export function LoginScreen({ defaults, expired, pending, onSignedIn, joinedOffice = null }: Props) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<LoginValues>({ serverUrl: defaults.serverUrl, email: defaults.email, password: '' });
  const [errors, setErrors] = useState<LoginErrors>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /**
   * The password was right and the account has a second factor (issue 14, point 3): the screen
   * asks for its code, and sends the three again. The password stays in memory meanwhile.
   */
  const [codeStep, setCodeStep] = useState(false);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const emailField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  /** The demo office's accounts, for the address they were asked of (issue 15, point 2). */
  const [demo, setDemo] = useState<{ serverUrl: string; office: DemoOffice } | null>(null);
  const demoAsked = useRef(0);

  useEffect(() => {
    // Focus where there is something to type: the password when the rest is known.
    (defaults.serverUrl && defaults.email ? passwordField : defaults.serverUrl ? emailField : firstField).current?.focus();
  }, [defaults.serverUrl, defaults.email]);

  // Asked when the address is known: at start (the installer's or the last one) and when the
  // field is left. A real office, or none, answers null and the card stays away.
  const askDemo = useCallback(async (typed: string) => {
    const serverUrl = typed.trim();
    if (!isHttpUrl(serverUrl)) return;
    const ticket = ++demoAsked.current;
    const result = await invoke('session:demo', { serverUrl });
    if (ticket !== demoAsked.current) return;
    setDemo(result.ok && result.value !== null && result.value.accounts.length > 0 ? { serverUrl, office: result.value } : null);
  }, []);

  useEffect(() => {
    void askDemo(defaults.serverUrl);
  }, [askDemo, defaults.serverUrl]);

  function chooseDemoAccount(email: string, password: string) {
    setValues((v) => ({ ...v, email, password }));
    setErrors((e) => ({ ...e, email: undefined, password: undefined }));
    // The user still signs in: Enter (or a click) on « Se connecter ».
    submitButton.current?.focus();
  }

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
    setCodeError(null);
    if (Object.keys(found).length > 0) return;
    if (codeStep && code.trim() === '') {
      setCodeError(t('login.codeRequired'));
      codeField.current?.focus();
      return;
    }
    setBusy(true);
    const result = await invoke('session:login', {
      serverUrl: values.serverUrl.trim(),
      email: values.email.trim(),
      password: values.password,
      ...(codeStep ? { code: code.trim() } : {}),
    });
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.value);
      return;
    }
    if (result.error.code === 'second_factor_required') {
      setCodeStep(true);
      setCode('');
      requestAnimationFrame(() => codeField.current?.focus());
      return;
    }
    setServerFields(result.error.fields ?? {});
    setFailure(result.error.message);
    if (codeStep && result.error.code === 'invalid_second_factor') {
      setCode('');
      codeField.current?.focus();
      return;
    }
    // A wrong password, a lock, an unreachable server: back to the first step.
    setCodeStep(false);
    setCode('');
    setValues((v) => ({ ...v, password: '' }));
    passwordField.current?.focus();
  }

  function leaveCodeStep() {
    setCodeStep(false);
    setCode('');
    setCodeError(null);
    setFailure(null);
    setValues((v) => ({ ...v, password: '' }));
    requestAnimationFrame(() => passwordField.current?.focus());
  }

  const fieldError = (field: keyof LoginValues) => {
    const code = errors[field];
    return code ? t(`login.errors.${code}`) : serverFields[field];
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      {/* The demo card sits beside the form on a wide screen, below it on a narrow one. */}
      <Flex component="main" gap="md" maw="100%" direction={{ base: 'column', md: 'row' }} align={{ base: 'stretch', md: 'flex-start' }}>
        <Paper withBorder shadow="sm" radius="lg" p="xl" w={420} maw="100%">
          <form onSubmit={submit} noValidate aria-labelledby="login-title">
            <Stack gap="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div>
                  <Title id="login-title" order={1} size="h2">
                    {t('app.name')}
                  </Title>
                  <Text c="dimmed" size="sm">
                    {t('login.subtitle')}
                  </Text>
                </div>
                {/* The account menu's switch, here too: the choice is remembered the same way. */}
                <Group gap={4} role="group" aria-label={t('user.language')} wrap="nowrap">
                  {UI_LANGUAGES.map((lng) => (
                    <Button
                      key={lng}
                      size="compact-xs"
                      variant={i18n.language === lng ? 'light' : 'subtle'}
                      color={i18n.language === lng ? undefined : 'gray'}
                      aria-pressed={i18n.language === lng}
                      lang={lng}
                      onClick={() => saveLanguage(i18n, lng)}
                    >
                      {t(`user.languages.${lng}`)}
                    </Button>
                  ))}
                </Group>
              </Group>
              {expired && (
                <Alert color="yellow" variant="light" title={t('login.expiredTitle')} role="status">
                  {pending > 0 ? t('login.expiredPending', { count: pending }) : t('login.expired')}
                </Alert>
              )}
              {joinedOffice && (
                <Alert color="green" variant="light" role="status">
                  {t('firstRun.join.found', { name: joinedOffice })}
                </Alert>
              )}
              {failure && (
                <Alert color="red" variant="light" role="alert" title={t('login.failedTitle')}>
                  {failure}
                </Alert>
              )}
              {codeStep ? (
                <>
                  <div>
                    <Title order={2} size="h4">
                      {t('login.codeTitle')}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {t('login.codeExplain')}
                    </Text>
                  </div>
                  <TextInput
                    ref={codeField}
                    label={t('login.code')}
                    description={t('login.codeHint')}
                    autoComplete="one-time-code"
                    inputMode="text"
                    maxLength={20}
                    required
                    value={code}
                    onChange={(e) => {
                      setCode(e.currentTarget.value);
                      setCodeError(null);
                    }}
                    error={codeError}
                  />
                  <Button ref={submitButton} type="submit" loading={busy} fullWidth size="md">
                    {t('login.codeSubmit')}
                  </Button>
                  <Button variant="subtle" onClick={leaveCodeStep} disabled={busy}>
                    {t('login.codeBack')}
                  </Button>
                </>
              ) : (
                <>
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
                    onBlur={(e) => void askDemo(e.currentTarget.value)}
                    error={fieldError('serverUrl')}
                  />
                  <TextInput
                    ref={emailField}
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
                  <Button ref={submitButton} type="submit" loading={busy} fullWidth size="md">
                    {t('login.submit')}
                  </Button>
                </>
              )}
            </Stack>
          </form>
        </Paper>
        {demo !== null && demo.serverUrl === values.serverUrl.trim() && <DemoAccounts office={demo.office} onChoose={chooseDemoAccount} />}
      </Flex>
    </Center>
  );
}
