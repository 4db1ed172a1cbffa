import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal, Radio, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { CONTACT_CHANNELS, type Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { useMutation } from '../../../lib/api';
import { OfficeDateTimeInput } from '../../../components/OfficeDateTimeInput';
import type { ContactChoice, ContactOutcome } from '../availableActions';
import { argsOf, oneOf, str } from './prefill';
import { DialogFooter } from '../../../components/DialogFooter';

type Channel = (typeof CONTACT_CHANNELS)[number];

/**
 * Logs a contact attempt with one of the outcomes open now; each says what becomes of the status
 * (lead-actions.ts, as the mutator decides it) and whether a callback date comes with it.
 */
export function LogContactDialog({
  lead,
  choices,
  opened,
  prefill,
  onClose,
  onSaved,
}: {
  lead: Lead;
  choices: readonly ContactChoice[];
  opened: boolean;
  prefill?: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { run, running } = useMutation();
  const [channel, setChannel] = useState<Channel>('phone');
  const [outcome, setOutcome] = useState<ContactOutcome | null>(null);
  const [callbackAt, setCallbackAt] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    const a = argsOf(prefill);
    setChannel(oneOf(a, 'channel', CONTACT_CHANNELS, 'phone'));
    const o = str(a, 'outcome') as ContactOutcome | null;
    setOutcome(o && choices.some((c) => c.outcome === o) ? o : null);
    setCallbackAt(str(a, 'callbackAt'));
    setNote(str(a, 'note') ?? '');
    setError(null);
  }, [opened, prefill, choices]);

  const needsCallback = choices.find((c) => c.outcome === outcome)?.callback ?? false;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!outcome) return setError(t('contact.errors.outcome'));
    if (needsCallback && !callbackAt) return setError(t('contact.errors.callback'));
    const result = await run('lead.logContact', {
      id: newId(),
      leadId: lead.id,
      channel,
      outcome,
      note,
      callbackAt: needsCallback ? callbackAt : null,
    });
    if (!result.ok) return setError(result.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('contact.title')} size="lg">
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          <div>
            <Text size="sm" fw={500} mb={4} id="contact-channel">
              {t('contact.channelLabel')}
            </Text>
            <SegmentedControl
              aria-labelledby="contact-channel"
              fullWidth
              value={channel}
              onChange={(v) => setChannel(v as Channel)}
              data={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`contact.channel.${c}`) }))}
            />
          </div>
          <Radio.Group label={t('contact.outcomeLabel')} value={outcome} onChange={(v) => setOutcome(v as ContactOutcome)} required>
            <Stack gap={6} mt={6}>
              {choices.map((c) => (
                <Radio
                  key={c.outcome}
                  value={c.outcome}
                  label={t(`contact.outcome.${c.outcome}`)}
                  description={t(c.status === lead.status ? 'contact.stays' : 'contact.becomes', { status: t(`status.${c.status}`) })}
                />
              ))}
            </Stack>
          </Radio.Group>
          {needsCallback && (
            <OfficeDateTimeInput label={t('contact.callbackAt')} value={callbackAt} onChange={setCallbackAt} required minDate={new Date()} />
          )}
          <Textarea label={t('contact.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxRows={8} />
          <DialogFooter error={error} onCancel={onClose} submitLabel={t('contact.save')} loading={running} />
        </Stack>
      </form>
    </Modal>
  );
}
