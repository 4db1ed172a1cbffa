import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Modal, Select, Stack, Textarea } from '@mantine/core';
import type { Lead } from '~shared/domain/entities';
import { isFinal, type LeadStatus } from '~shared/domain/statuses';
import type { Step } from '../availableActions';
import { useMutation } from '../../../lib/api';
import { OfficeDateTimeInput } from '../../../components/OfficeDateTimeInput';
import { argsOf, str } from './prefill';
import { TONE } from '../../../app/theme';
import { DialogFooter } from '../../../components/DialogFooter';

/**
 * A plain change of status along the graph, or (admins and directors) a forced one outside it,
 * which needs a written reason that history keeps (domain.md, "Allowed transitions").
 */
export function StatusDialog({
  lead,
  targets,
  force,
  opened,
  prefill,
  onClose,
  onSaved,
}: {
  lead: Lead;
  /** The statuses open now (lead-actions.ts): along the graph, or forced. */
  targets: readonly Step[];
  force: boolean;
  opened: boolean;
  prefill?: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { run, running } = useMutation();
  const [status, setStatus] = useState<LeadStatus | null>(null);
  const [reason, setReason] = useState('');
  const [callbackAt, setCallbackAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const options = targets.map((s) => s.status);
  const needsCallback = targets.find((s) => s.status === status)?.callback ?? false;

  useEffect(() => {
    if (!opened) return;
    const a = argsOf(prefill);
    const s = str(a, 'status') as LeadStatus | null;
    setStatus(s && options.includes(s) ? s : null);
    setReason(str(a, 'reason') ?? '');
    setCallbackAt(str(a, 'callbackAt'));
    setError(null);
    // `options` is derived from `targets`, which is listed.
  }, [opened, prefill, force, targets]);

  async function save() {
    if (!status) return setError(t('statusChange.errors.status'));
    if (force && reason.trim() === '') return setError(t('statusChange.errors.reason'));
    if (needsCallback && !callbackAt) return setError(t('contact.errors.callback'));
    const outcome = await run('lead.setStatus', {
      leadId: lead.id,
      status,
      reason,
      callbackAt: needsCallback ? callbackAt : null,
      force,
    });
    if (!outcome.ok) return setError(outcome.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={force ? t('statusChange.forceTitle') : t('statusChange.title')}>
      <Stack gap="md">
        {force && (
          <Alert color="yellow" variant="light">
            {t('statusChange.forceHint')}
          </Alert>
        )}
        <Select
          label={t('statusChange.to')}
          data={options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as LeadStatus | null)}
          data-autofocus
        />
        {needsCallback && <OfficeDateTimeInput label={t('contact.callbackAt')} value={callbackAt} onChange={setCallbackAt} required />}
        <Textarea
          label={force ? t('statusChange.reasonRequired') : t('statusChange.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required={force}
          autosize
          minRows={2}
        />
        {status && isFinal(status) && (
          <Alert color="yellow" variant="light">
            {t('statusChange.finalWarning')}
          </Alert>
        )}
        <DialogFooter error={error} onCancel={onClose} submitLabel={force ? t('statusChange.forceSave') : t('statusChange.save')} onSubmit={() => void save()} loading={running} color={force ? TONE.warning : undefined} />
      </Stack>
    </Modal>
  );
}
