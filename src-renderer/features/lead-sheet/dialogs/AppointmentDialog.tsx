import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { APPOINTMENT_KINDS, type Appointment, type Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { useMutation } from '../../../lib/api';
import { useOffice } from '../../../app/office';
import { useSession } from '../../../app/session';
import { OfficeDateTimeInput } from '../../../components/OfficeDateTimeInput';
import { argsOf, oneOf, str } from './prefill';
import { DialogFooter } from '../../../components/DialogFooter';
import { roleTitle } from '../../../lib/roleTitle';

type Kind = (typeof APPOINTMENT_KINDS)[number];
const DURATIONS = [30, 45, 60, 90, 120];

/** Books an appointment (the lead becomes "Rendez-vous pris") or moves the scheduled one. */
export function AppointmentDialog({
  lead,
  appointment,
  opened,
  prefill,
  onClose,
  onSaved,
}: {
  lead: Lead;
  /** Set: move this appointment; null: book a new one. */
  appointment: Appointment | null;
  opened: boolean;
  prefill?: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { users, settings } = useOffice();
  // An appointment at the office starts with its address (issue 15, point 9); by phone or video
  // there is no place to go, so the address leaves with the kind (a place typed by hand stays).
  const officeAddress = settings?.address.trim() ?? '';
  const { user } = useSession();
  const { run, running } = useMutation();
  const [hostId, setHostId] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const [duration, setDuration] = useState('60');
  const [kind, setKind] = useState<Kind>('in_person');
  const [location, setLocation] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const hosts = users.filter((u) => u.active && !u.deletedAt && (u.role === 'counselor' || u.role === 'secretary' || u.id === user.id));

  useEffect(() => {
    if (!opened) return;
    const a = argsOf(prefill);
    const start = str(a, 'startsAt') ?? appointment?.startsAt ?? null;
    const end = str(a, 'endsAt') ?? appointment?.endsAt ?? null;
    setStartsAt(start);
    setDuration(start && end ? String(Math.max(15, Math.round((Date.parse(end) - Date.parse(start)) / 60_000))) : '60');
    setHostId(str(a, 'hostId') ?? appointment?.hostId ?? lead.assigneeId ?? user.id);
    const startKind = oneOf(a, 'kind', APPOINTMENT_KINDS, appointment?.kind ?? 'in_person');
    setKind(startKind);
    setLocation(str(a, 'location') ?? (startKind === 'in_person' ? officeAddress : ''));
    setNote(str(a, 'note') ?? '');
    setError(null);
    // Filled when the dialog opens (or is given another prefill), never again while it is open: a
    // sync that refreshes the lead, its appointment or the office's settings must not wipe what
    // was typed, nor the refusal being shown.
  }, [opened, prefill]);

  function chooseKind(next: Kind) {
    setKind(next);
    if (next === 'in_person' && location.trim() === '') setLocation(officeAddress);
    else if (next !== 'in_person' && location === officeAddress) setLocation('');
  }

  const durations = [...new Set([...DURATIONS, Number(duration)])].sort((x, y) => x - y);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!startsAt) return setError(t('appointment.errors.startRequired'));
    if (!appointment && !hostId) return setError(t('appointment.errors.hostRequired'));
    const endsAt = new Date(Date.parse(startsAt) + Number(duration) * 60_000).toISOString();
    const result = appointment
      ? await run('appointment.reschedule', { id: appointment.id, startsAt, endsAt })
      : await run('appointment.book', { id: newId(), leadId: lead.id, hostId: hostId!, startsAt, endsAt, kind, location, note });
    if (!result.ok) return setError(result.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={appointment ? t('appointment.moveTitle') : t('appointment.bookTitle')} size="lg">
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={2}>
            <OfficeDateTimeInput label={t('appointment.startsAt')} value={startsAt} onChange={setStartsAt} required minDate={new Date()} />
            <Select
              label={t('appointment.duration')}
              data={durations.map((d) => ({ value: String(d), label: t('appointment.minutes', { count: d }) }))}
              value={duration}
              onChange={(v) => v && setDuration(v)}
              allowDeselect={false}
            />
          </SimpleGrid>
          {!appointment && (
            <>
              <Select
                label={t('appointment.host')}
                data={hosts.map((u) => ({ value: u.id, label: `${u.name} — ${roleTitle(t, u)}` }))}
                value={hostId}
                onChange={setHostId}
                searchable
                required
              />
              <div>
                <Text size="sm" fw={500} mb={4} id="appointment-kind">
                  {t('appointment.kindLabel')}
                </Text>
                <SegmentedControl
                  aria-labelledby="appointment-kind"
                  fullWidth
                  value={kind}
                  onChange={(v) => chooseKind(v as Kind)}
                  data={APPOINTMENT_KINDS.map((k) => ({ value: k, label: t(`appointment.kind.${k}`) }))}
                />
              </div>
              <TextInput label={t('appointment.location')} value={location} onChange={(e) => setLocation(e.currentTarget.value)} />
              <Textarea label={t('appointment.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
            </>
          )}
          <DialogFooter error={error} onCancel={onClose} submitLabel={appointment ? t('appointment.move') : t('appointment.book')} loading={running} />
        </Stack>
      </form>
    </Modal>
  );
}
