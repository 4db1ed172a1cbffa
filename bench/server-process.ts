import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The office server as a process of its own (`npm run server`'s entry), as an office runs it: what
// a bench measures from outside does not share its thread. BENCH_SERVER_NODE_ARGS (say
// `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server alone.

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the "ready" line (database opened and migrated, port listening). */
  readyMs: number;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src-server/main.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', WEB_FORM_RATE_LIMIT: '100000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /http:\/\/[\d.:[\]]+/.exec(out);
      if (found) resolve(found[0]);
    });
    child.on('exit', (code) => reject(new Error(`le serveur s’est arrêté (${code})`)));
  });
  const readyMs = performance.now() - started;
  return {
    url,
    child,
    readyMs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process, in MiB (Linux's /proc; null elsewhere). */
export function residentMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : null;
  } catch {
    return null;
  }
}
