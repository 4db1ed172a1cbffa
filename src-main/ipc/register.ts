import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ApiEvent, IpcResult } from '~shared/contract/ipc';
import { isAllowedNavigation, isTrustedSender, type SenderInfo } from '../security';
import { EVENT, INVOKE, UNKNOWN_CHANNEL_MESSAGE, isContractChannel } from './names';

// The main process's side of window.api (architecture.md: ipc/ checks the sender and the input,
// then calls the services). The checks, in order:
//   1. the sender is our window's main frame showing our origin (style.md point 3), else the call
//      is rejected and nothing runs;
//   2. the channel is one of the contract's;
//   3. the host (SessionManager) runs `dispatch`, which parses the input with the channel's zod
//      schema and answers `{ ok, value } | { ok: false, error }` in French (style.md point 6).
// Electron is only a type here: the handler is tested with fake events (register.test.ts).

/** What serves the contract: SessionManager fits. */
export interface IpcHost {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  on(listener: (event: ApiEvent) => void): () => void;
}

/** The parts of Electron's invoke event that the checks read. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The parts of a WebContents that events are sent to. */
export interface EventReceiver {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcOptions {
  host: IpcHost;
  /** Our window's WebContents id now (null before it exists or after it closed). */
  trustedWebContentsId: () => number | null;
  /** The origin the window shows: app://bureau, or the Vite dev server's in development. */
  origin: string;
  /** Where ApiEvents go: our window's WebContents, when there is one. */
  target: () => EventReceiver | null;
  /** Told of each rejected sender (for the log: no payload). */
  onRejected?: (sender: SenderInfo, channel: unknown) => void;
}

export const REJECTED_SENDER_MESSAGE = 'Appel refusé : il ne vient pas de la fenêtre de Bureau.';

export function senderInfo(event: InvokeEventLike): SenderInfo {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frame: frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null } };
}

/** The `bureau:invoke` handler. A rejected sender gets a rejected promise, not data: it is no user of ours. */
export function createInvokeHandler(options: IpcOptions) {
  return async (event: InvokeEventLike, channel: unknown, input: unknown): Promise<IpcResult<unknown>> => {
    const sender = senderInfo(event);
    if (!isTrustedSender(sender, { webContentsId: options.trustedWebContentsId(), origin: options.origin })) {
      options.onRejected?.(sender, channel);
      throw new Error(REJECTED_SENDER_MESSAGE);
    }
    if (!isContractChannel(channel)) return { ok: false, error: { code: 'unknown_channel', message: UNKNOWN_CHANNEL_MESSAGE } };
    return options.host.invoke(channel, input);
  };
}

/** Sends an event to our window, only while it shows our own origin. */
export function createEventSender(options: Pick<IpcOptions, 'target' | 'origin'>) {
  return (event: ApiEvent): void => {
    const target = options.target();
    if (target === null || target.isDestroyed()) return;
    if (!isAllowedNavigation(target.getURL(), options.origin)) return;
    target.send(EVENT, event);
  };
}

export interface RegisteredIpc {
  /** Sends an event of the main process's own (a notification's 'open') to the window. */
  send(event: ApiEvent): void;
  dispose(): void;
}

/** Wires the handler and the host's events to Electron's ipcMain. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: IpcOptions): RegisteredIpc {
  const handler = createInvokeHandler(options);
  ipcMain.handle(INVOKE, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => handler(event, channel, input));
  const send = createEventSender(options);
  const unsubscribe = options.host.on(send);
  return {
    send,
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(INVOKE);
    },
  };
}
