import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionIcon, Alert, AppShell, Badge, Box, Group, Indicator, Menu, NavLink, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { invoke, setRefusalReporter, useApiEvent, useQuery } from '../lib/api';
import { saveLanguage, type UiLanguage } from '../lib/i18n';
import { roleTitle } from '../lib/roleTitle';
import { SyncIndicator } from '../components/SyncIndicator';
import { ConfirmModal } from '../components/ConfirmModal';
import { IconAlert, IconBell, IconBriefcase, IconCalendar, IconChart, IconHome, IconList, IconLogout, IconSettings, IconShield } from '../components/icons';
import { TwoFactorModal } from '../features/security/TwoFactorModal';
import { canAdminister, canImport, canSeeImports } from '../features/permissionsView';
import { ImportDropZone } from '../features/import-wizard/ImportDropZone';
import { ImportWizard } from '../features/import-wizard/ImportWizard';
import { useOpenedFiles } from '../features/import-wizard/useOpenedFiles';
import { LaunchAtLoginItem } from './LaunchAtLoginItem';
import { NotificationsPanel } from '../features/notifications/NotificationsPanel';
import { TodayScreen } from '../features/today/TodayScreen';
import { LeadsScreen } from '../features/leads/LeadsScreen';
import { LeadSheetScreen } from '../features/lead-sheet/LeadSheetScreen';
import { CalendarRoute } from './CalendarRoute';
import { CalendarFeedModal } from '../features/calendar/CalendarFeedModal';
import { whenIdleAfterSignIn } from '../features/calendar/drawAhead';
import { askOpeningWeekAhead } from '../features/calendar/calendarQuery';
import { ClientsScreen } from '../features/clients/ClientsScreen';
import { ClientSheetScreen } from '../features/clients/ClientSheetScreen';
import { RefusalsScreen } from '../features/refusals/RefusalsScreen';
import { ImportBatchesScreen } from '../features/import-batches/ImportBatchesScreen';
import { AdminScreen } from '../features/admin/AdminScreen';
import { CertificateWarning } from '../features/tls/CertificateWarning';
import { useOffice } from './office';
import { ReportsScreen } from '../features/reports/ReportsScreen';
import { useRouter, type Route, type RouteName } from './router';
import { useSession } from './session';
import { useSyncStatus } from './sync';

function screenFor(route: Route): ReactNode {
  switch (route.name) {
    case 'today':
      return <TodayScreen />;
    case 'leads':
      return <LeadsScreen redo={route.redo} />;
    case 'lead':
      return <LeadSheetScreen key={route.id} id={route.id} redo={route.redo} />;
    case 'calendar':
      // Kept mounted once opened (Shell below).
      return null;
    case 'clients':
      return <ClientsScreen />;
    case 'client':
      return <ClientSheetScreen key={route.id} id={route.id} />;
    case 'imports':
      return <ImportBatchesScreen />;
    case 'refusals':
      return <RefusalsScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'admin':
      return <AdminScreen tab={route.tab} redo={route.redo} />;
  }
}

/** The office's window: left navigation, a top bar with sync state and the bell, the screen. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { route, navigate } = useRouter();
  const { user, actor } = useSession();
  const { settings, usersById, timeZone } = useOffice();
  const status = useSyncStatus();
  const [panelOpen, setPanelOpen] = useState(false);
  const [confirmLogout, setConfirmLogout] = useState(false);
  const [feedOpen, setFeedOpen] = useState(false);
  const [twoFactorOpen, setTwoFactorOpen] = useState(false);
  const unread = useQuery('notifications:list', { unreadOnly: true, limit: 1 }, { tables: ['notifications'] });
  const mainRef = useRef<HTMLElement>(null);
  // A spreadsheet opened with Bureau goes to the import wizard.
  useOpenedFiles();

  // A refusal of the local rules (mutations:run answered { ok: false }) is shown in French.
  useEffect(() => {
    setRefusalReporter((error) =>
      notifications.show({ color: 'red', title: t('refusals.localTitle'), message: error.message, autoClose: 10_000 }),
    );
  }, [t]);

  // A desktop notification or a line of the tray was clicked (src-main/notifications/click.ts): its lead.
  useApiEvent((event) => {
    if (event.type === 'open') navigate({ name: 'lead', id: event.leadId });
  });

  // The server refused one of my changes: say so now, and keep it under "Refus" to redo.
  useApiEvent((event) => {
    if (event.type !== 'refused') return;
    const id = `refusal-${event.refusal.mutationId}`;
    notifications.show({
      id,
      color: 'red',
      title: t('refusals.toastTitle'),
      message: (
        <Stack gap={4}>
          <Text size="sm">{event.refusal.message}</Text>
          <UnstyledButton
            onClick={() => {
              // Followed: the notice has done its work, and it would cover the screen it opened.
              notifications.hide(id);
              navigate({ name: 'refusals' });
            }}
            style={{ textDecoration: 'underline', fontSize: 'var(--mantine-font-size-sm)' }}
          >
            {t('refusals.toastOpen')}
          </UnstyledButton>
        </Stack>
      ),
      autoClose: false,
    });
  });

  // A new screen closes the notifications panel, whatever opened it (issue 15, point 6).
  useEffect(() => setPanelOpen(false), [route]);

  // The screen's element is made again only when the route changes: the Shell renders again at
  // each change of the sync's state, of the unread count, of a panel, and drawing « Ma journée »
  // again with a secretary's day of ~570 rows took about 200 ms each time, three or four times in
  // its first two seconds (docs/decisions.md, "The page's first second after sign-in").
  const screen = useMemo(() => screenFor(route), [route]);
  const [calendarKept, setCalendarKept] = useState(false);
  useEffect(() => {
    if (route.name === 'calendar') setCalendarKept(true);
  }, [route.name]);
  // Its opening week asked at sign-in, after « Ma journée »'s own question (children's effects run
  // first): a first opening before the calendar is drawn ahead draws at once (calendarQuery.ts).
  useEffect(() => askOpeningWeekAhead({ id: user.id, role: user.role }, timeZone), [user.id, user.role, timeZone]);
  // Drawn ahead, hidden, once the page is idle after sign-in: its first opening is then a showing.
  useEffect(() => whenIdleAfterSignIn(() => setCalendarKept(true)), []);

  // Move the focus to the new screen's title so that keyboard users start there (not the kept
  // calendar's, while it is hidden).
  useEffect(() => {
    const titles = mainRef.current?.querySelectorAll<HTMLElement>('[data-page-title]') ?? [];
    [...titles].find((title) => title.closest('[hidden]') === null)?.focus();
  }, [route]);

  const nav: Array<{ name: RouteName; label: string; icon?: ReactNode; badge?: ReactNode; show: boolean; sub?: boolean }> = [
    { name: 'today', label: t('nav.today'), icon: <IconHome />, show: true },
    { name: 'leads', label: t('nav.leads'), icon: <IconList />, show: true },
    // Leads → Imports: under Leads, for those who may undo an import (permissions.md).
    { name: 'imports', label: t('nav.imports'), show: canSeeImports(actor), sub: true },
    { name: 'calendar', label: t('nav.calendar'), icon: <IconCalendar />, show: true },
    { name: 'clients', label: t('nav.clients'), icon: <IconBriefcase />, show: true },
    { name: 'reports', label: t('nav.reports'), icon: <IconChart />, show: true },
    {
      name: 'refusals',
      label: t('nav.refusals'),
      icon: <IconAlert />,
      show: true,
      badge: status.refusals > 0 ? (
        <Badge size="sm" color="red.9" circle aria-label={t('refusals.count', { count: status.refusals })}>
          {status.refusals}
        </Badge>
      ) : undefined,
    },
    { name: 'admin', label: t('nav.admin'), icon: <IconSettings />, show: canAdminister(actor) },
  ];
  const activeName: RouteName = route.name === 'lead' ? 'leads' : route.name === 'client' ? 'clients' : route.name;
  const unreadCount = unread.data?.unread ?? 0;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text fw={700} size="lg" c="bureau.8">
              {t('app.name')}
            </Text>
            {settings?.officeName && (
              <Text size="sm" c="dimmed" truncate maw={280}>
                {settings.officeName}
              </Text>
            )}
          </Group>
          <Group gap="md" wrap="nowrap">
            <SyncIndicator />
            <Tooltip label={t('notifications.open')} withArrow>
              <Indicator label={unreadCount > 99 ? '99+' : unreadCount} size={18} color="red.9" disabled={unreadCount === 0} offset={4}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={t('notifications.bell', { count: unreadCount })}
                  aria-haspopup="dialog"
                  aria-expanded={panelOpen}
                  onClick={() => setPanelOpen(true)}
                  data-testid="bell"
                >
                  <IconBell size={20} />
                </ActionIcon>
              </Indicator>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <AppShell.Section grow component="nav">
          <Stack gap={2}>
            {nav
              .filter((item) => item.show)
              .map((item) => (
                <NavLink
                  key={item.name}
                  component="button"
                  label={item.label}
                  leftSection={item.icon}
                  rightSection={item.badge}
                  active={activeName === item.name}
                  aria-current={activeName === item.name ? 'page' : undefined}
                  onClick={() => navigate({ name: item.name } as Route)}
                  pl={item.sub ? 44 : undefined}
                  styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontWeight: item.sub ? 400 : 500 } }}
                />
              ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Menu position="top-start" width={220}>
            <Menu.Target>
              <UnstyledButton w="100%" p="xs" style={{ borderRadius: 'var(--mantine-radius-md)' }} aria-label={t('user.menu')}>
                <Text size="sm" fw={600} truncate>
                  {user.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {roleTitle(t, usersById.get(user.id) ?? user)}
                </Text>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('user.language')}</Menu.Label>
              {(['fr-CA', 'en'] as UiLanguage[]).map((lng) => (
                <Menu.Item key={lng} onClick={() => saveLanguage(i18n, lng)} aria-current={i18n.language === lng ? 'true' : undefined}>
                  {t(`user.languages.${lng}`)}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <LaunchAtLoginItem />
              <Menu.Item leftSection={<IconCalendar size={16} />} onClick={() => setFeedOpen(true)}>
                {t('calendar.feed.menu')}
              </Menu.Item>
              <Menu.Item leftSection={<IconShield size={16} />} onClick={() => setTwoFactorOpen(true)}>
                {t('twoFactor.title')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => (status.pending > 0 ? setConfirmLogout(true) : void invoke('session:logout', {}))}>
                {t('user.logout')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main ref={mainRef} bg="gray.0" id="main">
        {status.phase === 'update_required' && (
          <Alert color="red" variant="light" mb="md" title={t('sync.updateRequired')} role="alert">
            {status.message ?? t('sync.updateRequiredHint')}
          </Alert>
        )}
        {status.phase === 'certificate_changed' && <CertificateWarning />}
        <Box maw={1400} mx="auto">
          {screen}
          {/* The calendar is drawn ahead once the page is idle after sign-in, and stays mounted, hidden
              while another screen shows: opening it shows the period and view left, at once,
              rather than drawing up to 2,000 events (docs/decisions.md, "The calendar kept" and
              "drawn ahead"). */}
          {(calendarKept || route.name === 'calendar') && (
            <div hidden={route.name !== 'calendar'}>
              <CalendarRoute active={route.name === 'calendar'} />
            </div>
          )}
        </Box>
      </AppShell.Main>

      <NotificationsPanel opened={panelOpen} onClose={() => setPanelOpen(false)} />
      <CalendarFeedModal opened={feedOpen} onClose={() => setFeedOpen(false)} />
      <TwoFactorModal opened={twoFactorOpen} onClose={() => setTwoFactorOpen(false)} />
      <ConfirmModal
        opened={confirmLogout}
        title={t('user.logoutTitle')}
        message={t('user.logoutPending', { count: status.pending })}
        confirmLabel={t('user.logout')}
        onCancel={() => setConfirmLogout(false)}
        onConfirm={() => {
          setConfirmLogout(false);
          void invoke('session:logout', {});
        }}
      />
      {canImport(actor) && (
        <>
          <ImportDropZone />
          <ImportWizard />
        </>
      )}
    </AppShell>
  );
}
