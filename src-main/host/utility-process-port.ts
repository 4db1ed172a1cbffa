import type { UtilityProcess } from 'electron';
import { HOST_HEAP_ARGS, hostEntry, type HostLauncher, type HostPort } from './port';

// The data host as an Electron utilityProcess (issue 12, point 1): a Node process of Electron's
// own, started from the main process, with a message port to it. Electron's `utilityProcess` is
// handed in by main.ts, so that this file is tested without Electron's binary.

/** The part of Electron's `utilityProcess` module used here. */
export interface UtilityProcessApi {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; execArgv?: string[]; stdio?: 'inherit' | 'ignore' | 'pipe'; env?: NodeJS.ProcessEnv }): UtilityProcessLike;
}

/** The part of Electron's UtilityProcess used here. */
export type UtilityProcessLike = Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill'> & {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
};

export interface UtilityProcessLauncherOptions {
  /** Default: out/main/host.js, beside main.js. */
  entry?: string;
  env?: NodeJS.ProcessEnv;
}

export function utilityProcessLauncher(utilityProcess: UtilityProcessApi, options: UtilityProcessLauncherOptions = {}): HostLauncher {
  const entry = options.entry ?? hostEntry(import.meta.url).path;
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Bureau — données', execArgv: [...HOST_HEAP_ARGS], stdio: 'inherit', env: options.env });
    const port: HostPort = {
      get pid() {
        return child.pid;
      },
      post(message) {
        child.postMessage(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        let told = false;
        child.on('exit', (code) => {
          if (told) return;
          told = true;
          listener(`code ${code}`);
        });
      },
      kill() {
        child.kill();
      },
    };
    return port;
  };
}
