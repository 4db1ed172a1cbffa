// `npm run bench -- [suite ...] [--json]`: runs the named suites (all when none) and prints figures.
import { Reporter } from './report';

type Suite = (reporter: Reporter) => Promise<void>;

// A suite may gather several modules (the server's push and web form figures, say).
const SUITES: Record<string, Array<() => Promise<Suite>>> = {
  server: [
    async () => (await import('./webform.bench')).run,
    async () => (await import('./server.bench')).run,
    async () => (await import('./server-start.bench')).run,
  ],
  sync: [async () => (await import('./sync-local.bench')).run, async () => (await import('./sync.bench')).run],
  reports: [async () => (await import('./reports.bench')).run],
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    console.error(`Suite inconnue : ${unknown.join(', ')}. Suites : ${Object.keys(SUITES).join(', ')}.`);
    process.exit(2);
  }
  const reporter = new Reporter(json);
  for (const name of names.length > 0 ? names : Object.keys(SUITES)) {
    for (const load of SUITES[name] ?? []) await (await load())(reporter);
  }
}

await main();
