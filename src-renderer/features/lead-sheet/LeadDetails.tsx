import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { LANGUAGES, type Lead } from '~shared/domain/entities';
import type { MutationInput } from '~shared/domain/mutations/args';
import { useMutation } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { procedureName, useOffice, useUserName } from '../../app/office';
import { ProgramInput } from '../../components/ProgramInput';
import { procedureOf } from '../../components/programChoice';
import { Field } from '../../components/Field';
import { argsOf } from './dialogs/prefill';

const EDITABLE = ['firstName', 'lastName', 'email', 'phone', 'language', 'city', 'country', 'programOfInterest', 'notes'] as const;
type Editable = (typeof EDITABLE)[number];
type Form = Record<Editable, string>;

function formOf(lead: Lead): Form {
  return {
    firstName: lead.firstName,
    lastName: lead.lastName,
    email: lead.email ?? '',
    phone: lead.phoneRaw ?? lead.phoneE164 ?? '',
    language: lead.language ?? '',
    city: lead.city ?? '',
    country: lead.country ?? '',
    programOfInterest: lead.programOfInterest ?? '',
    notes: lead.notes ?? '',
  };
}

/** The lead's contact details; whoever may edit them (permissions.md) gets a form. */
export function LeadDetails({
  lead,
  editable,
  prefill,
  onSaved,
}: {
  lead: Lead;
  editable: boolean;
  /** A refused lead.update: the form opens with the patch the user had sent. */
  prefill?: unknown;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const { procedures } = useOffice();
  const program = procedureOf(lead.programOfInterest, procedures);
  const { run, running } = useMutation();
  const [editing, setEditing] = useState(prefill !== undefined);
  const [form, setForm] = useState<Form>(() => formOf(lead));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (prefill === undefined) return;
    const patch = argsOf(argsOf(prefill).patch);
    setForm((f) => {
      const next = { ...f };
      for (const k of EDITABLE) if (typeof patch[k] === 'string') next[k] = patch[k] as string;
      return next;
    });
    setEditing(true);
  }, [prefill]);

  // Another workstation changed the lead while this one only reads it: show the new values.
  useEffect(() => {
    if (!editing) setForm(formOf(lead));
  }, [lead, editing]);

  async function save(event: FormEvent) {
    event.preventDefault();
    // lead.update checks what was typed (a last name, an e-mail that can be an address); its
    // refusal names the fields, shown under their inputs.
    const original = formOf(lead);
    const patch: MutationInput<'lead.update'>['patch'] = {};
    for (const k of EDITABLE) {
      if (form[k] === original[k]) continue;
      if (k === 'language') patch.language = (form.language || null) as Lead['language'];
      else patch[k] = form[k];
    }
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    const outcome = await run('lead.update', { id: lead.id, patch });
    if (!outcome.ok) {
      const fields = outcome.error.fields ?? {};
      setErrors(fields);
      // Said under each input already, unless a field has no input here (then the whole message).
      const named = Object.keys(fields);
      setFailure(named.length > 0 && named.every((field) => (EDITABLE as readonly string[]).includes(field)) ? null : outcome.error.message);
      return;
    }
    setFailure(null);
    setErrors({});
    setEditing(false);
    onSaved();
  }

  if (!editing) {
    return (
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label={t('leadForm.email')} value={lead.email ?? ''} />
          <Field label={t('leadForm.phone')} value={format.phone(lead.phoneE164, lead.phoneRaw)} />
          <Field label={t('leadForm.language')} value={lead.language ? t(`language.${lead.language}`) : ''} />
          <Field label={t('leadForm.city')} value={[lead.city, lead.country].filter(Boolean).join(', ')} />
          <Field label={t('leadForm.program')} value={program ? procedureName(program, i18n.language) : (lead.programOfInterest ?? '')} />
          <Field label={t('leadForm.source')} value={t(`leads.source.${lead.source}`)} />
          <Field label={t('sheet.assignee')} value={lead.assigneeId ? userName(lead.assigneeId) : t('leads.unassigned')} />
          <Field label={t('sheet.created')} value={format.dateTime(lead.createdAt)} />
          {lead.callbackAt && <Field label={t('contact.callbackAt')} value={format.longDateTime(lead.callbackAt)} />}
          {(lead.utmSource || lead.utmCampaign) && <Field label={t('sheet.campaign')} value={[lead.utmSource, lead.utmMedium, lead.utmCampaign].filter(Boolean).join(' / ')} />}
        </SimpleGrid>
        {lead.notes && <Field label={t('leadForm.notes')} value={lead.notes} />}
        {editable && (
          <Group>
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              {t('sheet.editDetails')}
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  const input = (k: Exclude<Editable, 'language' | 'notes' | 'programOfInterest'>, label: string, type = 'text') => (
    <TextInput label={label} type={type} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.currentTarget.value })} error={errors[k]} required={k === 'lastName'} />
  );
  return (
    <form onSubmit={save} noValidate>
      <Stack gap="sm">
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {input('firstName', t('leadForm.firstName'))}
          {input('lastName', t('leadForm.lastName'))}
          {input('email', t('leadForm.email'), 'email')}
          {input('phone', t('leadForm.phone'), 'tel')}
          <Select
            label={t('leadForm.language')}
            data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
            value={form.language || null}
            onChange={(v) => setForm({ ...form, language: v ?? '' })}
            error={errors.language}
            clearable
          />
          <ProgramInput value={form.programOfInterest} onChange={(text) => setForm({ ...form, programOfInterest: text })} error={errors.programOfInterest} />
          {input('city', t('leadForm.city'))}
          {input('country', t('leadForm.country'))}
        </SimpleGrid>
        <Textarea label={t('leadForm.notes')} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })} autosize minRows={2} error={errors.notes} />
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setForm(formOf(lead));
              setErrors({});
              setFailure(null);
              setEditing(false);
            }}
          >
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={running}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
