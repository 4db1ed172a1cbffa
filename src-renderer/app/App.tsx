import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Center, Loader, Stack, Text } from '@mantine/core';
import type { Session, SyncStatus } from '~shared/contract/ipc';
import type { OfficeState } from '~shared/contract/office';
import type { ReplicaStatus } from '~shared/contract/replica';
import { invoke, useApiEvent } from '../lib/api';
import { LoginScreen } from '../features/login/LoginScreen';
import { FirstSyncScreen } from '../features/login/FirstSyncScreen';
import { FirstRunScreen } from '../features/first-run/FirstRunScreen';
import { UnreadableReplicaScreen } from '../features/replica/UnreadableReplicaScreen';
import { RecoveryCodesScreen } from '../features/security/RecoveryCodesScreen';
import { TwoFactorRequiredScreen } from '../features/security/TwoFactorRequiredScreen';
import { WipedScreen } from '../features/security/WipedScreen';
import { SessionProvider, actorOf, type SessionInfo } from './session';
import { INITIAL_SYNC_STATUS, SyncProvider } from './sync';
import { OfficeProvider } from './office';
import { RouterProvider } from './router';
import { Shell } from './Shell';

/**
 * A workstation that belongs to no office yet → create or join one (issue 12, point 2);
 * signed out → Connexion; first sync → its progress; then the office. A session that ends (401)
 * brings Connexion back, prefilled, while the outbox keeps the queued work (issue 5).
 */
export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [status, setStatus] = useState<SyncStatus>(INITIAL_SYNC_STATUS);
  const [failure, setFailure] = useState<string | null>(null);
  const [office, setOffice] = useState<OfficeState | null>(null);
  /** The office just joined, named on the sign-in screen that follows. */
  const [joinedName, setJoinedName] = useState<string | null>(null);
  /** The signed-in user's replica cannot be opened (issue 14, point 1). */
  const [replica, setReplica] = useState<ReplicaStatus>({ unreadable: null });
  /** The wipe notice was read: the sign-in screen follows (issue 14, point 4). */
  const [wipeRead, setWipeRead] = useState(false);
  /** Recovery codes of a set-up the office required, shown once before the office (issue 14, point 3). */
  const [setupCodes, setSetupCodes] = useState<string[] | null>(null);

  useEffect(() => {
    void invoke('session:get', {}).then((r) => (r.ok ? setSession(r.value) : setFailure(r.error.message)));
    void invoke('office:get', {}).then((r) => (r.ok ? setOffice(r.value) : setFailure(r.error.message)));
    void invoke('sync:status', {}).then((r) => r.ok && setStatus(r.value));
    void invoke('replica:status', {}).then((r) => r.ok && setReplica(r.value));
  }, []);

  useApiEvent((event) => {
    if (event.type === 'session') setSession(event.session);
    else if (event.type === 'sync') setStatus(event.status);
    else if (event.type === 'replica') setReplica(event.status);
  });

  const user = session?.user ?? null;
  const info = useMemo<SessionInfo | null>(
    () => (user ? { user, actor: actorOf(user), serverUrl: session?.serverUrl ?? null } : null),
    [user, session?.serverUrl],
  );

  if (failure) {
    return (
      <Center mih="100vh">
        <Text role="alert" c="red.9">
          {failure}
        </Text>
      </Center>
    );
  }
  const loading = (
    <Center mih="100vh">
      <Stack align="center" gap="xs">
        <Loader aria-label={t('common.loading')} />
      </Stack>
    </Center>
  );
  if (!session || !office) return loading;

  if (replica.unreadable) {
    return (
      <UnreadableReplicaScreen
        unreadable={replica.unreadable}
        onStarted={(s) => {
          setReplica({ unreadable: null });
          setSession(s);
          void invoke('sync:status', {}).then((r) => r.ok && setStatus(r.value));
        }}
      />
    );
  }

  if (!info && session.serverUrl === null && office.mode === 'none') {
    return (
      <FirstRunScreen
        onJoined={(serverUrl, officeName) => {
          setJoinedName(officeName);
          setOffice({ mode: 'join', serverUrl, officeName, hosted: null });
        }}
        onCreatedSignIn={async (created, email, password) => {
          const result = await invoke('session:login', { serverUrl: created.serverUrl, email, password });
          if (!result.ok) return result.error.message;
          setOffice({ mode: 'host', serverUrl: created.serverUrl, officeName: created.officeName, hosted: null });
          setSession(result.value);
          void invoke('sync:status', {}).then((r) => r.ok && setStatus(r.value));
          return null;
        }}
      />
    );
  }

  if (session.wiped === true && !wipeRead && !info) return <WipedScreen onContinue={() => setWipeRead(true)} />;
  if (session.twoFactorSetup === true && info) return <TwoFactorRequiredScreen onEnabled={setSetupCodes} />;
  if (setupCodes !== null && info) return <RecoveryCodesScreen codes={setupCodes} onDone={() => setSetupCodes(null)} />;

  const ended = status.phase === 'session_ended';
  if (!info || ended) {
    return (
      <LoginScreen
        defaults={{ serverUrl: session.serverUrl ?? office.serverUrl ?? '', email: user?.email ?? '' }}
        joinedOffice={joinedName}
        expired={status.phase === 'session_ended'}
        pending={status.pending}
        onSignedIn={(s) => {
          setWipeRead(false);
          setSession(s);
          void invoke('sync:status', {}).then((r) => r.ok && setStatus(r.value));
        }}
      />
    );
  }
  if (status.phase === 'first_sync') return <FirstSyncScreen status={status} />;
  // Just signed in: the sync state is still the signed-out one until the workstation says whether
  // a first sync is needed. Showing the office now would show an empty replica that fills a
  // moment later (issue 17: a badge at 0, then 26).
  if (status.phase === 'signed_out') return loading;

  return (
    <SessionProvider value={info}>
      <SyncProvider value={status}>
        <OfficeProvider until={loading}>
          <RouterProvider>
            <Shell />
          </RouterProvider>
        </OfficeProvider>
      </SyncProvider>
    </SessionProvider>
  );
}
