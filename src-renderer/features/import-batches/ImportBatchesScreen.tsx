import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { ImportBatchSummary } from '~shared/contract/ipc';
import type { ImportBatch } from '~shared/domain/entities';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { can } from '~shared/domain/permissions';
import { invoke, useQuery } from '../../lib/api';
import { useExport } from '../../lib/useExport';
import { useFormat } from '../../lib/useFormat';
import { useUserName } from '../../app/office';
import { useSession } from '../../app/session';
import { PageTitle } from '../../components/PageTitle';
import { Empty } from '../../components/Empty';
import { IconDownload, IconInbox } from '../../components/icons';
import { RevertImportDialog } from './RevertImportDialog';

/** Leads → Imports (issue 16): every import batch, what became of its leads, and its undoing. */
export function ImportBatchesScreen() {
  const { t } = useTranslation();
  const { actor } = useSession();
  const list = useQuery('importBatches:list', {}, { tables: ['import_batches', 'leads'] });
  const [reverting, setReverting] = useState<ImportBatch | null>(null);
  const mayRevert = can(actor, 'importBatch.revert');
  const batches = list.data ?? [];

  return (
    <div>
      <PageTitle>{t('imports.title')}</PageTitle>
      <Text c="dimmed" mb="lg" maw={760}>
        {t('imports.explain')}
      </Text>
      {list.loading ? (
        <Skeleton h={180} radius="lg" />
      ) : batches.length === 0 ? (
        <Empty title={t('imports.empty')} description={t('imports.emptyHint')} icon={<IconInbox />} />
      ) : (
        <Stack gap="md">
          {batches.map((summary) => (
            <BatchCard key={summary.batch.id} summary={summary} mayRevert={mayRevert} onRevert={() => setReverting(summary.batch)} />
          ))}
        </Stack>
      )}
      <RevertImportDialog batch={reverting} onClose={() => setReverting(null)} />
    </div>
  );
}

function BatchCard({ summary, mayRevert, onRevert }: { summary: ImportBatchSummary; mayRevert: boolean; onRevert: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const { batch, duplicates, distributed } = summary;
  const who = (id: string) => (id === SYSTEM_ACTOR.id ? t('imports.byServer') : userName(id));
  const assigned = distributed.reduce((sum, d) => sum + d.count, 0);

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-label={batch.fileName}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <div>
          <Group gap="sm">
            <Text fw={600} size="lg">
              {batch.fileName}
            </Text>
            {batch.revertedAt !== null && (
              <Badge color="gray" variant="light">
                {t('imports.reverted')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('imports.importedOn', { date: format.dateTime(batch.createdAt), name: who(batch.createdById) })}
          </Text>
        </div>
        {mayRevert && batch.revertedAt === null && (
          <Button variant="outline" color="red.9" onClick={onRevert}>
            {t('imports.revertButton')}
          </Button>
        )}
      </Group>
      <Table withRowBorders={false} verticalSpacing={4} layout="fixed" maw={760}>
        <Table.Tbody>
          <Row label={t('imports.created')} value={format.number(batch.rowCount)} />
          <Row label={t('imports.duplicates')} value={format.number(duplicates)} />
          <Row label={t('imports.errors')} value={<RejectedRows summary={summary} importer={who(batch.createdById)} />} />
          <Row
            label={t('imports.distributed')}
            value={
              assigned === 0
                ? t('imports.notDistributed')
                : `${format.number(assigned)} — ${distributed
                    .map((d) => ({ name: userName(d.userId), count: d.count }))
                    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, format.locale))
                    .map((d) => `${d.name} (${format.number(d.count)})`)
                    .join(', ')}`
            }
          />
          {batch.revertedAt !== null && (
            <>
              <Row
                label={t('imports.revertedBy')}
                value={t('imports.revertedOn', { date: format.dateTime(batch.revertedAt), name: batch.revertedById ? who(batch.revertedById) : '' })}
              />
              <Row label={t('imports.revertReason')} value={batch.revertReason ?? ''} />
              <Row
                label={t('imports.revertOutcome')}
                value={`${t('imports.removedCount', { count: batch.removedCount ?? 0 })}, ${t('imports.keptCount', { count: batch.keptCount ?? 0 })}`}
              />
            </>
          )}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/**
 * The count, and the wizard's file of those rows: only the workstation that imported holds them
 * (docs/decisions.md, « Lignes refusées d'un lot »); elsewhere the view says where they are.
 */
function RejectedRows({ summary, importer }: { summary: ImportBatchSummary; importer: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { busy, run } = useExport();
  const count = summary.batch.rejectedCount;
  if (count === 0) return <>{format.number(0)}</>;
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm">{format.number(count)}</Text>
      {summary.rejectedHere ? (
        <Button size="compact-sm" variant="default" leftSection={<IconDownload />} loading={busy} onClick={() => void run(() => invoke('importBatches:rejected', { id: summary.batch.id }))}>
          {t('imports.rejectedSave', { count, formatted: format.number(count) })}
        </Button>
      ) : (
        <Text size="sm" c="dimmed">
          {summary.batch.createdById === SYSTEM_ACTOR.id ? t('imports.rejectedByServer') : t('imports.rejectedElsewhere', { name: importer })}
        </Text>
      )}
    </Stack>
  );
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={220} fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
}
