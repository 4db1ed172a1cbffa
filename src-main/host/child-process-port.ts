import { fork } from 'node:child_process';
import { HOST_HEAP_ARGS, hostEntry, type HostLauncher, type HostPort } from './port';

// The data host as a plain Node child process (child_process.fork): the development bridge's and
// the tests' transport. The IPC channel uses structured clones ('advanced'), as Electron's ports
// do, so that an export's bytes cross as bytes.

export interface ChildProcessLauncherOptions {
  /** Default: the host beside this module (hostEntry). */
  entry?: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** 'inherit' (default): the host's own logs go to the parent's terminal. */
  stdio?: 'inherit' | 'ignore';
}

export function childProcessLauncher(options: ChildProcessLauncherOptions = {}): HostLauncher {
  const entry = hostEntry(import.meta.url);
  return () => {
    const child = fork(options.entry ?? entry.path, [], {
      execArgv: [...HOST_HEAP_ARGS, ...(options.execArgv ?? []), ...(options.entry === undefined ? entry.execArgv : [])],
      env: options.env ?? process.env,
      serialization: 'advanced',
      stdio: options.stdio === 'ignore' ? ['ignore', 'ignore', 'ignore', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // A failed send is a host that is ending: its 'exit' follows and DataHost answers the call.
    child.on('error', () => {});
    const port: HostPort = {
      get pid() {
        return child.pid;
      },
      post(message) {
        if (child.connected) child.send(message, (error) => void error);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        child.once('exit', (code, signal) => listener(signal !== null ? `signal ${signal}` : `code ${code}`));
      },
      kill() {
        child.kill('SIGKILL');
      },
    };
    return port;
  };
}
