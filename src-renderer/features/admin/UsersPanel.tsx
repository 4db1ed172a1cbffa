import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { User } from '~shared/domain/entities';
import { PASSWORD_MIN_LENGTH } from '~shared/domain/password';
import { ROLES, TITLE_FORMS, type Role, type TitleForm } from '~shared/domain/roles';
import { roleTitle } from '../../lib/roleTitle';
import { invoke } from '../../lib/api';
import { useOffice } from '../../app/office';
import { useFormat } from '../../lib/useFormat';
import { DialogFooter } from '../../components/DialogFooter';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '../../components/icons';
import { RecordTable, RowAction } from '../../components/RecordTable';
import { ActiveBadge } from '../../components/StateBadge';

interface AccountForm {
  /** null: a new account. */
  id: string | null;
  name: string;
  email: string;
  role: Role | null;
  /** « Directrice » or « Directeur »; null: the role's usual word. */
  titleForm: TitleForm | null;
  active: boolean;
  /** New accounts: the first password; existing ones: a new password, or '' to keep it. */
  password: string;
  /** Whether the account was active when the dialog opened (deactivation asks to confirm). */
  wasActive: boolean;
}

/** The fields this form has an input for. */
const ACCOUNT_INPUTS: readonly string[] = ['name', 'email', 'role', 'titleForm', 'password', 'active'];

const EMPTY: AccountForm = { id: null, name: '', email: '', role: null, titleForm: null, active: true, password: '', wasActive: true };
/** The title select's value for « as the role says ». */
const USUAL = 'usual';

/**
 * The office's people (admins). Accounts live on the office server, so creating or changing one
 * goes to it at once (users:create, users:update) and needs it reachable; the list itself is what
 * sync brought, and updates when the new row arrives.
 */
export function UsersPanel() {
  const { t } = useTranslation();
  const { users } = useOffice();
  const format = useFormat();
  const [form, setForm] = useState<AccountForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  /** The account whose second factor the admin is about to reset (a lost phone; issue 14, point 3). */
  const [resetting, setResetting] = useState<User | null>(null);
  const [resetBusy, setResetBusy] = useState(false);
  const rows = [...users].filter((u) => !u.deletedAt).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'fr-CA'));
  const roles = ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));

  const open = (next: AccountForm) => {
    setErrors({});
    setFailure(null);
    setForm(next);
  };
  const edit = (u: User) => open({ id: u.id, name: u.name, email: u.email, role: u.role, titleForm: u.titleForm, active: u.active, password: '', wasActive: u.active });
  const deactivating = form !== null && form.id !== null && form.wasActive && !form.active;

  async function resetTwoFactor() {
    if (resetting === null) return;
    setResetBusy(true);
    const result = await invoke('twoFactor:reset', { userId: resetting.id });
    setResetBusy(false);
    const name = resetting.name;
    setResetting(null);
    notifications.show(result.ok ? { message: t('admin.users.resetDone', { name }), color: 'green' } : { message: result.error.message, color: 'red' });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setErrors({});
    setFailure(null);
    setSaving(true);
    // The account rules are the server's own (src-shared/contract/auth.ts), checked by the
    // contract before the request leaves: a role not chosen yet is refused there, under its select.
    const role = form.role as Role;
    const outcome =
      form.id === null
        ? await invoke('users:create', { name: form.name, email: form.email, role, titleForm: form.titleForm, password: form.password })
        : await invoke('users:update', {
            id: form.id,
            name: form.name,
            role,
            titleForm: form.titleForm,
            active: form.active,
            ...(form.password !== '' ? { password: form.password } : {}),
          });
    setSaving(false);
    if (!outcome.ok) {
      const fields = outcome.error.fields ?? {};
      setErrors(fields);
      // Said under each input already, unless a field has no input here (then the whole message).
      const named = Object.keys(fields);
      setFailure(named.length > 0 && named.every((field) => ACCOUNT_INPUTS.includes(field)) ? null : outcome.error.message);
      return;
    }
    setForm(null);
  }

  return (
    <>
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <Text size="sm" c="dimmed" maw={760}>
          {t('admin.users.explain')}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => open(EMPTY)}>
          {t('admin.users.new')}
        </Button>
      </Group>
      <RecordTable
        rows={rows}
        rowKey={(u) => u.id}
        columns={[
          { header: t('admin.users.name'), td: { fw: 500 }, cell: (u) => u.name },
          { header: t('admin.users.email'), cell: (u) => u.email },
          { header: t('admin.users.role'), cell: (u) => roleTitle(t, u) },
          { header: t('admin.users.state'), cell: (u) => <ActiveBadge active={u.active} activeLabel={t('admin.users.active')} inactiveLabel={t('admin.users.inactive')} /> },
          { header: t('admin.users.since'), cell: (u) => format.date(u.createdAt) },
          {
            td: { ta: 'right' },
            cell: (u) => (
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <RowAction onClick={() => edit(u)} label={t('admin.users.editName', { name: u.name })}>
                  {t('common.edit')}
                </RowAction>
                <RowAction color="gray" onClick={() => setResetting(u)} label={t('admin.users.resetTwoFactorOf', { name: u.name })}>
                  {t('admin.users.resetTwoFactor')}
                </RowAction>
              </Group>
            ),
          },
        ]}
      />
      <ConfirmModal
        opened={resetting !== null}
        title={t('admin.users.resetConfirmTitle')}
        message={resetting ? t('admin.users.resetConfirm', { name: resetting.name }) : ''}
        confirmLabel={t('admin.users.resetTwoFactor')}
        danger
        busy={resetBusy}
        onCancel={() => setResetting(null)}
        onConfirm={() => void resetTwoFactor()}
      />
      <Modal opened={form !== null} onClose={() => setForm(null)} title={form?.id === null ? t('admin.users.new') : t('admin.users.edit')}>
        {form && (
          <form onSubmit={save} noValidate>
            <Stack gap="sm">
              <TextInput label={t('admin.users.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} data-autofocus />
              <TextInput
                label={t('admin.users.email')}
                type="email"
                required={form.id === null}
                disabled={form.id !== null}
                description={form.id !== null ? t('admin.users.emailFixed') : undefined}
                value={form.email}
                onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
                error={errors.email}
              />
              <Select label={t('admin.users.role')} required data={roles} value={form.role} onChange={(value) => setForm({ ...form, role: (value as Role | null) ?? null })} error={errors.role} allowDeselect={false} />
              {form.role && (
                <Select
                  label={t('admin.users.titleForm')}
                  description={t('admin.users.titleFormHint')}
                  data={[
                    { value: USUAL, label: t('admin.users.titleFormUsual', { title: t(`role.${form.role}`) }) },
                    ...TITLE_FORMS.map((titleForm) => ({ value: titleForm, label: roleTitle(t, { role: form.role as Role, titleForm }) })),
                  ]}
                  value={form.titleForm ?? USUAL}
                  onChange={(value) => setForm({ ...form, titleForm: value === USUAL ? null : (value as TitleForm) })}
                  error={errors.titleForm}
                  allowDeselect={false}
                />
              )}
              <PasswordInput
                label={form.id === null ? t('admin.users.password') : t('admin.users.newPassword')}
                required={form.id === null}
                description={form.id === null ? t('admin.users.passwordHelp', { count: PASSWORD_MIN_LENGTH }) : t('admin.users.newPasswordHelp')}
                value={form.password}
                onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
                error={errors.password}
                autoComplete="new-password"
              />
              {form.id !== null && <Switch label={t('admin.users.activeLabel')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />}
              {deactivating && (
                <Alert color="orange" variant="light">
                  {t('admin.users.deactivateWarning', { name: form.name })}
                </Alert>
              )}
              <DialogFooter error={failure} onCancel={() => setForm(null)} submitLabel={form.id === null ? t('admin.users.create') : deactivating ? t('admin.users.deactivate') : t('common.save')} loading={saving} color={deactivating ? 'red' : undefined} />
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
