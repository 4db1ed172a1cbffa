import { extname, isAbsolute, resolve } from 'node:path';

// Spreadsheets opened with Bureau (issue 12, point 5): a double-click on an .xlsx (the installers
// associate it), « Ouvrir avec », or a file dropped on Bureau's icon. Windows and Linux hand them
// in the command line — of this launch, or of a second launch that the running one receives
// ('second-instance', with that launch's folder); macOS in 'open-file' events, the first ones
// before the window exists. They wait here until the page takes them (desktop:openedFiles:take),
// and the page, told by an `openedFiles` event, opens the import wizard on them.

/** What the import reads (services/import); anything else in a command line is not ours to open. */
const SPREADSHEETS = new Set(['.xlsx', '.xls', '.ods', '.csv']);

/** The spreadsheets named in a command line, as absolute paths (Chromium's switches skipped). */
export function spreadsheetArguments(argv: readonly string[], workingDirectory: string): string[] {
  const paths: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-') || !SPREADSHEETS.has(extname(arg).toLowerCase())) continue;
    // A Windows shell passes file:// addresses from some programs.
    const path = arg.startsWith('file://') ? decodeURIComponent(new URL(arg).pathname) : arg;
    paths.push(isAbsolute(path) ? path : resolve(workingDirectory, path));
  }
  return paths;
}

/** Files opened with the app, waiting for the page; `onAdded` nudges it (and shows the window). */
export class OpenedFiles {
  private waiting: string[] = [];

  constructor(private readonly onAdded: () => void = () => {}) {}

  add(paths: readonly string[]): void {
    const fresh = paths.filter((path) => !this.waiting.includes(path));
    if (fresh.length === 0) return;
    this.waiting.push(...fresh);
    this.onAdded();
  }

  /** Handed once: a page reloaded later does not import the same file again. */
  take(): string[] {
    const taken = this.waiting;
    this.waiting = [];
    return taken;
  }
}
