import { readFileSync } from 'node:fs';
import { startChildServer, type ChildServer } from '~main/testing/child-server';

// The office server as a bench runs it: its own process (startChildServer), on any free port, quiet,
// without the web form's per-address limit (every sender is 127.0.0.1). BENCH_SERVER_NODE_ARGS
// (say `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server alone.

export interface BenchServer extends ChildServer {
  /** Milliseconds from spawn to the "ready" line (database opened and migrated, port listening). */
  readyMs: number;
}

export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const started = performance.now();
  const server = await startChildServer({ PORT: '0', LOG_LEVEL: 'silent', WEB_FORM_RATE_LIMIT: '100000', ...env }, { nodeArgs });
  return { ...server, readyMs: performance.now() - started };
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
