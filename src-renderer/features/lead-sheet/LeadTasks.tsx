import { useTranslation } from 'react-i18next';
import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { Task } from '~shared/domain/entities';
import { useFormat } from '../../lib/useFormat';
import { useUserName } from '../../app/office';
import { TaskActions } from '../tasks/TaskActions';

/** The lead's open tasks (callbacks and to-dos), soonest first, each to tick done or move. */
export function LeadTasks({ tasks }: { tasks: readonly Task[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const open = tasks.filter((task) => task.completedAt === null && task.deletedAt === null).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="tasks-title">
      <Title order={2} size="h4" mb="md" id="tasks-title">
        {t('task.sheetTitle')}
      </Title>
      {open.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('task.none')}
        </Text>
      ) : (
        <Table verticalSpacing={6}>
          <Table.Tbody>
            {open.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>
                  <Text size="sm" fw={500} c={Date.parse(task.dueAt) < Date.now() ? 'red.9' : undefined}>
                    {format.dateTime(task.dueAt)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {task.title} · {t('task.owner', { name: userName(task.ownerId) })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray" radius="sm" tt="none">
                    {t(`task.kind.${task.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <TaskActions task={task} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
