// The Excel import end to end into the local store (issue 10, point 11).
//
// `import`: a 100,000-row .xlsx (French names, Canadian phones, e-mails; one row in twenty an
// open lead already saved) imported by the desktop's own service (src-main/services/import), as
// the wizard drives it: import:open (the file read and cleaned in the worker threads, the open
// leads sharing a contact with each batch looked up among the replica's 100,000 meanwhile) then
// import:commit (duplicates grouped, the plan sent as lead.createMany chunks of 5,000 through the
// replica and its outbox). The reader is the worker the application ships (scripts/build.mjs,
// built before the clock starts), not the sources that tsx compiles as each worker starts.
// Target: <= 10 s and <= 1.5x the floor.
// Floor, same run, same file: the same reader (readSpreadsheet, in this thread) plus the same
// leads written by one prepared `insert into leads` in one transaction, into a replica holding the
// same 100,000 existing leads: what parsing and storing cost with no cleaning, no duplicates, no
// history, no outbox and no worker.
// Rounds (BENCH_IMPORT_ROUNDS, 3 by default): the floor then the import, each into a replica
// seeded afresh, the pair repeated; each figure is the median of its rounds. On the shared
// machine the speed moved within one run by more than the difference looked for (floors of 12 s
// and 21 s minutes apart), so a single floor measured before the import gave ratios that moved
// with the machine rather than the code.
//
// `import-full` (opt-in, minutes): a full sheet of 1,048,576 rows through the same path, in a
// process of its own; the figure is that process's peak resident memory (worker thread
// included), target <= 1 GiB.
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSpreadsheet } from '~node/spreadsheet';
import type { ChannelOutput } from '~shared/contract/ipc';
import type { Lead, Put } from '~shared/domain/entities';
import { SETTINGS_ID } from '~shared/domain/entities';
import { DEFAULT_TEST_SETTINGS, USERS } from '~shared/testing/builders';
import { newId } from '~shared/ids';
import { newReplicaKey } from '~main/db/encryption';
import { Replica } from '~main/db/replica';
import { HOST_HEAP_ARGS } from '~main/host/port';
import { rowStore, sqlColumns, toSqlValues } from '~main/db/rows';
import { fakeLeads } from '~shared/testing/fake-leads';
import { dispatch } from '~main/services/handlers';
import { createImportService } from '~main/services/import/import-service';
import { BUILT_WORKERS_ENV } from '~main/workers/start-worker';
import { buildWorkers } from '../scripts/build.mjs';
import { figure, type Reporter } from './report';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const EXISTING = Number(process.env.BENCH_IMPORT_EXISTING ?? 100_000);
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const FULL_SHEET_ROWS = Number(process.env.BENCH_IMPORT_FULL_ROWS ?? 1_048_576);
const ADMIN = USERS.admin;

/** The file as people send it: a header row, then one lead per row; every twentieth an existing lead. */
export async function writeXlsx(path: string, rows: number, existing: readonly Lead[]): Promise<void> {
  const fresh = fakeLeads(Math.min(rows, 200_000), { seed: 20261206, idPrefix: 'bbbbbbbb' });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Leads');
  sheet.addRow(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Programme']).commit();
  for (let i = 0; i < rows - 1; i += 1) {
    const again = existing.length > 0 && i % 20 === 0 ? existing[(i / 20) % existing.length] : undefined;
    const lead = again ?? (fresh[i % fresh.length] as Lead);
    // Beyond the generated set, e-mails get the row number so that every row is its own person.
    const email = again ? again.email : lead.email ? lead.email.replace('@', `.${i}@`) : null;
    const phone = again ? again.phoneRaw : i < fresh.length ? lead.phoneRaw : null;
    sheet.addRow([lead.firstName, lead.lastName, email ?? '', phone ?? '', lead.city ?? '', 'Entrée express']).commit();
  }
  await workbook.commit();
}

export function seededReplica(path: string, existing: readonly Lead[]): Replica {
  // Encrypted as every workstation's replica is (issue 14, point 1): the floor too, so the ratio
  // compares the import with the same pages written.
  const replica = Replica.open(path, { key: newReplicaKey() });
  const store = rowStore(replica.sqlite);
  const seed: Put[] = [
    ...Object.values(USERS).map((row): Put => ({ table: 'users', row })),
    { table: 'settings', row: { ...DEFAULT_TEST_SETTINGS, id: SETTINGS_ID } },
  ];
  replica.sqlite.transaction(() => {
    for (const put of seed) store.upsert(put.table, put.row);
    // Open leads: duplicates are looked for among them (not final, not archived).
    for (const lead of existing) store.upsert('leads', { ...lead, status: 'new' });
  })();
  return replica;
}

async function importThrough(replica: Replica, path: string): Promise<{ seconds: number; read: number; created: number }> {
  const service = createImportService({
    replica,
    session: () => ({ id: ADMIN.id, name: ADMIN.name, email: ADMIN.email, role: 'admin' }),
    emit: () => {},
  });
  try {
    const started = performance.now();
    const importId = newId();
    const opened = await dispatch(service.handlers, 'import:open', { importId, source: { kind: 'path', path } });
    if (!opened.ok) throw new Error(opened.error.message);
    const read = (performance.now() - started) / 1000;
    const committed = await dispatch(service.handlers, 'import:commit', { importId, choices: {} });
    if (!committed.ok) throw new Error(committed.error.message);
    const outcome = committed.value as ChannelOutput['import:commit'];
    if (outcome.interrupted) throw new Error(outcome.interrupted.message);
    return { seconds: (performance.now() - started) / 1000, read, created: outcome.created };
  } finally {
    await service.dispose();
  }
}

/** The floor: the same reader, and the rows stored by one prepared statement in one transaction. */
async function floorOf(replica: Replica, path: string): Promise<{ seconds: number; read: number }> {
  const started = performance.now();
  const file = await readSpreadsheet(path);
  const read = (performance.now() - started) / 1000;
  const rows = file.sheets[0]?.rows ?? [];
  const columns = sqlColumns('leads');
  const insert = replica.sqlite.prepare(`insert into leads (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const now = new Date().toISOString();
  // The columns the file does not fill, made once: the floor times the writing, not a generator.
  const template = fakeLeads(1, { seed: 1 })[0] as Lead;
  replica.sqlite.transaction(() => {
    for (let i = 1; i < rows.length; i += 1) {
      const [firstName, lastName, email, phone, city, program] = (rows[i] ?? []).map((c) => (c == null ? null : String(c)));
      const lead: Lead = {
        ...template,
        id: newId(),
        firstName: firstName ?? '',
        lastName: lastName ?? '',
        email: email ?? null,
        phoneE164: null,
        phoneRaw: phone ?? null,
        city: city ?? null,
        programOfInterest: program ?? null,
        status: 'new',
        source: 'import',
        createdAt: now,
        updatedAt: now,
      };
      insert.run(...toSqlValues('leads', lead));
    }
  })();
  return { seconds: (performance.now() - started) / 1000, read };
}

/**
 * The worker threads the application ships (the reader, the checkpointer), bundled and started by
 * this process and its children (workers/start-worker.ts, BUILT_WORKERS_ENV), as in `vitest run`:
 * not the sources that tsx compiles as each worker starts. Bundled under the repository, as
 * vitest's are: the checkpointer loads the native SQLite from its node_modules. Returns what
 * removes them.
 */
async function useBundledWorkers(): Promise<() => void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test-results', 'bench-workers-'));
  process.env[BUILT_WORKERS_ENV] = (await buildWorkers(dir)).href;
  return () => {
    delete process.env[BUILT_WORKERS_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}

/** The middle value (the upper middle of an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(reporter: Reporter): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bureau-bench-import-'));
  let removeWorkers = () => {};
  try {
    const existing = fakeLeads(EXISTING, { seed: 20260310 });
    const path = join(dir, 'leads.xlsx');
    await writeXlsx(path, ROWS + 1, existing);
    const label = `${ROWS / 1000}k`;
    reporter.add(figure('import', `xlsx-${label}-file-size`, statSync(path).size / (1024 * 1024), 'MiB', null, 'information'));

    removeWorkers = await useBundledWorkers();
    const rounds: Array<{ floor: { seconds: number; read: number }; import: { seconds: number; read: number; created: number } }> = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const floorReplica = seededReplica(join(dir, `floor-${round}.sqlite`), existing);
      const floor = await floorOf(floorReplica, path);
      floorReplica.close();
      const replica = seededReplica(join(dir, `replica-${round}.sqlite`), existing);
      const imported = await importThrough(replica, path);
      replica.close();
      for (const name of [`floor-${round}.sqlite`, `replica-${round}.sqlite`]) for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `${name}${suffix}`), { force: true });
      rounds.push({ floor, import: imported });
      process.stderr.write(`import round ${round + 1}: ${imported.seconds.toFixed(2)} s (read ${imported.read.toFixed(2)}), floor ${floor.seconds.toFixed(2)} s (read ${floor.read.toFixed(2)}), ratio ${(imported.seconds / floor.seconds).toFixed(2)}\n`);
    }
    const seconds = median(rounds.map((r) => r.import.seconds));
    const read = median(rounds.map((r) => r.import.read));
    const commit = median(rounds.map((r) => r.import.seconds - r.import.read));
    const created = rounds[0]!.import.created;
    const floor = { seconds: median(rounds.map((r) => r.floor.seconds)), read: median(rounds.map((r) => r.floor.read)), commit: median(rounds.map((r) => r.floor.seconds - r.floor.read)) };
    reporter.add(figure('import', `xlsx-${label}-end-to-end`, seconds, 's', floor.seconds, '<= 10 s and ratio <= 1.5 (issue 10)'));
    // Where the time goes: reading and cleaning (worker) against the bare reader, then the commit.
    reporter.add(figure('import', `xlsx-${label}-read-and-clean`, read, 's', floor.read, 'information'));
    reporter.add(figure('import', `xlsx-${label}-commit`, commit, 's', floor.commit, 'information (floor: one prepared insert)'));
    reporter.add(figure('import', `xlsx-${label}-created`, created, 'leads', null, 'information (one row in twenty is an existing lead, skipped)'));
  } finally {
    removeWorkers();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFullSheet(reporter: Reporter): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bureau-bench-import-full-'));
  let removeWorkers = () => {};
  try {
    const path = join(dir, 'full.xlsx');
    await writeXlsx(path, FULL_SHEET_ROWS, []);
    // The import runs in a process of its own, so that its peak memory is the import's and not the
    // generator's (which held 200,000 made-up leads and the writer's buffers to make the file).
    // The workers are bundled here, not in the child (which inherits the variable): esbuild's memory is no part of an import's.
    removeWorkers = await useBundledWorkers();
    const { seconds, maxRssKiB } = await importInChild(path, join(dir, 'replica.sqlite'));
    reporter.add(figure('import', `xlsx-${FULL_SHEET_ROWS}-end-to-end`, seconds, 's', null, 'information (must complete)'));
    // maxRSS is in KiB, for the whole process: the worker thread is part of it.
    reporter.add(figure('import', `xlsx-${FULL_SHEET_ROWS}-peak-rss`, maxRssKiB / 1024, 'MiB', null, '<= 1024 MiB (issue 10)'));
  } finally {
    removeWorkers();
    rmSync(dir, { recursive: true, force: true });
  }
}

const CHILD_FLAG = '--import-child';

function importInChild(path: string, replicaPath: string): Promise<{ seconds: number; maxRssKiB: number }> {
  return new Promise((resolve, reject) => {
    // The same loader (tsx) as this process (its execArgv), and the data host's heap ceiling: the
    // import runs in that process in the application.
    const child = spawn(process.execPath, [...HOST_HEAP_ARGS, ...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG, path, replicaPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`L’import du banc s’est arrêté (code ${code}).`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { seconds: number; maxRssKiB: number });
    });
  });
}

/** The child's side: an empty replica, the file imported, its time and peak memory on stdout. */
async function childImport(path: string, replicaPath: string): Promise<void> {
  const replica = seededReplica(replicaPath, []);
  const { seconds } = await importThrough(replica, path);
  replica.close();
  process.stdout.write(`${JSON.stringify({ seconds, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) {
  const [path, replicaPath] = process.argv.slice(childAt + 1);
  if (!path || !replicaPath) throw new Error('usage: import.bench.ts --import-child <fichier> <réplique>');
  await childImport(path, replicaPath);
}
