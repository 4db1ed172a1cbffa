import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { Appointment, Task } from '~shared/domain/entities';
import { LEAD_STATUSES, type LeadStatus } from '~shared/domain/statuses';
import { can } from '~shared/domain/permissions';
import type { CalendarLead, LeadListItem } from '~shared/contract/ipc';
import { useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { useUserName } from '../../app/office';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { LeadName, fullName } from '../../components/LeadName';
import { RecordRows, type RecordColumn } from '../../components/RecordTable';
import { showLeadsWith } from '../leads/leadsViewStore';
import { TaskActions } from '../tasks/TaskActions';

// Ma journée (issue 5): my callbacks due, today's and tomorrow's appointments (the office's for
// managers), consultations to close, leads to dispatch, unread notifications, my leads by status;
// managers also see new unassigned leads and the office.

const DASHBOARD_TABLES = ['leads', 'tasks', 'appointments', 'notifications', 'users'] as const;

function Section({ title, count, children, action }: { title: string; count?: number; children: ReactNode; action?: ReactNode }) {
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={2} size="h4" fw={600}>
            {title}
          </Title>
          {count !== undefined && (
            <Badge variant="light" color="gray" radius="sm">
              {count}
            </Badge>
          )}
        </Group>
        {action}
      </Group>
      {children}
    </Card>
  );
}

function Nothing({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" py="xs">
      {children}
    </Text>
  );
}

export function TodayScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user, actor } = useSession();
  const { navigate } = useRouter();
  const dashboard = useQuery('dashboard:get', {}, { tables: DASHBOARD_TABLES });
  const d = dashboard.data;
  const manager = can(actor, 'dashboard.office');
  const office = d?.appointmentsScope === 'office';
  const columns = useDayColumns(d?.leads);

  const openLeads = (filters: Parameters<typeof showLeadsWith>[0]) => {
    showLeadsWith(filters);
    navigate({ name: 'leads' });
  };

  return (
    <Stack gap="lg">
      <PageTitle aside={<Text c="dimmed">{format.longDate(new Date().toISOString())}</Text>}>{t('today.title', { name: user.name })}</PageTitle>
      {dashboard.error && (
        <Text c="red.9" role="alert">
          {dashboard.error.message}
        </Text>
      )}
      {!d ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={180} radius="lg" />
          ))}
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section
            title={t('today.callbacks')}
            count={d.callbacksDue.length}
            action={
              d.callbacksDue.length > 0 && (
                <Anchor component="button" size="sm" onClick={() => openLeads({ assignee: 'me', callbackDue: true })}>
                  {t('today.seeInList')}
                </Anchor>
              )
            }
          >
            <DayList rows={d.callbacksDue} columns={columns.tasks} none={t('today.noCallbacks')} />
          </Section>

          <Section title={t(office ? 'today.officeAppointmentsToday' : 'today.appointmentsToday')} count={d.appointmentsToday.length}>
            <DayList rows={d.appointmentsToday} columns={columns.appointments} none={t('today.noAppointmentsToday')} />
          </Section>

          {(d.toClose.length > 0 || d.toCloseScope === 'office') && (
            <Section title={t(d.toCloseScope === 'office' ? 'today.officeToClose' : 'today.toClose')} count={d.toClose.length}>
              <DayList rows={d.toClose} columns={columns.toClose} none={t('today.noToClose')} />
            </Section>
          )}

          <Section title={t(office ? 'today.officeAppointmentsTomorrow' : 'today.appointmentsTomorrow')} count={d.appointmentsTomorrow.length}>
            <DayList rows={d.appointmentsTomorrow} columns={columns.appointments} none={t('today.noAppointmentsTomorrow')} />
          </Section>

          {(user.role === 'secretary' || manager || d.toDispatch.length > 0) && (
            <Section title={t('today.toDispatch')} count={d.toDispatch.length}>
              <DayList rows={d.toDispatch} columns={columns.leads} none={t('today.noDispatch')} />
            </Section>
          )}

          <Section
            title={t('today.myLeads')}
            action={
              <Group gap="xs">
                <Badge variant="light" color={d.unreadNotifications > 0 ? 'red' : 'gray'} radius="sm" tt="none">
                  {d.unreadNotifications === 0 ? t('today.noUnread') : t('today.unread', { count: d.unreadNotifications })}
                </Badge>
              </Group>
            }
          >
            <StatusCounts counts={d.myLeadsByStatus} onOpen={(status) => openLeads({ assignee: 'me', statuses: [status] })} />
          </Section>

          {manager && d.newUnassigned && (
            <Section
              title={t('today.newUnassigned')}
              count={d.newUnassigned.length}
              action={
                <Button size="xs" variant="light" onClick={() => openLeads({ assignee: 'unassigned', statuses: ['new'] })}>
                  {t('today.distribute')}
                </Button>
              }
            >
              <DayList rows={d.newUnassigned.slice(0, 10)} columns={columns.leads} none={t('today.noNewUnassigned')} />
            </Section>
          )}

          {manager && d.officeByStatus && (
            <Section title={t('today.office')}>
              <StatusCounts counts={d.officeByStatus} onOpen={(status) => openLeads({ statuses: [status] })} />
            </Section>
          )}
        </SimpleGrid>
      )}
    </Stack>
  );
}

/** A section's rows, one a line without headers; or, when it has none, what it says instead. */
function DayList<T extends { id: string }>({ rows, columns, none }: { rows: readonly T[]; columns: readonly RecordColumn<T>[]; none: string }) {
  if (rows.length === 0) return <Nothing>{none}</Nothing>;
  return (
    <Table verticalSpacing={6} highlightOnHover>
      <RecordRows rows={rows} rowKey={(row) => row.id} columns={columns} />
    </Table>
  );
}

/** What each kind of row shows, column by column, in Ma journée's lists; `named`: their leads. */
function useDayColumns(named: readonly CalendarLead[] | undefined) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const { navigate } = useRouter();
  const names = useMemo(() => new Map((named ?? []).map((lead) => [lead.id, lead])), [named]);
  const leadName = (row: { leadId: string }) => <LeadName id={row.leadId} lead={names.get(row.leadId) ?? null} />;
  const tasks: RecordColumn<Task>[] = [
    { td: { w: 200 }, cell: (task) => <Text size="sm" c={Date.parse(task.dueAt) < Date.now() ? 'red.9' : undefined}>{format.dateTime(task.dueAt)}</Text> },
    { cell: (task) => (task.leadId ? leadName({ leadId: task.leadId }) : <Text size="sm">{task.title}</Text>) },
    { cell: (task) => <TaskActions task={task} /> },
  ];
  const appointments: RecordColumn<Appointment>[] = [
    { td: { w: 90 }, cell: (a) => <Text size="sm" fw={600}>{format.time(a.startsAt)}</Text> },
    { cell: leadName },
    { cell: (a) => <Text size="sm" c="dimmed">{t(`appointment.kind.${a.kind}`)} · {userName(a.hostId)}</Text> },
  ];
  /**
   * Consultations over and still « Prévu » (issue 15, point 4), oldest first: each says when and
   * with whom, and opens its lead, whose sheet offers « Consultation effectuée » and « manquée ».
   */
  const toClose: RecordColumn<Appointment>[] = [
    { td: { w: 150 }, cell: (a) => <Text size="sm" c="red.9">{format.shortDateTime(a.startsAt)}</Text> },
    { cell: leadName },
    { cell: (a) => <Text size="sm" c="dimmed">{userName(a.hostId)}</Text> },
    {
      td: { ta: 'right' },
      cell: (a) => (
        <Button size="compact-sm" variant="light" onClick={() => navigate({ name: 'lead', id: a.leadId })}>
          {t('today.close')}
        </Button>
      ),
    },
  ];
  const leads: RecordColumn<LeadListItem>[] = [
    {
      cell: (lead) => (
        <Anchor component="button" type="button" fw={500} onClick={() => navigate({ name: 'lead', id: lead.id })}>
          {fullName(lead) || t('common.unnamed')}
        </Anchor>
      ),
    },
    { cell: (lead) => <StatusBadge status={lead.status} size="sm" /> },
    { cell: (lead) => <Text size="sm" c="dimmed">{lead.assigneeId ? userName(lead.assigneeId) : t('leads.unassigned')}</Text> },
  ];
  return { tasks, appointments, toClose, leads };
}

function StatusCounts({ counts, onOpen }: { counts: Record<LeadStatus, number>; onOpen: (status: LeadStatus) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const shown = LEAD_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  if (shown.length === 0) return <Nothing>{t('today.noLeads')}</Nothing>;
  return (
    <Group gap="xs">
      {shown.map((status) => (
        <Button
          key={status}
          variant="default"
          size="xs"
          radius="xl"
          onClick={() => onOpen(status)}
          leftSection={<StatusBadge status={status} size="xs" />}
          aria-label={t('today.statusCount', { status: t(`status.${status}`), count: counts[status] })}
        >
          {format.number(counts[status])}
        </Button>
      ))}
    </Group>
  );
}
