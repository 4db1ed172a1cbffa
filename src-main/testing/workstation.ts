import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvent, ChannelInput, ChannelOutput, Channel } from '~shared/contract/ipc';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';
import { SessionManager, type SessionManagerOptions } from '../services/session/session';
import type { FetchLike } from '../services/sync/http';
import type { Person, TestOffice } from './office';

// A workstation for the sync tests: a SessionManager with its own data folder, signed in as one of
// the test office's people, whose network can be cut (`offline = true`) without stopping the server.

export interface Workstation {
  manager: SessionManager;
  dataDir: string;
  events: ApiEvent[];
  /** While true, every request fails as if the cable were pulled. */
  offline: boolean;
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput[C]>;
  run<N extends MutationName>(name: N, args: MutationInput<N>): Promise<number>;
  sync(): Promise<ChannelOutput['sync:now']>;
  dispose(): Promise<void>;
}

export async function workstation(
  office: TestOffice,
  person: Person | null,
  options: Partial<SessionManagerOptions> & { dataDir?: string } = {},
): Promise<Workstation> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'bureau-ws-')));
  const events: ApiEvent[] = [];
  const network: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const manager = new SessionManager({
    dataDir,
    engine: { pokes: null, ...options.engine },
    ...options,
    fetch: (input, init) => (station.offline ? Promise.reject(new TypeError('fetch failed')) : network(input, init)),
  });
  const station: Workstation = {
    manager,
    dataDir,
    events,
    offline: false,
    async call(channel, input) {
      const result = await station.manager.invoke(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as ChannelOutput[typeof channel];
    },
    async run(name, args) {
      const { mutationId } = await station.call('mutations:run', { name, args });
      return mutationId;
    },
    sync: () => station.call('sync:now', {}),
    async dispose() {
      await station.manager.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  station.manager.on((event) => events.push(event));
  if (person !== null) {
    const user = office.users[person];
    const result = await station.manager.login(office.url, user.email, user.password);
    if (!result.ok) throw new Error(`login ${person}: ${result.error.message}`);
    await station.sync();
  }
  return station;
}

export function leadArgs(lastName: string, extra: Partial<MutationInput<'lead.create'>> = {}): MutationInput<'lead.create'> {
  return { id: newId(), firstName: 'Test', lastName, source: 'manual', ...extra };
}

/** The workstations a suite opens, so that its after-hooks close them all. */
export interface Workstations {
  open(...args: Parameters<typeof workstation>): Promise<Workstation>;
  /** Closes every workstation opened so far. */
  disposeAll(): Promise<void>;
}

export function workstations(): Workstations {
  const opened: Workstation[] = [];
  return {
    async open(...args) {
      const station = await workstation(...args);
      opened.push(station);
      return station;
    },
    async disposeAll() {
      for (const station of opened.splice(0)) await station.dispose();
    },
  };
}
