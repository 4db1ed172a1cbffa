import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal, Select, Stack, Text } from '@mantine/core';
import type { Lead } from '~shared/domain/entities';
import type { Role } from '~shared/domain/roles';
import { useMutation } from '../../../lib/api';
import { useOffice } from '../../../app/office';
import { useSession } from '../../../app/session';
import { assignableUsers } from '../../leads/assignees';
import { assignmentsOf } from '../../leads/AssignDialog';
import { DialogFooter } from '../../../components/DialogFooter';
import { roleTitle } from '../../../lib/roleTitle';

/**
 * Assigns this lead: a manager to anyone; the secretary hands her lead to a counselor (domain.md,
 * "The secretary rule": after her consultation the lead must go to a counselor).
 */
export function AssignLeadDialog({ lead, roles, opened, prefill, onClose, onSaved }: { lead: Lead; roles: readonly Role[]; opened: boolean; prefill?: unknown; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { users } = useOffice();
  const { actor } = useSession();
  const { run, running } = useMutation();
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const secretary = actor.role === 'secretary';
  // `roles` (lead-actions.ts): a client, or any lead the secretary hands on, goes to a counselor.
  const candidates = assignableUsers(users, actor).filter((u) => u.id !== lead.assigneeId && roles.includes(u.role));

  useEffect(() => {
    if (!opened) return;
    const again = assignmentsOf(prefill).find((a) => a.leadId === lead.id);
    setAssigneeId(again?.assigneeId ?? null);
    setError(null);
  }, [opened, prefill, lead.id]);

  async function save() {
    if (!assigneeId) return setError(t('leads.assign.choose'));
    const outcome = await run('lead.assign', { assignments: [{ leadId: lead.id, assigneeId }] });
    if (!outcome.ok) return setError(outcome.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={secretary ? t('sheet.handToCounselor') : t('sheet.assign')}>
      <Stack gap="md">
        {secretary && <Text size="sm">{t('sheet.handHint')}</Text>}
        <Select
          label={secretary ? t('sheet.counselor') : t('leads.assign.assignee')}
          data={candidates.map((u) => ({ value: u.id, label: `${u.name} — ${roleTitle(t, u)}` }))}
          value={assigneeId}
          onChange={setAssigneeId}
          searchable
          data-autofocus
          nothingFoundMessage={t('common.nothingFound')}
        />
        <DialogFooter error={error} onCancel={onClose} submitLabel={secretary ? t('sheet.hand') : t('leads.assign.save', { count: 1 })} onSubmit={() => void save()} loading={running} disabled={!assigneeId} />
      </Stack>
    </Modal>
  );
}
