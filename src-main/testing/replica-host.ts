import type { ApiEvent, SessionUser } from '~shared/contract/ipc';
import { USERS } from '~shared/testing/builders';
import { createEmitter } from '~shared/events';
import { Replica } from '../db/replica';
import type { ReferenceOffice } from './reference-office';
import { newOffice, pullAll } from './sync-harness';
import { createServices, dispatch, type ServiceMap } from '../services/handlers';
import type { IpcHost } from '../ipc/register';

// For the tests of ipc/ and notifications/: what SessionManager is to them (an IpcHost), built on
// the real services and the real `dispatch` over an in-memory replica of a reference office,
// without a server or a sync engine. Pull with `pull()` to bring the office's rows in.

export function sessionUser(u: (typeof USERS)[keyof typeof USERS]): SessionUser {
  return { id: u.id, name: u.name, email: u.email, role: u.role };
}

export interface ReplicaHost extends IpcHost {
  office: ReferenceOffice;
  replica: Replica;
  /** Pulls everything the office has for the signed-in user. */
  pull(): void;
  signIn(user: SessionUser | null): void;
  emit(event: ApiEvent): void;
  close(): void;
}

export function replicaHost(options: { user?: SessionUser | null; clock?: () => Date } = {}): ReplicaHost {
  const clock = options.clock ?? (() => new Date());
  const office = newOffice();
  const replica = Replica.open(':memory:', { clock });
  let user: SessionUser | null = options.user === undefined ? sessionUser(USERS.admin) : options.user;
  // A listener that throws fails the test: its error reaches the emitter's caller.
  const events = createEmitter<ApiEvent>((error) => {
    throw error;
  });
  const emit = (event: ApiEvent) => events.emit(event);
  const services = createServices({ replica, session: () => user, clock });
  const own: ServiceMap = {
    'session:get': () => ({ user, serverUrl: 'http://127.0.0.1:8787' }),
  };
  replica.onChange((tables) => emit({ type: 'changed', tables: [...tables] }));
  return {
    office,
    replica,
    invoke: (channel, input) => dispatch({ ...services, ...own }, channel as never, input, () => {}),
    on: (listener) => events.on(listener),
    pull: () => {
      pullAll(replica, office, user?.id ?? USERS.admin.id);
    },
    signIn(next) {
      user = next;
      emit({ type: 'session', session: { user, serverUrl: 'http://127.0.0.1:8787' } });
    },
    emit,
    close() {
      replica.close();
      office.close();
    },
  };
}
