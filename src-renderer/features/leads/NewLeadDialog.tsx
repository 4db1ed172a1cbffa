import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { LANGUAGES, type Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { invoke, useMutation } from '../../lib/api';
import { useRouter } from '../../app/router';
import { useOffice, useUserName } from '../../app/office';
import { useSession } from '../../app/session';
import { isManager } from '~shared/domain/roles';
import { assignableUsers } from './assignees';
import { ProgramInput } from '../../components/ProgramInput';
import { StatusBadge } from '../../components/StatusBadge';
import { fullName } from '../../components/LeadName';
import { TONE } from '../../app/theme';
import { roleTitle } from '../../lib/roleTitle';

export interface LeadFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  language: string | null;
  city: string;
  country: string;
  programOfInterest: string;
  notes: string;
  source: 'manual' | 'referral';
  /** « La personne a consenti … » ticked: recorded with the words shown (issue 14, point 5). */
  consent: boolean;
  /** Chosen by an admin or director; a counselor's or the secretary's lead is hers. */
  assigneeId: string | null;
}

export const EMPTY_LEAD_FORM: LeadFormValues = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  language: null,
  city: '',
  country: '',
  programOfInterest: '',
  notes: '',
  source: 'manual',
  consent: false,
  assigneeId: null,
};

/** What the user had typed, read back from a refused lead.create (the redo of issue 5). */
export function leadFormFrom(args: unknown): LeadFormValues {
  const a = (args ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  return {
    firstName: text('firstName'),
    lastName: text('lastName'),
    email: text('email'),
    phone: text('phone'),
    language: typeof a.language === 'string' ? a.language : null,
    city: text('city'),
    country: text('country'),
    programOfInterest: text('programOfInterest'),
    notes: text('notes'),
    source: a.source === 'referral' ? 'referral' : 'manual',
    consent: a.consent === true,
    assigneeId: typeof a.assigneeId === 'string' ? a.assigneeId : null,
  };
}

const DUPLICATE_DEBOUNCE_MS = 350;

/** A lead typed by hand; warns of duplicates (same phone or e-mail as an open lead) before saving. */
export function NewLeadDialog({
  opened,
  prefill,
  onClose,
  onCreated,
}: {
  opened: boolean;
  prefill?: unknown;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const userName = useUserName();
  const { users } = useOffice();
  const { actor } = useSession();
  // Admins and directors choose who works the lead (or nobody yet); anyone else works what she typed.
  const chooses = actor.role !== 'system' && isManager(actor.role);
  const { run, running } = useMutation();
  const [values, setValues] = useState<LeadFormValues>(EMPTY_LEAD_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<Lead[]>([]);
  const [createAnyway, setCreateAnyway] = useState(false);
  const [contact] = useDebouncedValue(`${values.email.trim()}\n${values.phone.trim()}`, DUPLICATE_DEBOUNCE_MS);

  useEffect(() => {
    if (!opened) return;
    setValues(prefill !== undefined ? leadFormFrom(prefill) : EMPTY_LEAD_FORM);
    setErrors({});
    setFailure(null);
    setCreateAnyway(false);
  }, [opened, prefill]);

  useEffect(() => {
    if (!opened) return;
    const [email = '', phone = ''] = contact.split('\n');
    if (email === '' && phone === '') {
      setDuplicates([]);
      return;
    }
    let current = true;
    void invoke('leads:duplicates', { email: email || null, phone: phone || null }).then((r) => {
      if (current) setDuplicates(r.ok ? r.value : []);
    });
    return () => {
      current = false;
    };
  }, [contact, opened]);

  const set = (field: keyof LeadFormValues) => (value: string | null) => {
    setValues((v) => ({ ...v, [field]: value ?? '' }));
    setErrors((e) => ({ ...e, [field]: '' }));
    if (field === 'email' || field === 'phone') setCreateAnyway(false);
  };

  // The rules of lead.create (a last name, an e-mail that can be an address…) are checked once,
  // by the mutation itself: its refusal names the fields, shown here under their inputs.
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (duplicates.length > 0 && !createAnyway) {
      setCreateAnyway(true);
      return;
    }
    const id = newId();
    const outcome = await run('lead.create', {
      id,
      firstName: values.firstName,
      lastName: values.lastName,
      email: values.email,
      phone: values.phone,
      language: (values.language as Lead['language']) ?? null,
      city: values.city,
      country: values.country,
      programOfInterest: values.programOfInterest,
      notes: values.notes,
      source: values.source,
      consent: values.consent,
      // The consent's record keeps the exact words the user saw beside the box.
      consentWording: values.consent ? t('leadForm.consent') : null,
      assigneeId: chooses ? values.assigneeId : actor.id,
    });
    if (!outcome.ok) {
      const fields = outcome.error.fields ?? {};
      setErrors(fields);
      // Said under each input already, unless a field has no input here (then the whole message).
      const named = Object.keys(fields);
      const inputs = Object.keys(EMPTY_LEAD_FORM).filter((field) => chooses || field !== 'assigneeId');
      setFailure(named.length > 0 && named.every((field) => inputs.includes(field)) ? null : outcome.error.message);
      return;
    }
    onClose();
    onCreated(id);
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('leadForm.newTitle')} size="lg">
      {/* The form never outgrows the window (the modal's 5dvh margins and its title): when the
          window is short (1280×720) and a duplicate warning long, the fields scroll and the
          warning and the buttons stay in view (issue 15, point 8). */}
      <form onSubmit={submit} noValidate style={{ display: 'flex', flexDirection: 'column', maxHeight: 'calc(90dvh - 96px)' }}>
        <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
          <div style={{ flex: '1 1 auto', minHeight: 96, overflowY: 'auto', paddingRight: 4 }}>
            <Stack gap="sm">
              {failure && (
                <Alert color="red" variant="light" role="alert">
                  {failure}
                </Alert>
              )}
              <SimpleGrid cols={2}>
                <TextInput label={t('leadForm.firstName')} value={values.firstName} onChange={(e) => set('firstName')(e.currentTarget.value)} error={errors.firstName} data-autofocus />
                <TextInput label={t('leadForm.lastName')} required value={values.lastName} onChange={(e) => set('lastName')(e.currentTarget.value)} error={errors.lastName} />
                <TextInput label={t('leadForm.email')} type="email" value={values.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errors.email} />
                <TextInput label={t('leadForm.phone')} type="tel" value={values.phone} onChange={(e) => set('phone')(e.currentTarget.value)} error={errors.phone} />
                <Select
                  label={t('leadForm.language')}
                  data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
                  value={values.language}
                  onChange={set('language')}
                  error={errors.language}
                  clearable
                />
                <Select
                  label={t('leadForm.source')}
                  data={[
                    { value: 'manual', label: t('leads.source.manual') },
                    { value: 'referral', label: t('leads.source.referral') },
                  ]}
                  value={values.source}
                  onChange={(v) => setValues((s) => ({ ...s, source: v === 'referral' ? 'referral' : 'manual' }))}
                  error={errors.source}
                  allowDeselect={false}
                />
                <TextInput label={t('leadForm.city')} value={values.city} onChange={(e) => set('city')(e.currentTarget.value)} error={errors.city} />
                <TextInput label={t('leadForm.country')} value={values.country} onChange={(e) => set('country')(e.currentTarget.value)} error={errors.country} />
              </SimpleGrid>
              <ProgramInput value={values.programOfInterest} onChange={set('programOfInterest')} error={errors.programOfInterest} />
              <Textarea label={t('leadForm.notes')} autosize minRows={2} maxRows={6} value={values.notes} onChange={(e) => set('notes')(e.currentTarget.value)} error={errors.notes} />
              <Checkbox
                label={t('leadForm.consent')}
                checked={values.consent}
                onChange={(e) => {
                  const consent = e.currentTarget.checked;
                  setValues((s) => ({ ...s, consent }));
                }}
              />
              {chooses ? (
                <Select
                  label={t('leadForm.assignee')}
                  placeholder={t('leadForm.assigneeNone')}
                  description={t('leadForm.assigneeHint')}
                  data={assignableUsers(users, actor).map((u) => ({ value: u.id, label: `${u.name} — ${roleTitle(t, u)}` }))}
                  value={values.assigneeId}
                  onChange={(v) => setValues((s) => ({ ...s, assigneeId: v }))}
                  error={errors.assigneeId}
                  clearable
                  searchable
                  nothingFoundMessage={t('common.nothingFound')}
                />
              ) : (
                <Text size="sm" c="dimmed" data-testid="new-lead-owner">
                  {t('leadForm.assigneeSelf')}
                </Text>
              )}
            </Stack>
          </div>

          {duplicates.length > 0 && (
            <Alert color="orange" variant="light" title={t('leadForm.duplicatesTitle', { count: duplicates.length })} role="status" style={{ flex: 'none' }}>
              <Text size="sm" mb={6}>
                {t('leadForm.duplicatesHint')}
              </Text>
              {/* Many matches scroll inside the warning: the save button stays in the dialog (issue 15, point 8). */}
              <div style={{ maxHeight: 96, overflowY: 'auto' }}>
                <Stack gap={6} data-testid="duplicate-list">
                  {duplicates.map((d) => (
                    <Group key={d.id} gap="sm" wrap="nowrap">
                      <Anchor
                        component="button"
                        type="button"
                        fw={600}
                        style={{ flex: 'none', whiteSpace: 'nowrap' }}
                        onClick={() => {
                          onClose();
                          navigate({ name: 'lead', id: d.id });
                        }}
                      >
                        {fullName(d) || t('common.unnamed')}
                      </Anchor>
                      <StatusBadge status={d.status} size="sm" style={{ flex: 'none' }} />
                      <Text size="sm" c="dimmed" truncate style={{ minWidth: 0 }}>
                        {[d.email, d.phoneRaw, userName(d.assigneeId)].filter(Boolean).join(' · ')}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </div>
            </Alert>
          )}

          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {duplicates.length > 0 ? t('leadForm.skip') : t('common.cancel')}
            </Button>
            <Button type="submit" loading={running} color={createAnyway ? TONE.warning : undefined}>
              {createAnyway ? t('leadForm.createAnyway') : t('leadForm.create')}
            </Button>
          </Group>
          {createAnyway && (
            <Text size="sm" c={TONE.warning} ta="right" role="status">
              {t('leadForm.confirmAnyway')}
            </Text>
          )}
        </Stack>
      </form>
    </Modal>
  );
}
