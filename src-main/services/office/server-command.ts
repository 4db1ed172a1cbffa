import { join } from 'node:path';

// How the desktop application runs the office server it hosts (issue 12, point 2): one setting,
// so that development and the installed application differ only here. The server is always a
// process of its own — its PGlite, its migrations and its scheduler never share the window's
// main process — and always speaks the same: settings in the environment, one ready line.

export interface OfficeServerCommand {
  /** The program (Node, or Electron's binary run as Node). */
  command: string;
  args: readonly string[];
  /** Working directory (the repository in development). */
  cwd?: string;
  /** Added to the server's environment (ELECTRON_RUN_AS_NODE for Electron's binary). */
  env?: Readonly<Record<string, string>>;
}

/** `tsx src-server/main.ts` from the repository: `npm start`, the development bridge, the tests. */
export function developmentServerCommand(root: string, node: string = process.execPath, env: Record<string, string> = {}): OfficeServerCommand {
  return { command: node, args: ['--import', 'tsx', join(root, 'src-server', 'main.ts')], cwd: root, env };
}

/**
 * `node out/server/main.js` as the installed application ships it: Electron's own binary run as
 * Node (ELECTRON_RUN_AS_NODE), so that no Node needs installing on the office's computer.
 */
export function packagedServerCommand(serverEntry: string, electronBinary: string): OfficeServerCommand {
  return { command: electronBinary, args: [serverEntry], env: { ELECTRON_RUN_AS_NODE: '1' } };
}
