import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import type { LeadListItem } from '~shared/contract/ipc';
import type { PersonSummary } from '~shared/contract/privacy';
import type { LeadStatus } from '~shared/domain/statuses';
import { StatusBadge } from '../../components/StatusBadge';
import { invoke } from '../../lib/api';
import { useExport } from '../../lib/useExport';
import { LegalHold } from './LegalHold';

// « Personne »: a person's rights (issue 14, point 5; Loi 25, s. 27 and 28). The admin finds the
// lead in the replica, then asks the office server — which holds every row — for its summary, its
// file (JSON or Excel), a legal hold, or the anonymisation, confirmed by typing ANONYMISER.

const CONFIRM_WORD = 'ANONYMISER';

export function PersonPanel() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<LeadListItem[]>([]);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const text = search.trim();
    if (text.length < 2) {
      setFound([]);
      return;
    }
    let live = true;
    void invoke('leads:list', { filters: { search: text }, limit: 10 }).then((result) => {
      if (live && result.ok) setFound(result.value.rows);
    });
    return () => {
      live = false;
    };
  }, [search]);

  const open = async (leadId: string) => {
    setFailure(null);
    const result = await invoke('privacy:person', { leadId });
    if (result.ok) setPerson(result.value);
    else setFailure(result.error.message);
  };

  return (
    <Stack gap="md" maw={900}>
      <Text c="dimmed" size="sm">
        {t('privacy.person.intro')}
      </Text>
      <TextInput
        label={t('privacy.person.search')}
        placeholder={t('privacy.person.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-testid="privacy-search"
      />
      {found.length > 0 && (
        <Table highlightOnHover withTableBorder>
          <Table.Tbody>
            {found.map((lead) => (
              <Table.Tr key={lead.id} style={{ cursor: 'pointer' }} onClick={() => void open(lead.id)} data-testid="privacy-result">
                <Table.Td>{`${lead.firstName} ${lead.lastName}`.trim()}</Table.Td>
                <Table.Td>{lead.email ?? ''}</Table.Td>
                <Table.Td>
                  <StatusBadge status={lead.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {person && (
        <PersonCard
          person={person}
          onChange={(next) => {
            setPerson(next);
            // The list was found under the person's former name: after an anonymisation it would still show it.
            if (next.anonymisedAt !== null) setFound([]);
          }}
        />
      )}
    </Stack>
  );
}

function PersonCard({ person, onChange }: { person: PersonSummary; onChange: (p: PersonSummary) => void }) {
  const { t } = useTranslation();
  const exporter = useExport();
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  const anonymise = async () => {
    setFailure(null);
    setBusy(true);
    const result = await invoke('privacy:anonymise', { leadId: person.leadId, confirm: CONFIRM_WORD });
    setBusy(false);
    setConfirming(false);
    setTyped('');
    if (result.ok) onChange(result.value);
    else setFailure(result.error.message);
  };

  return (
    <Paper withBorder p="md" data-testid="privacy-person">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600} size="lg">
            {person.name}
          </Text>
          <Group gap="xs">
            <StatusBadge status={person.status as LeadStatus} />
            {person.anonymisedAt && <Badge color="gray">{t('privacy.person.anonymised')}</Badge>}
            {person.legalHold && <Badge color="orange">{t('privacy.person.held')}</Badge>}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('privacy.person.counts', person.counts)}
        </Text>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group>
          <Button variant="light" loading={exporter.busy} onClick={() => void exporter.run(() => invoke('privacy:export', { leadId: person.leadId, format: 'json' }))}>
            {t('privacy.person.exportJson')}
          </Button>
          <Button variant="light" loading={exporter.busy} onClick={() => void exporter.run(() => invoke('privacy:export', { leadId: person.leadId, format: 'xlsx' }))}>
            {t('privacy.person.exportXlsx')}
          </Button>
        </Group>
        <LegalHold person={person} onChange={onChange} />
        <Group>
          <Button color="red" disabled={person.anonymisedAt !== null || person.legalHold !== null || busy} onClick={() => setConfirming(true)}>
            {t('privacy.person.anonymise')}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('privacy.person.confirmTitle')}>
        <Stack>
          <Text size="sm">{t('privacy.person.confirmText', { name: person.name, word: CONFIRM_WORD })}</Text>
          <TextInput label={t('privacy.person.confirmLabel', { word: CONFIRM_WORD })} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-testid="privacy-confirm" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" disabled={typed !== CONFIRM_WORD} loading={busy} onClick={() => void anonymise()}>
              {t('privacy.person.confirmButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
