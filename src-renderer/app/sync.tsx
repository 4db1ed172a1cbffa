import { createContext, useContext, type ReactNode } from 'react';
import type { SyncStatus } from '~shared/contract/ipc';

// The sync client's state (sync:status, then every 'sync' event), for the offline indicator,
// the count of changes waiting and the count of refusals.

export const INITIAL_SYNC_STATUS: SyncStatus = {
  phase: 'idle',
  online: true,
  pending: 0,
  refusals: 0,
  lastSyncedAt: null,
  progress: null,
  message: null,
};

const SyncContext = createContext<SyncStatus>(INITIAL_SYNC_STATUS);

export function SyncProvider({ value, children }: { value: SyncStatus; children: ReactNode }) {
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

export function useSyncStatus(): SyncStatus {
  return useContext(SyncContext);
}
