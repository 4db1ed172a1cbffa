import { CONTRACT, type Channel } from '~shared/contract/ipc';

// The two Electron IPC names that carry the whole contract (style.md point 2): every call travels
// on one `invoke` name with its contract channel as the first argument, every event on one `send`
// name. The preload and ipc/register.ts share them from here.

export const INVOKE = 'bureau:invoke';
export const EVENT = 'bureau:event';

/** A channel of src-shared/contract/ipc.ts (own keys only: 'toString' or '__proto__' are not). */
export function isContractChannel(channel: unknown): channel is Channel {
  return typeof channel === 'string' && Object.hasOwn(CONTRACT, channel);
}

export const UNKNOWN_CHANNEL_MESSAGE = 'Cette action n’existe pas dans cette version de l’application.';
