import { createContext, useContext, type ReactNode } from 'react';
import type { SessionUser } from '~shared/contract/ipc';
import type { Actor } from '~shared/domain/mutations/types';

// Who is signed in, for `can()` (permissions.md) and for "mine" on every screen.

export interface SessionInfo {
  user: SessionUser;
  actor: Actor;
  serverUrl: string | null;
}

const SessionContext = createContext<SessionInfo | null>(null);

export function SessionProvider({ value, children }: { value: SessionInfo; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionInfo {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role };
}
