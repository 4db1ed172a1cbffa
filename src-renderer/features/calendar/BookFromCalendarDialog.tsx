import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Lead } from '~shared/domain/entities';
import { call, useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { DialogFooter } from '../../components/DialogFooter';
import { AppointmentDialog } from '../lead-sheet/dialogs/AppointmentDialog';

/** A slot the user dragged over in the calendar: when, and in whose column. */
export interface Slot {
  startsAt: string;
  endsAt: string;
  hostId: string | null;
}

/**
 * Booking from an empty slot (issue 11, point 1): the person picks the lead, then the lead sheet's
 * own appointment form opens on that slot, so that the rules, the refusals and the fields are the
 * sheet's (same mutation, appointment.book).
 */
export function BookFromCalendarDialog({ slot, onClose }: { slot: Slot | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [leadId, setLeadId] = useState<string | null>(null);
  const [lead, setLead] = useState<Lead | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // One object per slot: the sheet's form fills itself again whenever its prefill changes, and the
  // calendar re-renders this dialog on every refresh of the replica (a sync, the refused booking
  // rolled back), which with a fresh literal wiped the refusal just shown and what was typed.
  const prefill = useMemo(() => slot && { startsAt: slot.startsAt, endsAt: slot.endsAt, ...(slot.hostId === null ? {} : { hostId: slot.hostId }) }, [slot]);

  useEffect(() => {
    if (slot === null) return;
    setSearch('');
    setLeadId(null);
    setLead(null);
    setError(null);
  }, [slot]);

  const found = useQuery(
    'leads:list',
    { filters: debounced.trim() === '' ? {} : { search: debounced.trim() }, sort: 'created_desc', limit: 20 },
    { tables: ['leads'], enabled: slot !== null && lead === null },
  );
  const options = (found.data?.rows ?? []).map((item) => ({
    value: item.id,
    label: `${`${item.firstName} ${item.lastName}`.trim() || t('common.unnamed')} — ${t(`status.${item.status}`)}`,
  }));

  async function next(event: FormEvent) {
    event.preventDefault();
    if (leadId === null) return setError(t('calendar.book.leadRequired'));
    setLoading(true);
    try {
      const sheet = await call('leads:get', { id: leadId });
      if (sheet === null) return setError(t('calendar.book.leadGone'));
      setLead(sheet.lead);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }

  if (slot !== null && lead !== null) {
    return (
      <AppointmentDialog
        lead={lead}
        appointment={null}
        opened
        prefill={prefill}
        onClose={onClose}
        onSaved={() => {}}
      />
    );
  }

  return (
    <Modal opened={slot !== null} onClose={onClose} title={t('calendar.book.title')} size="md">
      {slot !== null && (
        <form onSubmit={next} noValidate>
          <Stack gap="md">
            <Text size="sm">
              {t('calendar.book.when', { date: format.longDate(slot.startsAt), start: format.time(slot.startsAt), end: format.time(slot.endsAt) })}
            </Text>
            <Select
              label={t('calendar.book.lead')}
              placeholder={t('calendar.book.leadPlaceholder')}
              data={options}
              value={leadId}
              onChange={setLeadId}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options: all }) => all}
              nothingFoundMessage={found.loading ? t('common.loading') : t('calendar.book.noLead')}
              required
              data-autofocus
            />
            <DialogFooter error={error} onCancel={onClose} submitLabel={t('calendar.book.next')} loading={loading} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
