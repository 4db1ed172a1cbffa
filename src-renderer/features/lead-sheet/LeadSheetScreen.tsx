import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { LeadSheet } from '~shared/contract/ipc';
import { awaitsDispatch } from '~shared/domain/dispatch';
import { invoke, useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useRouter, type Redo } from '../../app/router';
import { useSession } from '../../app/session';
import { procedureName, useOffice, useUserName } from '../../app/office';
import { PageTitle } from '../../components/PageTitle';
import { Empty } from '../../components/Empty';
import { StatusBadge } from '../../components/StatusBadge';
import { fullName } from '../../components/LeadName';
import { IconBack } from '../../components/icons';
import { TONE } from '../../app/theme';
import { ActionBar, type SheetDialog } from './ActionBar';
import { availableActions, scheduledAppointment, type LeadActions } from './availableActions';
import { LeadDetails } from './LeadDetails';
import { LeadHistory } from './LeadHistory';
import { LeadTasks } from './LeadTasks';
import { LeadSms } from '../sms/LeadSms';
import { LegalHoldCard } from '../privacy/LegalHold';
import { can } from '~shared/domain/permissions';
import { LogContactDialog } from './dialogs/LogContactDialog';
import { AppointmentDialog } from './dialogs/AppointmentDialog';
import { CancelAppointmentDialog, CloseConsultationDialog } from './dialogs/AppointmentOutcomeDialogs';
import { EvaluateDialog } from './dialogs/EvaluateDialog';
import { ConvertDialog } from './dialogs/ConvertDialog';
import { AssignLeadDialog } from './dialogs/AssignLeadDialog';
import { StatusDialog } from './dialogs/StatusDialog';

const SHEET_TABLES = [
  'leads',
  'history',
  'contact_attempts',
  'appointments',
  'tasks',
  'evaluations',
  'clients',
  'payments',
  'sms_messages',
  'users',
  'procedures',
] as const;

/** Which dialog reopens for a refused change (the redo of a refusal). */
function dialogFor(redo: Redo | undefined, force: boolean): SheetDialog | null {
  switch (redo?.name) {
    case 'lead.logContact':
      return 'contact';
    case 'appointment.book':
      return 'book';
    case 'lead.evaluate':
      return 'evaluate';
    case 'lead.convert':
      return 'convert';
    case 'lead.assign':
      return 'assign';
    case 'lead.setStatus':
      return force ? 'force' : 'status';
    default:
      return null;
  }
}

/** Whether the action bar offers this dialog now. */
function offered(dialog: SheetDialog, a: LeadActions): boolean {
  switch (dialog) {
    case 'contact':
      return a.contact.length > 0;
    case 'book':
      return a.book !== null;
    case 'move':
      return a.reschedule;
    case 'cancel':
      return a.cancel !== null;
    case 'done':
    case 'missed':
      return a.close !== null;
    case 'evaluate':
      return a.evaluate.length > 0;
    case 'convert':
      return a.convert;
    case 'assign':
      return a.assign || a.handToCounselor;
    case 'status':
      return a.statusChanges.length > 0;
    case 'force':
      return a.force.length > 0;
  }
}

/** A lead: details, status, the actions allowed now, appointments, evaluations and its whole history. */
export function LeadSheetScreen({ id, redo }: { id: string; redo?: Redo | undefined }) {
  const { t } = useTranslation();
  const { back, canGoBack, navigate } = useRouter();
  // `open`: this is the sheet itself, which the office's access log records (issue 14, point 6).
  const query = useQuery('leads:get', { id, open: true }, { tables: SHEET_TABLES });
  const [pendingRedo, setPendingRedo] = useState<Redo | undefined>(redo);

  if (query.loading) {
    return (
      <Stack>
        <Skeleton h={40} w={320} />
        <Skeleton h={240} radius="lg" />
      </Stack>
    );
  }
  const sheet = query.data;
  if (!sheet) {
    return (
      <Stack>
        {canGoBack && (
          <Group>
            <Button variant="subtle" leftSection={<IconBack size={16} />} onClick={back} px={4}>
              {t('common.back')}
            </Button>
          </Group>
        )}
        <Empty title={t('sheet.notFound')} description={query.error?.message ?? t('sheet.notFoundHint')}>
          <Button mt="md" variant="light" onClick={() => navigate({ name: 'leads' })}>
            {t('sheet.toList')}
          </Button>
        </Empty>
      </Stack>
    );
  }
  return <Sheet sheet={sheet} redo={pendingRedo} onRedoDone={() => setPendingRedo(undefined)} />;
}

function Sheet({ sheet, redo, onRedoDone }: { sheet: LeadSheet; redo: Redo | undefined; onRedoDone: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { back, canGoBack, navigate } = useRouter();
  const { actor } = useSession();
  const { usersById, procedures } = useOffice();
  const userName = useUserName();
  const { lead } = sheet;
  // "Consultation held / missed" opens once the consultation has begun: the sheet redraws then.
  const [tick, setTick] = useState(0);
  const startsAt = scheduledAppointment(sheet)?.startsAt;
  useEffect(() => {
    const wait = startsAt === undefined ? 0 : Date.parse(startsAt) - Date.now();
    if (wait <= 0) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(wait + 1000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [startsAt, tick]);
  const actions = useMemo(() => availableActions(actor, sheet, new Date().toISOString()), [actor, sheet, tick]);
  const redoForce = (redo?.args as { force?: unknown } | undefined)?.force === true;
  const redoDialog = dialogFor(redo, redoForce);
  // A redo reopens its form only if that action is still open to this user on this lead now;
  // otherwise the sheet says so rather than offer a form the rules would refuse again.
  const redoBlocked = redoDialog !== null && !offered(redoDialog, actions);
  const [dialog, setDialog] = useState<SheetDialog | null>(() => (redoBlocked ? null : redoDialog));
  const prefillFor = (d: SheetDialog) => (redo && dialogFor(redo, redoForce) === d ? redo.args : undefined);

  // A redo is done once the dialog it reopened saves: its refusal is then dismissed.
  const savedFrom = (from: SheetDialog | 'details') => () => {
    const redoneHere = from === 'details' ? redo?.name === 'lead.update' : redo !== undefined && dialogFor(redo, redoForce) === from;
    if (!redoneHere || !redo) return;
    if (redo.refusalId) void invoke('refusals:dismiss', { mutationId: redo.refusalId });
    onRedoDone();
  };
  const close = () => setDialog(null);

  useEffect(() => {
    if (redo && redo.name !== 'lead.update' && redoDialog === null) onRedoDone();
  }, [redo, redoDialog, onRedoDone]);

  const assignee = lead.assigneeId ? usersById.get(lead.assigneeId) : undefined;
  // domain.md, "The secretary rule": a lead she consulted waits for a counselor (the same rule as
  // the server's alert and the "À confier" list).
  const toDispatch = awaitsDispatch(lead, assignee);
  // Over and never marked held or missed (issue 15, point 4): « Ma journée » sends users here.
  const overdue = actions.appointment && Date.parse(actions.appointment.endsAt) <= Date.now() ? actions.appointment : null;
  const procedureById = new Map(procedures.map((p) => [p.id, p]));
  const appointments = [...sheet.appointments].filter((a) => !a.deletedAt).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const evaluations = [...sheet.evaluations].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <Stack gap="lg">
      {canGoBack && (
        <Group>
          <Button variant="subtle" leftSection={<IconBack size={16} />} onClick={back} px={4}>
            {t('common.back')}
          </Button>
        </Group>
      )}
      <div>
        <PageTitle
          aside={
            <Group gap="xs">
              <StatusBadge status={lead.status} size="lg" />
              {toDispatch && (
                <Badge color="orange" variant="light" size="lg" radius="sm" tt="none" data-testid="to-dispatch">
                  {t('sheet.toDispatch')}
                </Badge>
              )}
            </Group>
          }
        >
          {fullName(lead) || t('common.unnamed')}
        </PageTitle>
        <Text c="dimmed" size="sm" mt={-12} mb="md">
          {lead.assigneeId ? t('sheet.assignedTo', { name: userName(lead.assigneeId) }) : t('leads.unassigned')} · {t('sheet.statusSince', { when: format.dateTime(lead.statusChangedAt) })}
        </Text>
        <ActionBar actions={actions} onAction={setDialog} />
      </div>

      {redoBlocked && redo && (
        <Alert color="red" variant="light" title={t('sheet.redoBlockedTitle', { what: t(`mutation.${redo.name}`) })} withCloseButton onClose={onRedoDone} closeButtonLabel={t('common.close')} role="alert">
          {t('sheet.redoBlocked')}
        </Alert>
      )}
      {overdue && (
        <Alert color="red" variant="light" title={t('sheet.toCloseTitle')} data-testid="to-close">
          <Text size="sm">{t('sheet.toCloseText', { when: format.dateTime(overdue.startsAt), host: userName(overdue.hostId) })}</Text>
          {actions.close ? (
            <Group gap="xs" mt="sm">
              <Button size="xs" color={TONE.success} onClick={() => setDialog('done')}>
                {t('sheet.markDone')}
              </Button>
              <Button size="xs" variant="light" color="red" onClick={() => setDialog('missed')}>
                {t('sheet.markMissed')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" mt={4}>
              {t('sheet.toCloseNotYours', { host: userName(overdue.hostId) })}
            </Text>
          )}
        </Alert>
      )}
      {toDispatch && (
        <Alert color="orange" variant="light" title={t('sheet.toDispatch')}>
          {t('sheet.toDispatchHint')}
        </Alert>
      )}
      {sheet.duplicateOf && (
        <Alert color="yellow" variant="light" title={t('sheet.duplicateTitle')}>
          {t('sheet.duplicateOf')}{' '}
          <Anchor component="button" type="button" onClick={() => navigate({ name: 'lead', id: sheet.duplicateOf!.id })} fw={600}>
            {fullName(sheet.duplicateOf) || t('common.unnamed')}
          </Anchor>
        </Alert>
      )}
      {sheet.client && (
        <Alert color="yellow" variant="light" title={t('sheet.isClient', { file: sheet.client.fileNumber })}>
          <Anchor component="button" type="button" onClick={() => navigate({ name: 'client', id: sheet.client!.id })} fw={600}>
            {t('sheet.openClient')}
          </Anchor>
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="details-title">
              <Title order={2} size="h4" mb="md" id="details-title">
                {t('sheet.details')}
              </Title>
              <LeadDetails lead={lead} editable={actions.edit} prefill={redo?.name === 'lead.update' ? redo.args : undefined} onSaved={savedFrom('details')} />
            </Card>

            <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="appointments-title">
              <Title order={2} size="h4" mb="md" id="appointments-title">
                {t('sheet.appointments')}
              </Title>
              {appointments.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('sheet.noAppointments')}
                </Text>
              ) : (
                <Table verticalSpacing={6}>
                  <Table.Tbody>
                    {appointments.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {format.longDateTime(a.startsAt)}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t(`appointment.kind.${a.kind}`)} · {userName(a.hostId)}
                            {a.location ? ` · ${a.location}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Badge variant="light" radius="sm" tt="none" miw="max-content" color={a.state === 'scheduled' ? 'bureau' : a.state === 'attended' ? 'green' : a.state === 'missed' ? 'red' : 'gray'}>
                            {t(`appointment.state.${a.state}`)}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>

            <LeadTasks tasks={sheet.tasks} />

            <LeadSms lead={lead} messages={sheet.smsMessages} appointments={sheet.appointments} />

            {can(actor, 'lead.archive') && <LegalHoldCard leadId={lead.id} />}

            {evaluations.length > 0 && (
              <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="evaluations-title">
                <Title order={2} size="h4" mb="md" id="evaluations-title">
                  {t('sheet.evaluations')}
                </Title>
                <Stack gap="md">
                  {evaluations.map((e) => (
                    <div key={e.id}>
                      <Group gap="xs">
                        <StatusBadge status={e.result} size="sm" />
                        <Text size="xs" c="dimmed">
                          {t('history.by', { name: userName(e.evaluatedById) })} · {format.dateTime(e.createdAt)}
                        </Text>
                      </Group>
                      {e.procedureIds.length > 0 && (
                        <Text size="sm" mt={4}>
                          {e.procedureIds.map((pid) => {
                            const p = procedureById.get(pid);
                            return p ? procedureName(p, i18n.language) : t('common.unknownProcedure');
                          }).join(', ')}
                        </Text>
                      )}
                      {e.notes && (
                        <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                          {e.notes}
                        </Text>
                      )}
                    </div>
                  ))}
                </Stack>
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="history-title">
            <Title order={2} size="h4" mb="md" id="history-title">
              {t('sheet.history')}
            </Title>
            <LeadHistory history={sheet.history} />
          </Card>
        </Grid.Col>
      </Grid>

      <LogContactDialog lead={lead} choices={actions.contact} opened={dialog === 'contact'} prefill={prefillFor('contact')} onClose={close} onSaved={savedFrom('contact')} />
      <AppointmentDialog lead={lead} appointment={null} opened={dialog === 'book'} prefill={prefillFor('book')} onClose={close} onSaved={savedFrom('book')} />
      {actions.appointment && (
        <>
          <AppointmentDialog lead={lead} appointment={actions.appointment} opened={dialog === 'move'} onClose={close} onSaved={savedFrom('move')} />
          <CancelAppointmentDialog appointment={actions.appointment} opened={dialog === 'cancel'} onClose={close} onSaved={savedFrom('cancel')} />
          <CloseConsultationDialog appointment={actions.appointment} outcome={dialog === 'done' ? 'attended' : dialog === 'missed' ? 'missed' : null} onClose={close} onSaved={savedFrom(dialog === 'missed' ? 'missed' : 'done')} />
        </>
      )}
      <EvaluateDialog lead={lead} results={actions.evaluate} opened={dialog === 'evaluate'} prefill={prefillFor('evaluate')} onClose={close} onSaved={savedFrom('evaluate')} />
      <ConvertDialog lead={lead} opened={dialog === 'convert'} prefill={prefillFor('convert')} onClose={close} onSaved={savedFrom('convert')} />
      <AssignLeadDialog lead={lead} roles={actions.assignRoles} opened={dialog === 'assign'} prefill={prefillFor('assign')} onClose={close} onSaved={savedFrom('assign')} />
      <StatusDialog lead={lead} targets={actions.statusChanges} force={false} opened={dialog === 'status'} prefill={prefillFor('status')} onClose={close} onSaved={savedFrom('status')} />
      <StatusDialog lead={lead} targets={actions.force} force opened={dialog === 'force'} prefill={prefillFor('force')} onClose={close} onSaved={savedFrom('force')} />
    </Stack>
  );
}
