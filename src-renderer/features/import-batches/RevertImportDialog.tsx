import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import type { ImportBatch } from '~shared/domain/entities';
import { useMutation, useQuery } from '../../lib/api';
import { useUserName } from '../../app/office';
import { DialogFooter } from '../../components/DialogFooter';
import { LeadNameList } from './LeadNameList';

/**
 * « Annuler l’import » (issue 16): first what would go and what stays, by name, then a
 * confirmation that names the count and takes the reason. What was typed stays while the dialog
 * is open, whatever the answer.
 */
export function RevertImportDialog({ batch, onClose }: { batch: ImportBatch | null; onClose: () => void }) {
  const { t } = useTranslation();
  const userName = useUserName();
  const [step, setStep] = useState<'preview' | 'confirm'>('preview');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { run, running } = useMutation();
  // Recomputed when leads or history change: a lead worked meanwhile moves to « conservés ».
  const preview = useQuery('importBatches:preview', { id: batch?.id ?? '00000000-0000-4000-8000-000000000000' }, {
    tables: ['leads', 'history', 'import_batches'],
    enabled: batch !== null,
  });

  useEffect(() => {
    if (batch === null) {
      setStep('preview');
      setReason('');
      setError(null);
    }
  }, [batch]);

  const remove = preview.data?.remove ?? [];
  const keep = preview.data?.keep ?? [];
  const trimmed = reason.trim();

  async function confirm() {
    if (batch === null) return;
    setError(null);
    const outcome = await run('importBatch.revert', { importBatchId: batch.id, reason: trimmed });
    if (outcome.ok) onClose();
    else setError(outcome.error.fields?.['reason'] ?? outcome.error.message);
  }

  return (
    <Modal opened={batch !== null} onClose={onClose} size="lg" title={t('imports.revert.title', { file: batch?.fileName ?? '' })}>
      {preview.loading && !preview.data ? (
        <Skeleton h={240} radius="md" />
      ) : preview.data === null ? (
        <Alert color="orange" variant="light">
          {t('imports.revert.gone')}
        </Alert>
      ) : step === 'preview' ? (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('imports.revert.explain')}
          </Text>
          <Stack gap={6}>
            <Title order={3} size="h5">
              {t('imports.revert.toRemove', { count: remove.length })}
            </Title>
            {remove.length === 0 ? (
              <Text size="sm">{t('imports.revert.nothingToRemove')}</Text>
            ) : (
              <LeadNameList leads={remove} label={t('imports.revert.toRemove', { count: remove.length })} />
            )}
          </Stack>
          <Stack gap={6}>
            <Title order={3} size="h5">
              {t('imports.revert.toKeep', { count: keep.length })}
            </Title>
            {keep.length === 0 ? (
              <Text size="sm">{t('imports.revert.nothingToKeep')}</Text>
            ) : (
              <LeadNameList
                leads={keep}
                label={t('imports.revert.toKeep', { count: keep.length })}
                note={(lead) => {
                  const why = keep.find((k) => k.id === lead.id)?.reason === 'status' ? t(`status.${lead.status}`) : t('imports.revert.worked');
                  return lead.assigneeId ? `${why} · ${userName(lead.assigneeId)}` : why;
                }}
              />
            )}
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" onClick={() => setStep('confirm')}>
              {t('imports.revert.next', { count: remove.length })}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <Stack gap="md">
            <Text fw={600}>{t('imports.revert.confirm', { count: remove.length, file: batch?.fileName ?? '' })}</Text>
            {keep.length > 0 && <Text size="sm">{t('imports.revert.keptNote', { count: keep.length })}</Text>}
            <Textarea
              label={t('imports.revert.reason')}
              description={t('imports.revert.reasonHint')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
              maxLength={2000}
              data-autofocus
            />
            <DialogFooter
              error={error}
              onCancel={() => setStep('preview')}
              cancelLabel={t('common.back')}
              submitLabel={t('imports.revert.submit', { count: remove.length })}
              loading={running}
              disabled={trimmed === ''}
              color="red.9"
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
