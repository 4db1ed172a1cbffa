import { eq } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords';
import { createSession, resolveSession } from '../auth/sessions';
import type { ServerConfig } from '../config';
import { openServerDatabase } from '../db/connection';
import { userCredentials, users } from '../db/schema';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { dumpDatabase } from '../testing/dump';
import { office, withDb } from './testing';

// `npm run office -- <command>` (server-api.md): the commands as functions on both databases,
// and the real entry point in a child process (password on standard input, the PGlite lock).

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe.each(TEST_BACKENDS)('npm run office ($name)', (backend) => {
  let database: TestDatabase;
  let config: ServerConfig;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend, { onDisk: true, migrated: true });
    config = database.config;
    folder = mkdtempSync(join(tmpdir(), 'bureau-cli-'));
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  // Issue 15, point 3: help in both languages, a success; no command at all is a usage error.
  it('answers --help in French and English and exits 0', async () => {
    for (const argv of [['--help'], ['help'], ['user:create', '--help']]) {
      const { code, out, err } = await office(config, argv);
      expect(code, argv.join(' ')).toBe(0);
      expect(out).toContain('Usage : npm run office -- <commande> [options]');
      expect(out).toContain('Usage: npm run office -- <command> [options]');
      expect(out).toContain('creates a user (password read from standard input)');
      expect(err).toBe('');
    }
    const bare = await office(config, []);
    expect(bare.code).toBe(2);
    expect(bare.out).toContain('Usage: npm run office');
  });

  it('user:create reads the password from standard input, never prints it, and stores its argon2id hash', async () => {
    const done = await office(config, ['user:create', '--email', 'Marie@Bureau.test', '--name', 'Marie Tremblay', '--role', 'counselor'], 'un-mot-de-passe-solide\n');
    expect(done).toMatchObject({ code: 0, err: '' });
    expect(done.out).toMatch(/^Utilisateur créé\u00a0: marie@bureau\.test \(Conseillère\), identifiant [0-9a-f-]{36}\.\n$/);
    expect(done.out).not.toContain('un-mot-de-passe-solide');

    await withDb(config, async (db) => {
      const [row] = await db.db
        .select({ role: users.role, hash: userCredentials.passwordHash })
        .from(users)
        .innerJoin(userCredentials, eq(userCredentials.userId, users.id))
        .where(eq(users.email, 'marie@bureau.test'));
      expect(row?.role).toBe('counselor');
      expect(row!.hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row!.hash, 'un-mot-de-passe-solide')).toBe(true);
    });
  });

  it('user:create refuses a short password, a taken e-mail and an unknown role, in French', async () => {
    const short = await office(config, ['user:create', '--email', 'a@bureau.test', '--name', 'A', '--role', 'counselor'], 'court\n');
    expect(short.code).toBe(1);
    expect(short.err).toBe('Le mot de passe doit compter au moins 10 caractères.\n');

    const taken = await office(config, ['user:create', '--email', 'MARIE@bureau.test', '--name', 'B', '--role', 'director'], 'un-autre-mot-de-passe\n');
    expect(taken.code).toBe(1);
    expect(taken.err).toBe('Un utilisateur existe déjà avec ce courriel.\n');

    const role = await office(config, ['user:create', '--email', 'c@bureau.test', '--name', 'C', '--role', 'stagiaire'], 'un-autre-mot-de-passe\n');
    expect(role.code).toBe(2);
    expect(role.err).toMatch(/^Rôle inconnu «\u00a0stagiaire\u00a0»/);

    const missing = await office(config, ['user:create', '--email', 'c@bureau.test'], '');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^Option --name obligatoire/);

    expect((await office(config, ['user:effacer'])).code).toBe(2);
  });

  it('user:deactivate makes the user inactive and revokes their sessions', async () => {
    await office(config, ['user:create', '--email', 'julie@bureau.test', '--name', 'Julie', '--role', 'counselor'], 'un-mot-de-passe-solide\n');
    const token = await withDb(config, async (db) => {
      const [julie] = await db.db.select().from(users).where(eq(users.email, 'julie@bureau.test'));
      return createSession(db.db, julie!.id, new Date());
    });
    const done = await office(config, ['user:deactivate', '--email', 'JULIE@bureau.test']);
    expect(done).toMatchObject({ code: 0, out: 'Utilisateur désactivé : julie@bureau.test. Ses sessions sont révoquées.\n' });
    await withDb(config, async (db) => {
      const [julie] = await db.db.select().from(users).where(eq(users.email, 'julie@bureau.test'));
      expect(julie?.active).toBe(false);
      expect(await resolveSession(db.db, token, new Date())).toBeNull();
    });
    expect((await office(config, ['user:deactivate', '--email', 'personne@bureau.test'])).code).toBe(1);
  });

  it('backup (encrypted, passphrase from standard input) then restore into an empty database gives the same rows; restore refuses a database with data or a wrong passphrase', async () => {
    const file = join(folder, 'sauvegarde.bureau');
    const passphrase = 'cabane à sucre 2026\n';
    const short = await office(config, ['backup', '--out', file], 'court\n');
    expect(short).toMatchObject({ code: 1, err: expect.stringMatching(/au moins 12 caractères/) });
    expect(existsSync(file)).toBe(false);

    const saved = await office(config, ['backup', '--out', file], passphrase);
    expect(saved.code).toBe(0);
    expect(saved.out).toMatch(/^Sauvegarde écrite\u00a0: .*sauvegarde\.bureau \(\d+ lignes/);
    // Nothing personal readable in the file: the users' e-mails are in the database, not in clear here.
    expect(readFileSync(file).includes('bureau.test')).toBe(false);

    const refused = await office(config, ['restore', '--in', file], passphrase);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/n’est pas vide/);

    // Empty as a command finds it: every command migrates first, so a copy of this run's
    // migrated template is the same database without an initdb and a migration of its own.
    const empty = await createTestDatabase(backend, { onDisk: true, migrated: true });
    try {
      const wrong = await office(empty.config, ['restore', '--in', file], 'cabane à sucre 2025\n');
      expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/^Phrase de passe incorrecte/) });
      expect(await withDb(empty.config, (db) => db.db.select().from(users))).toEqual([]);

      const restored = await office(empty.config, ['restore', '--in', file], passphrase);
      expect(restored.code).toBe(0);
      const [before, after] = [await withDb(config, (db) => dumpDatabase(db.db)), await withDb(empty.config, (db) => dumpDatabase(db.db))];
      expect(after).toEqual(before);
      expect(after.tables.users).toHaveLength(2);
      // The backup is in the access log (issue 14, point 6), and the restored copy keeps it.
      expect(after.tables.access_log).toEqual([expect.objectContaining({ kind: 'export', userId: null, source: 'server', detail: 'Sauvegarde de la base (ligne de commande)\u00a0: sauvegarde.bureau' })]);
    } finally {
      await empty.dispose();
    }
    expect((await office(config, ['restore', '--in', join(folder, 'absente.jsonl')])).code).toBe(1);
  });

  it('seed:demo fills an empty database once and says the password is for the demo only', async () => {
    const empty = await createTestDatabase(backend, { onDisk: true, migrated: true });
    try {
      const done = await office(empty.config, ['seed:demo']);
      expect(done.code).toBe(0);
      expect(done.out).toMatch(/Bureau de démonstration créé\u00a0: 6 utilisateurs, 200 leads/);
      expect(done.out).toMatch(/pour la démo seulement.*: demo-bureau\n$/);
      const again = await office(empty.config, ['seed:demo']);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/n’est pas vide/);
    } finally {
      await empty.dispose();
    }
  });
});

describe('npm run office, in its own process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ name: 'PGlite', kind: 'pglite' }, { onDisk: true, migrated: true });
  });
  afterAll(() => database?.dispose());

  function run(argv: string[], stdin: string) {
    return new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
      const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src-server/cli/office.ts', ...argv], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: database.config.dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code) => done({ code, out, err }));
      child.stdin.end(stdin);
    });
  }

  it('creates a user with the password piped on standard input', async () => {
    const done = await run(['user:create', '--email', 'accueil@bureau.test', '--name', 'Chantal', '--role', 'secretary'], 'mot-de-passe-de-l-accueil\n');
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^Utilisateur créé\u00a0: accueil@bureau\.test \(Secrétaire\)/);
    expect(done.out + done.err).not.toContain('mot-de-passe-de-l-accueil');
  });

  it('says clearly, in French and English, that the server holds the PGlite database', async () => {
    const held = await openServerDatabase(database.config);
    try {
      const refused = await run(['user:deactivate', '--email', 'accueil@bureau.test'], '');
      expect(refused.code).toBe(3);
      expect(refused.err).toContain(`est déjà utilisée par un autre processus (pid ${process.pid}), probablement le serveur du bureau`);
      expect(refused.err).toContain('is already in use by another process');
    } finally {
      await held.close();
    }
  });
});
