import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Checkbox, Modal, NumberInput, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { distribute, type DistributionPlan, type DistributionResult } from '~shared/domain/distribution';
import { useFormat } from '../../lib/useFormat';
import { useOffice, useUserName } from '../../app/office';
import { useSession } from '../../app/session';
import { assignableUsers } from './assignees';
import { useAssignInChunks } from './useAssignInChunks';
import { DialogFooter } from '../../components/DialogFooter';
import { roleTitle } from '../../lib/roleTitle';

type Mode = 'counts' | 'evenly';

/** Position in the order the user named people; those not named yet come after, as listed. */
function rank(named: readonly string[], id: string): number {
  const i = named.indexOf(id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/**
 * Distributes the selection by counts ("Marie 10, Julie 5, Sophie 5") or evenly, with a preview
 * of who gets which leads before anything is saved (domain.md, "Assignment").
 */
export function DistributeDialog({
  opened,
  leadIds,
  onClose,
  onDone,
}: {
  opened: boolean;
  leadIds: readonly string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { users } = useOffice();
  const { actor } = useSession();
  const userName = useUserName();
  const candidates = useMemo(() => assignableUsers(users, actor), [users, actor]);
  const [mode, setMode] = useState<Mode>('counts');
  const [counts, setCounts] = useState<Record<string, number | ''>>({});
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  // People get their run of leads in the order the user named them: "Marie 10, Julie 5, Sophie 5"
  // typed in that order gives Marie the first ten of the selection.
  const [named, setNamed] = useState<string[]>([]);
  const name = (id: string) => setNamed((list) => (list.includes(id) ? list : [...list, id]));
  const inOrder = [...candidates].sort((a, b) => rank(named, a.id) - rank(named, b.id));
  const { progress, error, save } = useAssignInChunks({ opened, onDone, onClose });

  const plan: DistributionPlan =
    mode === 'counts'
      ? {
          mode,
          shares: inOrder
            .filter((u) => counts[u.id] !== undefined && counts[u.id] !== '' && counts[u.id] !== 0)
            .map((u) => ({ assigneeId: u.id, count: Number(counts[u.id]) })),
        }
      : { mode, assigneeIds: inOrder.filter((u) => chosen[u.id]).map((u) => u.id) };
  // The plan is rebuilt on every render; its JSON says when it really changed (100,000 leads).
  const planKey = JSON.stringify(plan);
  const preview: DistributionResult = useMemo(() => distribute(leadIds, JSON.parse(planKey) as DistributionPlan), [leadIds, planKey]);

  const requested = mode === 'counts' ? plan.mode === 'counts' && plan.shares.reduce((a, s) => a + s.count, 0) : leadIds.length;

  // Positions in the selection, 1-based, that each person receives: "nᵒˢ 1 à 10".
  let position = 0;
  const rows = preview.ok
    ? preview.shares.map((share) => {
        const from = position + 1;
        position += share.count;
        return { ...share, from, to: position };
      })
    : [];

  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.distribute.title', { count: leadIds.length, formatted: format.number(leadIds.length) })} size="xl">
      <Stack gap="md">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          data={[
            { value: 'counts', label: t('leads.distribute.byCounts') },
            { value: 'evenly', label: t('leads.distribute.evenly') },
          ]}
          aria-label={t('leads.distribute.mode')}
        />
        <Text size="sm" c="dimmed">
          {mode === 'counts' ? t('leads.distribute.countsHint') : t('leads.distribute.evenlyHint')}
        </Text>
        {candidates.length === 0 ? (
          <Alert color="yellow" variant="light">
            {t('leads.distribute.nobody')}
          </Alert>
        ) : (
          <Table withTableBorder verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leads.assign.person')}</Table.Th>
                <Table.Th w={180}>{mode === 'counts' ? t('leads.distribute.howMany') : t('leads.distribute.include')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {candidates.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {u.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {roleTitle(t, u)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {mode === 'counts' ? (
                      <NumberInput
                        aria-label={t('leads.distribute.countFor', { name: u.name })}
                        min={0}
                        max={leadIds.length}
                        allowDecimal={false}
                        allowNegative={false}
                        value={counts[u.id] ?? ''}
                        onChange={(v) => {
                          name(u.id);
                          setCounts((c) => ({ ...c, [u.id]: typeof v === 'number' ? v : v === '' ? '' : Number(v) }));
                        }}
                        size="sm"
                      />
                    ) : (
                      <Checkbox
                        aria-label={t('leads.distribute.includeName', { name: u.name })}
                        checked={chosen[u.id] ?? false}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          name(u.id);
                          setChosen((c) => ({ ...c, [u.id]: checked }));
                        }}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}

        <section aria-label={t('leads.distribute.preview')} aria-live="polite">
          <Title order={3} size="h5" mb="xs">
            {t('leads.distribute.preview')}
          </Title>
          {!preview.ok ? (
            <Text size="sm" c={preview.code === 'too_many' || preview.code === 'invalid_count' ? 'red.9' : 'dimmed'} data-testid="distribution-error">
              {t(`leads.distribute.errors.${preview.code}`, { ...preview.params, defaultValue: preview.message })}
            </Text>
          ) : (
            <Stack gap={4}>
              <Table verticalSpacing={4} data-testid="distribution-preview">
                <Table.Tbody>
                  {rows
                    .filter((r) => r.count > 0)
                    .map((r) => (
                      <Table.Tr key={r.assigneeId}>
                        <Table.Td>{userName(r.assigneeId)}</Table.Td>
                        <Table.Td ta="right" fw={600}>
                          {t('leads.distribute.leadsCount', { count: r.count, formatted: format.number(r.count) })}
                        </Table.Td>
                        <Table.Td c="dimmed">{t('leads.distribute.positions', { from: format.number(r.from), to: format.number(r.to) })}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
              {preview.leftOver.length > 0 && (
                <Text size="sm" c="dimmed">
                  {t('leads.distribute.leftOver', { count: preview.leftOver.length, formatted: format.number(preview.leftOver.length) })}
                </Text>
              )}
            </Stack>
          )}
          {mode === 'counts' && typeof requested === 'number' && requested > 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('leads.distribute.requested', { requested: format.number(requested), selected: format.number(leadIds.length) })}
            </Text>
          )}
        </section>

        {progress !== null && preview.ok && <Progress value={(progress / Math.max(1, preview.assignments.length)) * 100} aria-label={t('leads.assign.saving')} />}
        <DialogFooter error={error} onCancel={onClose} submitLabel={preview.ok ? t('leads.distribute.save', { count: preview.assignments.length, formatted: format.number(preview.assignments.length) }) : t('leads.distribute.saveDisabled')} onSubmit={() => preview.ok && void save(preview.assignments)} disabled={!preview.ok} loading={progress !== null} />
      </Stack>
    </Modal>
  );
}
