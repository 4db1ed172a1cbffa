import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import type { Api, ApiEvent, Channel, ChannelInput, ChannelOutput, IpcResult } from '~shared/contract/ipc';
import { EVENT, INVOKE, UNKNOWN_CHANNEL_MESSAGE, isContractChannel } from '../ipc/names';

// `window.api` as the preload builds it (style.md point 4): three functions, never ipcRenderer
// itself nor anything that reaches it. Built from an injected ipcRenderer so that it is tested
// without Electron (api.test.ts); preload/index.ts hands it the real one.

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/** Electron's webUtils, which knows the path of a File the page holds (a drop, a file input). */
export type PreloadFiles = Pick<WebUtils, 'getPathForFile'>;

export function createApi(ipc: PreloadIpc, files: PreloadFiles): Api {
  const api = {
    invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<IpcResult<ChannelOutput[C]>> {
      // A page compromised into calling anything gets no further than this; the main process
      // checks again (ipc/register.ts), since a preload is no security boundary on its own.
      if (!isContractChannel(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: UNKNOWN_CHANNEL_MESSAGE } });
      }
      return ipc.invoke(INVOKE, channel, input) as Promise<IpcResult<ChannelOutput[C]>>;
    },
    on(listener: (event: ApiEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('on() attend une fonction.');
      // Only the event's data reaches the page: the IpcRendererEvent holds `sender`, the
      // ipcRenderer itself.
      const relay = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
      ipc.on(EVENT, relay);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(EVENT, relay);
      };
    },
    /**
     * The import reads a dropped file from the disk (issue 10, point 1): the page gets its path,
     * never its content through here; the main process accepts only a spreadsheet's path.
     */
    pathForFile(file: object): string {
      return files.getPathForFile(file as Parameters<PreloadFiles['getPathForFile']>[0]);
    },
  } satisfies Api;
  return Object.freeze(api);
}
