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
  'server-start': [async () => (await import('./server-start.bench')).runFirstStart],
  sync: [async () => (await import('./sync-local.bench')).run, async () => (await import('./sync.bench')).run],
  reports: [async () => (await import('./reports.bench')).run],
  import: [async () => (await import('./import.bench')).run],
  calendar: [async () => (await import('./calendar.bench')).run],
  desktop: [async () => (await import('./desktop.bench')).run],
};

/** Suites that take minutes: run only when named, never by `npm run bench` alone. */
const OPT_IN: Record<string, Array<() => Promise<Suite>>> = {
  'import-full': [async () => (await import('./import.bench')).runFullSheet],
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in SUITES) && !(n in OPT_IN));
  if (unknown.length > 0) {
    console.error(`Suite inconnue : ${unknown.join(', ')}. Suites : ${[...Object.keys(SUITES), ...Object.keys(OPT_IN)].join(', ')}.`);
    process.exit(2);
  }
  const reporter = new Reporter(json);
  for (const name of names.length > 0 ? names : Object.keys(SUITES)) {
    for (const load of SUITES[name] ?? OPT_IN[name] ?? []) await (await load())(reporter);
  }
}

await main();
