import type { Api, ApiEvent, Channel, ChannelInput, ChannelOutput, IpcResult } from '~shared/contract/ipc';

// A test double of the IPC boundary for component tests only: it answers each channel with what
// the test gives it and records every call, so that a test can say what the screen asked for.
// The real journeys run through the development bridge in Playwright.

type Answer<C extends Channel> = ChannelOutput[C] | IpcResult<ChannelOutput[C]>;
/** A promise holds the answer until the test settles it (to see a screen between asking and hearing). */
type Handler<C extends Channel> = (input: ChannelInput<C>) => Answer<C> | Promise<Answer<C>>;
export type Handlers = { [C in Channel]?: Handler<C> };

export interface RecordedCall {
  channel: Channel;
  input: unknown;
}

export class FakeApi implements Api {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  constructor(private readonly handlers: Handlers = {}) {}

  async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput[C]>> {
    this.calls.push({ channel, input: structuredClone(input) });
    const handler = this.handlers[channel] as Handler<C> | undefined;
    if (!handler) return { ok: false, error: { code: 'not_found', message: `Canal non simulé : ${channel}` } };
    const answer = await handler(input);
    if (answer && typeof answer === 'object' && 'ok' in answer && typeof (answer as { ok: unknown }).ok === 'boolean' && ('value' in answer || 'error' in answer)) {
      return answer as IpcResult<ChannelOutput[C]>;
    }
    return { ok: true, value: answer as ChannelOutput[C] };
  }

  on(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  callsTo<C extends Channel>(channel: C): Array<ChannelInput<C>> {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input as ChannelInput<C>);
  }

  /** The mutations sent through mutations:run, by name and args. */
  mutations(): Array<{ name: string; args: unknown }> {
    return this.callsTo('mutations:run') as Array<{ name: string; args: unknown }>;
  }
}
