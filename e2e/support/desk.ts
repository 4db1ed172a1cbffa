import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, ChannelInput, ChannelOutput, LeadSheet } from '~shared/contract/ipc';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { startDevWeb, type DevWeb } from '../../scripts/dev-web';
import { RENDERER_DIR, officeServerUrl } from './paths';
import { PASSWORD, person, type PersonKey } from './people';

// A workstation without a screen: the development bridge's services driven from Node, signed in
// as someone of the office. Tests arrange their starting point with it (a lead assigned, a
// consultation booked) through the same mutations and sync as the app, quickly, and keep the
// browser for what they check.

export class Desk {
  private constructor(
    private readonly devWeb: DevWeb,
    private readonly dataDir: string,
  ) {}

  static async open(key: PersonKey): Promise<Desk> {
    const dataDir = await mkdtemp(join(tmpdir(), `bureau-e2e-desk-${key}-`));
    const devWeb = await startDevWeb({ serverUrl: officeServerUrl(), bridgePort: 0, dataDir, rendererDir: RENDERER_DIR, build: 'never', quiet: true });
    const desk = new Desk(devWeb, dataDir);
    const who = person(key);
    await desk.call('session:login', { serverUrl: officeServerUrl(), email: who.email, password: PASSWORD });
    await desk.sync();
    return desk;
  }

  async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput[C]> {
    const result = await this.devWeb.host.invoke(channel, input);
    if (!result.ok) throw new Error(`${channel} : ${result.error.message}`);
    return result.value as ChannelOutput[C];
  }

  /** Pushes what is queued and pulls what the office changed. */
  async sync(): Promise<void> {
    const status = await this.call('sync:now', {});
    if (status.pending > 0 || status.phase !== 'idle') throw new Error(`Synchronisation inachevée : ${JSON.stringify(status)}`);
  }

  /** Runs a mutation, sends it, and fails loudly if the office server refused it. */
  async run<N extends MutationName>(name: N, args: MutationInput<N>): Promise<void> {
    const before = (await this.call('sync:status', {})).refusals;
    await this.sync();
    await this.call('mutations:run', { name, args } as ChannelInput<'mutations:run'>);
    await this.sync();
    const after = await this.call('sync:status', {});
    if (after.refusals > before) {
      const refused = await this.call('refusals:list', {});
      throw new Error(`Le serveur a refusé ${name} : ${refused.map((r) => r.message).join(' / ')}`);
    }
  }

  /** The lead as this desk's replica has it, after pulling. */
  async lead(id: string): Promise<LeadSheet> {
    await this.sync();
    const sheet = await this.call('leads:get', { id });
    if (!sheet) throw new Error(`Lead ${id} absent de la réplique`);
    return sheet;
  }

  async close(): Promise<void> {
    await this.devWeb.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
