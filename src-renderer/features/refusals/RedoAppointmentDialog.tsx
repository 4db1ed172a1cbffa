import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Modal, Radio, Stack, Textarea } from '@mantine/core';
import type { Refusal } from '~shared/contract/ipc';
import { useMutation } from '../../lib/api';
import { OfficeDateTimeInput } from '../../components/OfficeDateTimeInput';
import { DialogFooter } from '../../components/DialogFooter';

function str(args: unknown, key: string): string | null {
  const v = (args as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : null;
}

/** Redoes a refused move, cancellation or close of an appointment, prefilled with what was sent. */
export function RedoAppointmentDialog({ refusal, onClose, onDone }: { refusal: Refusal | null; onClose: () => void; onDone: (r: Refusal) => void }) {
  const { t } = useTranslation();
  const { run, running } = useMutation();
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const [endsAt, setEndsAt] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<'attended' | 'missed'>('attended');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!refusal) return;
    setStartsAt(str(refusal.args, 'startsAt'));
    setEndsAt(str(refusal.args, 'endsAt'));
    setReason(str(refusal.args, 'reason') ?? '');
    setOutcome(str(refusal.args, 'outcome') === 'missed' ? 'missed' : 'attended');
    setError(null);
  }, [refusal]);

  if (!refusal) return null;
  const id = str(refusal.args, 'id') ?? '';

  async function save() {
    if (!refusal) return;
    let result;
    if (refusal.name === 'appointment.reschedule') {
      if (!startsAt || !endsAt) return setError(t('appointment.errors.timesRequired'));
      if (Date.parse(endsAt) <= Date.parse(startsAt)) return setError(t('appointment.errors.endAfterStart'));
      result = await run('appointment.reschedule', { id, startsAt, endsAt });
    } else if (refusal.name === 'appointment.cancel') {
      result = await run('appointment.cancel', { id, reason });
    } else {
      result = await run('appointment.close', { id, outcome });
    }
    if (result.ok) onDone(refusal);
    else setError(result.error.message);
  }

  return (
    <Modal opened onClose={onClose} title={t(`mutation.${refusal.name}`)}>
      <Stack gap="md">
        {refusal.name === 'appointment.reschedule' && (
          <>
            <OfficeDateTimeInput label={t('appointment.startsAt')} value={startsAt} onChange={setStartsAt} required />
            <OfficeDateTimeInput label={t('appointment.endsAt')} value={endsAt} onChange={setEndsAt} required />
          </>
        )}
        {refusal.name === 'appointment.cancel' && (
          <Textarea label={t('appointment.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
        )}
        {refusal.name === 'appointment.close' && (
          <Radio.Group label={t('appointment.outcome')} value={outcome} onChange={(v) => setOutcome(v === 'missed' ? 'missed' : 'attended')}>
            <Group mt="xs">
              <Radio value="attended" label={t('history.value.outcome.attended')} />
              <Radio value="missed" label={t('history.value.outcome.missed')} />
            </Group>
          </Radio.Group>
        )}
        <DialogFooter error={error} onCancel={onClose} submitLabel={t('refusals.redoSave')} onSubmit={() => void save()} loading={running} />
      </Stack>
    </Modal>
  );
}
