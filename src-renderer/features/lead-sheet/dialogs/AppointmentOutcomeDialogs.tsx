import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { Appointment } from '~shared/domain/entities';
import { useMutation } from '../../../lib/api';
import { useFormat } from '../../../lib/useFormat';
import { argsOf, str } from './prefill';
import { TONE } from '../../../app/theme';
import { DialogFooter } from '../../../components/DialogFooter';

/** Cancels the scheduled appointment (the lead goes back to "À recontacter"); asked first. */
export function CancelAppointmentDialog({
  appointment,
  opened,
  prefill,
  onClose,
  onSaved,
}: {
  appointment: Appointment;
  opened: boolean;
  prefill?: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run, running } = useMutation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setReason(str(argsOf(prefill), 'reason') ?? '');
    setError(null);
  }, [opened, prefill]);

  async function save() {
    const outcome = await run('appointment.cancel', { id: appointment.id, reason });
    if (!outcome.ok) return setError(outcome.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('appointment.cancelTitle')}>
      <Stack gap="md">
        <Text>{t('appointment.cancelConfirm', { when: format.longDateTime(appointment.startsAt) })}</Text>
        <Textarea label={t('appointment.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus />
        <DialogFooter error={error} onCancel={onClose} cancelLabel={t('appointment.keep')} submitLabel={t('appointment.cancel')} color={TONE.danger} onSubmit={() => void save()} loading={running} />
      </Stack>
    </Modal>
  );
}

/** Marks the consultation held or missed; it closes the appointment, so it is confirmed first. */
export function CloseConsultationDialog({
  appointment,
  outcome,
  onClose,
  onSaved,
}: {
  appointment: Appointment;
  outcome: 'attended' | 'missed' | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run, running } = useMutation();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [outcome]);

  async function save() {
    if (!outcome) return;
    const result = await run('appointment.close', { id: appointment.id, outcome });
    if (!result.ok) return setError(result.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={outcome !== null} onClose={onClose} title={outcome === 'missed' ? t('sheet.markMissed') : t('sheet.markDone')}>
      <Stack gap="md">
        <Text>
          {outcome === 'missed'
            ? t('appointment.missedConfirm', { when: format.longDateTime(appointment.startsAt) })
            : t('appointment.doneConfirm', { when: format.longDateTime(appointment.startsAt) })}
        </Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color={outcome === 'missed' ? TONE.danger : TONE.success} onClick={() => void save()} loading={running}>
            {outcome === 'missed' ? t('sheet.markMissed') : t('sheet.markDone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
