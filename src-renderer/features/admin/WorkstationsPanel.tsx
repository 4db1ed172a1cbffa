import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Loader, Stack, Text } from '@mantine/core';
import type { WorkstationAnswer } from '~shared/contract/workstations';
import { ConfirmModal } from '../../components/ConfirmModal';
import { RecordTable, RowAction } from '../../components/RecordTable';
import { StateBadge } from '../../components/StateBadge';
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
    if (w.wipeRequestedAt === null) return <StateBadge color="teal">{t('admin.workstations.active')}</StateBadge>;
    const reason = w.wipeReason === 'user_deactivated' ? 'deactivated' : 'revoked';
    return (
      <Stack gap={2}>
        <StateBadge color="red">{t(`admin.workstations.${reason}`, { date: format.date(w.wipeRequestedAt) })}</StateBadge>
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
        <RecordTable
          rows={rows}
          rowKey={(w) => w.clientId}
          columns={[
            { header: t('admin.workstations.name'), td: { fw: 500 }, cell: nameOf },
            { header: t('admin.workstations.user'), cell: (w) => w.userName },
            { header: t('admin.workstations.since'), cell: (w) => format.date(w.createdAt) },
            { header: t('admin.workstations.lastContact'), cell: (w) => format.dateTime(w.lastContactAt) },
            { header: t('admin.workstations.state'), cell: state },
            {
              td: { ta: 'right' },
              cell: (w) =>
                w.wipeRequestedAt === null && (
                  <RowAction color="red.9" onClick={() => setConfirming(w)} label={t('admin.workstations.revokeOf', { name: nameOf(w), user: w.userName })}>
                    {t('admin.workstations.revoke')}
                  </RowAction>
                ),
            },
          ]}
        />
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
