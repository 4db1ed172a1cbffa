import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import type { WorkstationAnswer } from '~shared/contract/workstations';
import { ConfirmModal } from '../../components/ConfirmModal';
import { invoke } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';

/**
 * Administration → Postes de travail (issue 14, point 4): each workstation that synced, with its
 * user, its name and its last contact; revoking one (after a confirmation that says what follows)
 * makes it delete its replica and its token at its next contact.
 */
export function WorkstationsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const [rows, setRows] = useState<WorkstationAnswer[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<WorkstationAnswer | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const result = await invoke('workstations:list', {});
    if (result.ok) setRows(result.value);
    else setFailure(result.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const nameOf = (w: WorkstationAnswer) => (w.name === '' ? t('admin.workstations.unnamed') : w.name);

  async function revoke() {
    if (confirming === null) return;
    setBusy(true);
    setFailure(null);
    const result = await invoke('workstations:revoke', { clientId: confirming.clientId });
    setBusy(false);
    setConfirming(null);
    if (result.ok) setRows(result.value);
    else setFailure(result.error.message);
  }

  const state = (w: WorkstationAnswer) => {
    if (w.wipeRequestedAt === null) return <Badge color="teal" variant="light" radius="sm" tt="none">
          {t('admin.workstations.active')}
        </Badge>;
    const reason = w.wipeReason === 'user_deactivated' ? 'deactivated' : 'revoked';
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light" radius="sm" tt="none">
          {t(`admin.workstations.${reason}`, { date: format.date(w.wipeRequestedAt) })}
        </Badge>
        <Text size="xs" c="dimmed">
          {w.wipeSentAt === null ? t('admin.workstations.pending') : t('admin.workstations.wiped', { date: format.dateTime(w.wipeSentAt) })}
        </Text>
      </Stack>
    );
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={720}>
        {t('admin.workstations.explain')}
      </Text>
      {failure && (
        <Alert color="red" variant="light" role="alert">
          {failure}
        </Alert>
      )}
      {rows === null && !failure && <Loader size="sm" aria-label={t('common.loading')} />}
      {rows !== null && rows.length === 0 && <Text>{t('admin.workstations.empty')}</Text>}
      {rows !== null && rows.length > 0 && (
        <Paper withBorder radius="md">
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.workstations.name')}</Table.Th>
                <Table.Th>{t('admin.workstations.user')}</Table.Th>
                <Table.Th>{t('admin.workstations.since')}</Table.Th>
                <Table.Th>{t('admin.workstations.lastContact')}</Table.Th>
                <Table.Th>{t('admin.workstations.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((w) => (
                <Table.Tr key={w.clientId}>
                  <Table.Td fw={500}>{nameOf(w)}</Table.Td>
                  <Table.Td>{w.userName}</Table.Td>
                  <Table.Td>{format.date(w.createdAt)}</Table.Td>
                  <Table.Td>{format.dateTime(w.lastContactAt)}</Table.Td>
                  <Table.Td>{state(w)}</Table.Td>
                  <Table.Td ta="right">
                    {w.wipeRequestedAt === null && (
                      <Button variant="subtle" color="red.9" size="compact-sm" onClick={() => setConfirming(w)} aria-label={t('admin.workstations.revokeOf', { name: nameOf(w), user: w.userName })}>
                        {t('admin.workstations.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <ConfirmModal
        opened={confirming !== null}
        title={t('admin.workstations.confirmTitle')}
        message={confirming ? t('admin.workstations.confirm', { name: nameOf(confirming), user: confirming.userName }) : ''}
        confirmLabel={t('admin.workstations.confirmButton')}
        danger
        busy={busy}
        onCancel={() => setConfirming(null)}
        onConfirm={() => void revoke()}
      />
    </Stack>
  );
}
