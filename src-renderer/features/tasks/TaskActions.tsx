import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Task } from '~shared/domain/entities';
import { mayHandleTask } from '~shared/domain/mutations/task';
import { runMutation, useMutation } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useSession } from '../../app/session';
import { OfficeDateTimeInput } from '../../components/OfficeDateTimeInput';
import { DialogFooter } from '../../components/DialogFooter';

// "Fait" and "Déplacer" beside an open task, in Ma journée and on the lead sheet (issue 8), for
// whoever the mutators let do it (the owner, admins, directors): nobody else sees the buttons.

/** The two buttons for one open task; nothing for a done task or for someone who may not. */
export function TaskActions({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const [moving, setMoving] = useState(false);
  const [completing, setCompleting] = useState(false);
  if (task.completedAt !== null || !mayHandleTask(actor, task)) return null;

  async function complete() {
    setCompleting(true);
    // A click, not a form: a refusal is shown as the shell's French notice.
    await runMutation('task.complete', { id: task.id }, { report: true });
    setCompleting(false);
  }

  return (
    <>
      <Group gap={4} wrap="nowrap" justify="flex-end">
        <Button size="compact-sm" variant="light" loading={completing} onClick={() => void complete()} aria-label={t('task.doneLabel', { title: task.title })}>
          {t('task.done')}
        </Button>
        <Button size="compact-sm" variant="subtle" onClick={() => setMoving(true)} aria-label={t('task.moveLabel', { title: task.title })}>
          {t('task.move')}
        </Button>
      </Group>
      <MoveTaskDialog task={task} opened={moving} onClose={() => setMoving(false)} />
    </>
  );
}

/** Picks the task's new due time (in the office's time) and sends task.reschedule. */
function MoveTaskDialog({ task, opened, onClose }: { task: Task; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run, running } = useMutation();
  const [dueAt, setDueAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setDueAt(null);
    setError(null);
  }, [opened]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!dueAt) return setError(t('task.errors.dueAt'));
    const outcome = await run('task.reschedule', { id: task.id, dueAt });
    if (!outcome.ok) return setError(outcome.error.message);
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('task.moveTitle')}>
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {task.title} · {format.dateTime(task.dueAt)}
          </Text>
          <OfficeDateTimeInput label={t('task.newDueAt')} value={dueAt} onChange={setDueAt} required minDate={new Date()} />
          <DialogFooter error={error} onCancel={onClose} submitLabel={t('task.save')} loading={running} />
        </Stack>
      </form>
    </Modal>
  );
}
