import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { UtilityProcessApi, UtilityProcessLike } from '../utility-process-port';

// A FAKE of Electron's `utilityProcess` (Electron's binary is absent here): `fork` starts a Node
// child process that runs the module with `process.parentPort` as Electron would give it
// (fake-utility-child.ts). It records what it was asked to start.

const CHILD = fileURLToPath(new URL('./fake-utility-child.ts', import.meta.url));

export interface FakeUtilityProcess extends UtilityProcessApi {
  forks: Array<{ modulePath: string; serviceName: string | undefined }>;
}

export function fakeUtilityProcess(): FakeUtilityProcess {
  const forks: FakeUtilityProcess['forks'] = [];
  return {
    forks,
    fork(modulePath, _args, options) {
      forks.push({ modulePath, serviceName: options?.serviceName });
      const child = fork(CHILD, [modulePath], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
      child.on('error', () => {});
      const fake = {
        get pid() {
          return child.pid;
        },
        postMessage(message: unknown) {
          if (child.connected) child.send(message as never, () => {});
        },
        on(event: 'message' | 'exit', listener: (value: unknown) => void) {
          // Electron's 'exit' gives a code only; a signal's death is a non-zero code.
          if (event === 'exit') child.on('exit', (code) => listener(code ?? 1));
          else child.on('message', listener);
          return fake;
        },
        kill() {
          return child.kill();
        },
      };
      return fake as unknown as UtilityProcessLike;
    },
  };
}
