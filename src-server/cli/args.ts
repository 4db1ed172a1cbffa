// `npm run office -- <command> --name value …`: the command and its options, nothing more.

export interface ParsedArgs {
  command: string | undefined;
  options: Record<string, string>;
  /** Arguments that are neither the command nor an option (reported as errors). */
  extra: string[];
}

/** `flags` are options without a value (`--dry-run`): the argument after one is not taken as its value. */
export function parseArgs(argv: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const options: Record<string, string> = {};
  const extra: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 2) {
        options[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--') || flags.includes(arg.slice(2))) options[arg.slice(2)] = '';
        else {
          options[arg.slice(2)] = value;
          i++;
        }
      }
    } else if (command === undefined) {
      command = arg;
    } else {
      extra.push(arg);
    }
  }
  return { command, options, extra };
}
