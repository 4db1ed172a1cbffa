import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The office server as a process of its own (`node --import tsx src-server/main.ts`), as an office
// runs it: for the test that SIGKILLs it mid-push and for the benches, where the server must not
// share the thread of the workstation or of the senders that measure it.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  process: ChildProcess;
  url: string;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
  /** SIGTERM: the server's own clean stop. */
  stop(): Promise<void>;
}

/**
 * Starts the server with these environment variables; resolves once it says it listens.
 * `nodeArgs` go to Node before the entry (a bench's `--cpu-prof`, say).
 */
export function startChildServer(env: Record<string, string>, options: { nodeArgs?: readonly string[] } = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'src-server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ended = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /prêt sur (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        child.stdout!.resume();
        resolve({ process: child, url: match[1]!, kill: () => ended('SIGKILL'), stop: () => ended('SIGTERM') });
      }
    };
    const onExit = (code: number | null) => reject(new Error(`le serveur du bureau s’est arrêté (${code}) : ${output}`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', onExit);
  });
}
