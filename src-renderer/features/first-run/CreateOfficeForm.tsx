import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Divider, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { OfficeCreated } from '~shared/contract/office';
import { passwordProblem } from '~shared/domain/password';
import { invoke } from '../../lib/api';

// « Créer le bureau sur ce poste »: the office's name and its first administrator. The office
// server starts here, on this workstation, and keeps the office's data.

interface Values {
  officeName: string;
  name: string;
  email: string;
  password: string;
  confirm: string;
}
type Errors = Partial<Record<keyof Values, string>>;

export function CreateOfficeForm({ onBack, onCreated }: { onBack: () => void; onCreated: (created: OfficeCreated, email: string, password: string) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>({ officeName: '', name: '', email: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof Values) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  function check(): Errors {
    const found: Errors = {};
    if (values.officeName.trim() === '') found.officeName = t('firstRun.create.errors.officeName');
    if (values.name.trim() === '') found.name = t('firstRun.create.errors.name');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) found.email = t('firstRun.create.errors.email');
    const problem = passwordProblem(values.password);
    if (problem !== null) found.password = problem;
    else if (values.confirm !== values.password) found.confirm = t('firstRun.create.errors.confirm');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await invoke('office:create', {
      officeName: values.officeName.trim(),
      admin: { name: values.name.trim(), email: values.email.trim(), password: values.password },
    });
    setBusy(false);
    if (result.ok) {
      onCreated(result.value, values.email.trim(), values.password);
      return;
    }
    // The administrator's fields come back as `admin.email`…, as the office server names them.
    setErrors(Object.fromEntries(Object.entries(result.error.fields ?? {}).map(([field, message]) => [field.replace(/^admin\./, ''), message])) as Errors);
    setFailure(result.error.message);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-office-title">
      <Stack gap="md">
        <div>
          <Title id="create-office-title" order={1} size="h3">
            {t('firstRun.create.title')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('firstRun.create.explain')}
          </Text>
        </div>
        {failure && (
          <Alert color="red" variant="light" role="alert" title={t('firstRun.create.failedTitle')}>
            {failure}
          </Alert>
        )}
        <TextInput
          label={t('firstRun.create.officeName')}
          description={t('firstRun.create.officeNameHint')}
          placeholder={t('firstRun.create.officeNamePlaceholder')}
          required
          autoFocus
          value={values.officeName}
          onChange={(e) => set('officeName')(e.currentTarget.value)}
          error={errors.officeName}
        />
        <Divider label={t('firstRun.create.adminSection')} labelPosition="left" mt="xs" />
        <TextInput label={t('firstRun.create.name')} required autoComplete="name" value={values.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errors.name} />
        <TextInput
          label={t('firstRun.create.email')}
          type="email"
          required
          autoComplete="username"
          value={values.email}
          onChange={(e) => set('email')(e.currentTarget.value)}
          error={errors.email}
        />
        <Group grow align="flex-start">
          <PasswordInput
            label={t('firstRun.create.password')}
            description={t('firstRun.create.passwordHint')}
            required
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => set('password')(e.currentTarget.value)}
            error={errors.password}
          />
          <PasswordInput
            label={t('firstRun.create.confirm')}
            description={' '}
            required
            autoComplete="new-password"
            value={values.confirm}
            onChange={(e) => set('confirm')(e.currentTarget.value)}
            error={errors.confirm}
          />
        </Group>
        <Group justify="space-between" mt="sm">
          <Button variant="subtle" color="gray" onClick={onBack} disabled={busy}>
            {t('firstRun.back')}
          </Button>
          <Button type="submit" loading={busy} size="md">
            {t('firstRun.create.submit')}
          </Button>
        </Group>
        {busy && (
          <Text size="sm" c="dimmed" role="status">
            {t('firstRun.create.starting')}
          </Text>
        )}
      </Stack>
    </form>
  );
}
