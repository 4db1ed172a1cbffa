import { runOfficeCommand } from './commands';

// `npm run office -- <command>` (server-api.md): see commands.ts for the commands.
runOfficeCommand(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Erreur inattendue : ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
