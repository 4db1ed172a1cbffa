import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Skeleton, Stack, Text } from '@mantine/core';
import type { Refusal } from '~shared/contract/ipc';
import type { MutationName } from '~shared/domain/mutations/args';
import { invoke, runMutation, useApiEvent, useQuery } from '../../lib/api';
import { useRouter } from '../../app/router';
import { useSyncStatus } from '../../app/sync';
import { PageTitle } from '../../components/PageTitle';
import { Empty } from '../../components/Empty';
import { ConfirmModal } from '../../components/ConfirmModal';
import { IconCheck } from '../../components/icons';
import { RefusalNotice } from './RefusalNotice';
import { redoTarget } from './redoTarget';
import { RedoAppointmentDialog } from './RedoAppointmentDialog';

/** My changes that the office server refused, until I redo or dismiss them. */
export function RefusalsScreen() {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const list = useQuery('refusals:list', {}, { tables: [] });
  const [confirm, setConfirm] = useState<null | { kind: 'dismiss' | 'resend'; refusal: Refusal }>(null);
  const [appointment, setAppointment] = useState<Refusal | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Refusals are not a synced table: a new one arrives as its own event.
  useApiEvent((event) => {
    if (event.type === 'refused') list.refetch();
  });
  const { refusals: count } = useSyncStatus();
  const { refetch } = list;
  useEffect(() => refetch(), [count, refetch]);

  async function dismiss(refusal: Refusal) {
    const r = await invoke('refusals:dismiss', { mutationId: refusal.mutationId });
    if (!r.ok) setError(r.error.message);
    list.refetch();
  }

  async function resend(refusal: Refusal) {
    // Sent again exactly as it was; the new change carries its own fate.
    const outcome = await runMutation(refusal.name as MutationName, refusal.args as never, { report: true });
    if (outcome.ok) await dismiss(refusal);
  }

  function redo(refusal: Refusal) {
    const target = redoTarget(refusal);
    if (target.kind === 'route') navigate(target.route);
    else if (target.kind === 'appointment') setAppointment(refusal);
    else setConfirm({ kind: 'resend', refusal });
  }

  const refusals = [...(list.data ?? [])].sort((a, b) => b.refusedAt.localeCompare(a.refusedAt));

  return (
    <div>
      <PageTitle>{t('nav.refusals')}</PageTitle>
      <Text c="dimmed" mb="lg" maw={720}>
        {t('refusals.explain')}
      </Text>
      {error && (
        <Text c="red.9" role="alert" mb="sm">
          {error}
        </Text>
      )}
      {list.loading ? (
        <Skeleton h={160} radius="lg" />
      ) : refusals.length === 0 ? (
        <Empty title={t('refusals.empty')} description={t('refusals.emptyHint')} icon={<IconCheck />} />
      ) : (
        <Stack gap="md">
          {refusals.map((r) => (
            <RefusalNotice key={r.mutationId} refusal={r} onRedo={() => redo(r)} onDismiss={() => setConfirm({ kind: 'dismiss', refusal: r })} />
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={confirm !== null}
        title={confirm?.kind === 'resend' ? t('refusals.resendTitle') : t('refusals.dismissTitle')}
        message={confirm?.kind === 'resend' ? t('refusals.resendMessage') : t('refusals.dismissMessage')}
        confirmLabel={confirm?.kind === 'resend' ? t('refusals.resend') : t('refusals.dismiss')}
        danger={confirm?.kind === 'dismiss'}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const c = confirm;
          setConfirm(null);
          if (c?.kind === 'dismiss') void dismiss(c.refusal);
          else if (c) void resend(c.refusal);
        }}
      />
      <RedoAppointmentDialog
        refusal={appointment}
        onClose={() => setAppointment(null)}
        onDone={(r) => {
          setAppointment(null);
          void dismiss(r);
        }}
      />
    </div>
  );
}
