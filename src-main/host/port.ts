import { fileURLToPath } from 'node:url';
import { runsFromSource } from '../runs-from-source';
import type { FromHost, ToHost } from './protocol';

// The one small interface both transports implement (issue 12, point 1): the main process's end
// of the data host's message port, whether the host is an Electron utilityProcess
// (utility-process-port.ts) or a Node child process (child-process-port.ts, the development
// bridge and the tests). DataHost (data-host.ts) is written against it alone.

export interface HostPort {
  readonly pid: number | undefined;
  post(message: ToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Once, however the process ended (a crash, a kill, its own exit). */
  onExit(listener: (how: string) => void): void;
  /** Ends the process at once (SIGKILL where there are signals). */
  kill(): void;
}

/** Starts one host process; DataHost calls it again after a crash. */
export type HostLauncher = () => HostPort;

/** The host's end: its parent, by whichever channel it was started with. */
export interface ParentLink {
  post(message: FromHost): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent is gone (its end of the channel closed). */
  onDisconnect(listener: () => void): void;
}

/**
 * V8's heap ceiling for the data host, whichever transport starts it (issue 10, point 11). Without
 * one, V8 sizes the heap from the machine's memory and lets the garbage of a million-row import's
 * commit pile up: 1,994 MiB peak measured for Excel's largest sheet; with this ceiling the same
 * import completes at 913 MiB (docs/benchmarks.md). What the import keeps alive for such a sheet
 * (its plan and duplicates index, ≈ 450 bytes a row) fits well under it; the reading has its own
 * worker and its own cap.
 */
export const HOST_HEAP_ARGS: readonly string[] = ['--max-old-space-size=700'];

/**
 * The path of a data host bundled once for a run from the sources (the journeys' global setup sets
 * it, scripts/build.mjs's buildDataHost; child processes inherit it): a host started from the
 * sources compiles them through tsx, 1.2 s a start against 0.3 s. Never read by the built app.
 */
export const BUILT_HOST_ENV = 'BUREAU_DATA_HOST';

/**
 * Where the host's entry is: the built out/main/host.js beside the bundle that asks (scripts/
 * build.mjs), or, from the sources (tsx, vitest, the development bridge), the run's bundled host
 * (BUILT_HOST_ENV) or else host-process.ts loaded through tsx.
 */
export function hostEntry(here: string): { path: string; execArgv: string[] } {
  if (!runsFromSource(here)) return { path: fileURLToPath(new URL('./host.js', here)), execArgv: [] };
  const built = process.env[BUILT_HOST_ENV];
  if (built) return { path: built, execArgv: [] };
  return { path: fileURLToPath(new URL('./host-process.ts', here)), execArgv: ['--import', 'tsx'] };
}
