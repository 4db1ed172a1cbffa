import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Progress, Select, Stack, Table, Text } from '@mantine/core';
import type { DistributionAssignment } from '~shared/domain/distribution';
import { useFormat } from '../../lib/useFormat';
import { useOffice, useUserName } from '../../app/office';
import { useSession } from '../../app/session';
import type { Redo } from '../../app/router';
import { assignableUsers } from './assignees';
import { useAssignInChunks } from './useAssignInChunks';
import { roleTitle } from '../../lib/roleTitle';

/** The assignments of a refused lead.assign, read back from what the user had sent. */
export function assignmentsOf(args: unknown): DistributionAssignment[] {
  const list = (args as { assignments?: unknown } | null)?.assignments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => {
    const { leadId, assigneeId } = (a ?? {}) as { leadId?: unknown; assigneeId?: unknown };
    return typeof leadId === 'string' && typeof assigneeId === 'string' ? [{ leadId, assigneeId }] : [];
  });
}

/** Assigns the selected leads to one person (or redoes a refused assignment as it was). */
export function AssignDialog({
  opened,
  leadIds,
  redo,
  onClose,
  onDone,
}: {
  opened: boolean;
  leadIds: readonly string[];
  redo?: Redo | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { users } = useOffice();
  const { actor } = useSession();
  const userName = useUserName();
  const candidates = assignableUsers(users, actor);
  const redone = useMemo(() => (redo ? assignmentsOf(redo.args) : null), [redo]);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const { progress, error, save } = useAssignInChunks({ opened, onDone, onClose });

  const assignments: DistributionAssignment[] = redone ?? (assigneeId ? leadIds.map((leadId) => ({ leadId, assigneeId })) : []);
  const perAssignee = new Map<string, number>();
  for (const a of assignments) perAssignee.set(a.assigneeId, (perAssignee.get(a.assigneeId) ?? 0) + 1);

  return (
    <Modal opened={opened} onClose={onClose} title={redone ? t('leads.assign.redoTitle') : t('leads.assign.title', { count: leadIds.length })} size="lg">
      <Stack gap="md">
        {!redone && (
          <Select
            label={t('leads.assign.assignee')}
            placeholder={t('leads.assign.choose')}
            data={candidates.map((u) => ({ value: u.id, label: `${u.name} — ${roleTitle(t, u)}` }))}
            value={assigneeId}
            onChange={setAssigneeId}
            searchable
            data-autofocus
            nothingFoundMessage={t('common.nothingFound')}
          />
        )}
        {assignments.length > 0 && (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leads.assign.person')}</Table.Th>
                <Table.Th ta="right">{t('leads.assign.leads')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...perAssignee].map(([id, n]) => (
                <Table.Tr key={id}>
                  <Table.Td>{userName(id)}</Table.Td>
                  <Table.Td ta="right">{format.number(n)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {progress !== null && <Progress value={assignments.length ? (progress / assignments.length) * 100 : 0} aria-label={t('leads.assign.saving')} />}
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          {t('leads.assign.notify')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void save(assignments)} disabled={assignments.length === 0} loading={progress !== null}>
            {t('leads.assign.save', { count: assignments.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
