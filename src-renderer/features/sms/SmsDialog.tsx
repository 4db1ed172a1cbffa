import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Group, Modal, Select, Skeleton, Stack, Text, Textarea } from '@mantine/core';
import type { Appointment, SmsTemplate } from '~shared/domain/entities';
import { CONFIRMATION_TEMPLATE_KEY } from '~shared/domain/sms';
import { renderSmsForLead } from '~shared/domain/sms-render';
import { can } from '~shared/domain/permissions';
import { newId } from '~shared/ids';
import { useMutation, useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useSession } from '../../app/session';
import { useOffice } from '../../app/office';
import { fullName } from '../../components/LeadName';
import { DialogFooter } from '../../components/DialogFooter';
import { SegmentCount } from './SegmentCount';
import { unfilledPlaceholders } from './placeholders';

// The SMS dialog (issue 11, point 3): opened from the lead sheet, the day-before reminder and the
// calendar. It shows the template rendered in the lead's language, editable, with its segment
// count; what forbids sending (no provider, a number that answered STOP, no number, not the
// user's lead) is said before anyone types. Sending is sms.send: the server sends it and its
// state shows in the lead's history and on the sheet.

export interface SmsDialogProps {
  leadId: string;
  /** The appointment the SMS is about (the reminder's, the calendar's); else the lead's next one. */
  appointmentId?: string | null | undefined;
  opened: boolean;
  onClose: () => void;
  onSent?: (() => void) | undefined;
}

const MAX_BODY = 1600;

/** The appointment named, if it is this lead's; else the next scheduled one ahead. */
function appointmentFor(appointments: Appointment[], id: string | null | undefined, now: string): Appointment | null {
  const named = id ? appointments.find((a) => a.id === id && a.deletedAt === null) : undefined;
  if (named) return named;
  return (
    appointments
      .filter((a) => a.deletedAt === null && a.state === 'scheduled' && a.startsAt > now)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ?? null
  );
}

function defaultTemplate(templates: SmsTemplate[], withAppointment: boolean): SmsTemplate | null {
  const active = templates.filter((x) => x.active && x.deletedAt === null);
  return (withAppointment ? active.find((x) => x.key === CONFIRMATION_TEMPLATE_KEY) : undefined) ?? active[0] ?? null;
}

export function SmsDialog({ leadId, appointmentId, opened, onClose, onSent }: SmsDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { actor } = useSession();
  const { settings, usersById } = useOffice();
  const { run, running } = useMutation();
  const sheet = useQuery('leads:get', { id: leadId }, { tables: ['leads', 'appointments'], enabled: opened });
  const templates = useQuery('smsTemplates:list', {}, { tables: ['sms_templates'], enabled: opened });
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [openedAt, setOpenedAt] = useState(() => new Date().toISOString());
  /** The rendered text last put in the box; null: the next rendering replaces the box's text. */
  const applied = useRef<string | null>(null);

  const lead = sheet.data?.lead ?? null;
  const appointment = useMemo(() => appointmentFor(sheet.data?.appointments ?? [], appointmentId, openedAt), [sheet.data, appointmentId, openedAt]);
  const activeTemplates = (templates.data ?? []).filter((x) => x.active && x.deletedAt === null);
  const template = activeTemplates.find((x) => x.id === templateId) ?? null;
  const rendered = useMemo(() => {
    if (!lead || !settings || !template) return null;
    // {conseillere}: the appointment's host, else the lead's counselor.
    return renderSmsForLead({ template, lead, appointment, host: usersById.get(appointment?.hostId ?? lead.assigneeId ?? ''), settings });
  }, [lead, settings, template, appointment, usersById]);

  // Each opening starts from the template chosen for it; the text is the rendered template until
  // the user edits it, and changing the template rewrites it (an explicit choice). A sync that
  // changes the lead meanwhile never overwrites what the user typed.
  useEffect(() => {
    if (!opened) return;
    setOpenedAt(new Date().toISOString());
    setError(null);
    setTemplateId(null);
    setBody('');
    applied.current = null;
  }, [opened, leadId, appointmentId]);
  useEffect(() => {
    if (!opened || templateId !== null || !templates.data || !sheet.data) return;
    const chosen = defaultTemplate(templates.data, appointment !== null);
    if (chosen) setTemplateId(chosen.id);
  }, [opened, templateId, templates.data, sheet.data, appointment]);
  const renderedText = rendered?.text;
  useEffect(() => {
    if (renderedText === undefined) return;
    const previous = applied.current;
    setBody((current) => (previous === null || current === previous ? renderedText : current));
    applied.current = renderedText;
  }, [renderedText]);
  const chooseTemplate = (id: string | null) => {
    applied.current = null;
    setTemplateId(id);
  };

  const loading = sheet.loading || templates.loading || (opened && !sheet.data && !sheet.error);
  const name = lead ? fullName(lead) || t('common.unnamed') : '';
  const allowed =
    lead !== null &&
    can(actor, 'sms.send', { lead, ...(appointment ? { appointment: { hostId: appointment.hostId, bookedById: appointment.bookedById } } : {}) });
  const noProvider = (settings?.smsProvider ?? 'none') === 'none';
  const blocker: { title: string; text: string } | null = !lead
    ? null
    : !allowed
      ? { title: t('sheet.sendSms'), text: t('sms.notAllowed') }
      : lead.smsOptOutAt !== null
        ? { title: t('sms.optedOutTitle'), text: t('sms.optedOut', { when: format.dateTime(lead.smsOptOutAt) }) }
        : lead.phoneE164 === null
          ? { title: t('sms.noPhoneTitle'), text: t('sms.noPhone') }
          : null;
  const missing = unfilledPlaceholders(body);

  async function send() {
    if (!lead?.phoneE164) return;
    if (body.trim() === '') return setError(t('sms.empty'));
    if (body.length > MAX_BODY) return setError(t('sms.tooLong'));
    const outcome = await run('sms.send', {
      id: newId(),
      leadId: lead.id,
      appointmentId: appointment?.id ?? null,
      templateId: template?.id ?? null,
      to: lead.phoneE164,
      body,
    });
    if (!outcome.ok) return setError(outcome.error.message);
    onSent?.();
    onClose();
  }

  const title = lead ? t(appointment ? 'sms.titleConfirm' : 'sms.title', { name }) : t('sheet.sendSms');
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" data-testid="sms-dialog">
      {loading ? (
        <Stack>
          <Skeleton h={36} />
          <Skeleton h={140} />
        </Stack>
      ) : !lead ? (
        <Alert color="red" variant="light">
          {t('common.unknownLead')}
        </Alert>
      ) : blocker ? (
        <Stack gap="md">
          <Alert color="red" variant="light" title={blocker.title} role="alert" data-testid="sms-blocked">
            {blocker.text}
          </Alert>
          <DialogFooter onCancel={onClose} cancelLabel={t('common.close')} submitLabel={t('sms.send')} disabled />
        </Stack>
      ) : (
        <Stack gap="md">
          {noProvider && (
            <Alert color="orange" variant="light" title={t('sms.noProviderTitle')} data-testid="sms-no-provider">
              {t('sms.noProvider')}
            </Alert>
          )}
          {settings?.smsProvider === 'journal' && (
            <Text size="xs" c="dimmed">
              {t('sms.journal')}
            </Text>
          )}
          <Group grow align="flex-start">
            <Select
              label={t('sms.template')}
              data={activeTemplates.map((x) => ({ value: x.id, label: x.name }))}
              value={templateId}
              onChange={chooseTemplate}
              placeholder={t('sms.noTemplate')}
              allowDeselect={false}
            />
            <div>
              <Text size="sm" fw={500}>
                {t('sms.to')}
              </Text>
              <Text size="sm" mt={6}>
                {format.phone(lead.phoneE164, null)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('sms.language', { language: t(`language.${rendered?.language ?? (lead.language === 'en' ? 'en' : 'fr')}`) })}
              </Text>
              {appointment && (
                <Text size="xs" c="dimmed">
                  {/* « 10 h 00 » kept on one line: the column is narrow. */}
                  {t('sms.appointment', { when: `${format.longDate(appointment.startsAt)}, ${format.time(appointment.startsAt).replaceAll(' ', '\u00a0')}` })}
                </Text>
              )}
            </div>
          </Group>
          <Textarea
            label={t('sms.body')}
            description={t('sms.bodyHint')}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={4}
            maxRows={10}
            maxLength={MAX_BODY}
            data-autofocus
            data-testid="sms-body"
          />
          <SegmentCount text={body} testId="sms-segments" />
          {missing.length > 0 && (
            <Alert color="yellow" variant="light">
              {t('sms.missing', { names: missing.map((m) => `{${m}}`).join(', ') })}
            </Alert>
          )}
          <DialogFooter
            error={error}
            onCancel={onClose}
            submitLabel={t('sms.send')}
            onSubmit={() => void send()}
            loading={running}
            disabled={noProvider || missing.length > 0 || body.trim() === ''}
          />
        </Stack>
      )}
    </Modal>
  );
}
