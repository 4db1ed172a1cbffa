import { basename, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { IMPORT_FIELD_LABELS, type DryRunSummary } from '~shared/domain/import';
import { MAX_BATCH } from '~shared/domain/mutations/args';
import { ROLE_LABELS, ROLES, type Role } from '~shared/domain/roles';
import { announceToOtherProcesses } from '../auth/session-notices';
import { createUser, deactivateUserByEmail, UserRuleError } from '../auth/users';
import { ConfigError, describeDatabase, loadConfig, type ServerConfig } from '../config';
import { recordAccess } from '../accountability/access-log';
import { BackupError, backupDatabase, restoreDatabase } from '../db/backup';
import { MIN_PASSPHRASE_LENGTH, PassphraseError, passphraseProblem } from '../db/backup-cipher';
import { migrateServerDb, openServerDatabase, type ServerDb } from '../db/connection';
import { DatabaseInUseError } from '../db/data-dir-lock';
import { DEMO_PASSWORD, DEMO_USERS, DemoRefusedError, seedDemo } from '../seed/demo';
import { parseArgs } from './args';
import { DUPLICATE_CHOICES, ImportRefusedError, previewImport, readImportFile, writeImport, type ImportFile } from './import-leads';
import { PasswordInputError, readPassword, readSecret } from './password-input';

// `npm run office -- <command>`: administration on the same database as the server
// (server-api.md, "Starting"). Each command opens the database (migrating it if needed), does its
// work and closes it; with PGlite that fails clearly while the server holds the data folder.

export interface OfficeIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  now?: () => Date;
}

/** Exit codes: 0 done, 1 refused (a rule, a file), 2 usage, 3 database in use or unreachable. */
export const EXIT = { ok: 0, refused: 1, usage: 2, database: 3 } as const;

export const USAGE = `Usage : npm run office -- <commande> [options]

  user:create --email E --name N --role R   crée un utilisateur (mot de passe lu sur l’entrée standard)
                                            rôles : ${ROLES.join(', ')}
  user:deactivate --email E                 désactive un utilisateur et révoque ses sessions
  backup --out FICHIER                      sauvegarde toute la base, chiffrée (phrase de passe lue sur l’entrée standard)
  restore --in FICHIER                      restaure une sauvegarde dans une base VIDE
  seed:demo                                 installe le bureau de démonstration dans une base vide
  import FICHIER [--sheet NOM] [--duplicates skip|merge|create] [--dry-run] [--json]
                                            importe les leads d’un fichier .xlsx, .xls, .ods ou .csv ;
                                            doublons ignorés sauf --duplicates merge (compléter le lead
                                            existant) ou create (créer quand même) ; --dry-run montre
                                            ce qui serait fait sans rien enregistrer

La base est celle du serveur : DATABASE_URL, sinon PGlite dans DATA_DIR (./data/server).

Usage: npm run office -- <command> [options]

  user:create --email E --name N --role R   creates a user (password read from standard input)
                                            roles: ${ROLES.join(', ')}
  user:deactivate --email E                 deactivates a user and revokes their sessions
  backup --out FILE                         backs up the whole database, encrypted (passphrase read from standard input)
  restore --in FILE                         restores a backup into an EMPTY database
  seed:demo                                 installs the demo office into an empty database
  import FILE [--sheet NAME] [--duplicates skip|merge|create] [--dry-run] [--json]
                                            imports the leads of an .xlsx, .xls, .ods or .csv file;
                                            duplicates skipped unless --duplicates merge (fill in the
                                            existing lead) or create (create anyway); --dry-run shows
                                            what would be done without saving anything

The database is the server's: DATABASE_URL, else PGlite in DATA_DIR (./data/server).
`;

class UsageError extends Error {}

interface CommandContext {
  config: ServerConfig;
  /** What `prepare` returned. */
  prepared: unknown;
}

interface Command {
  options: readonly string[];
  /** Arguments after the command (the file of `import`). */
  positional?: number;
  /** Work done before the database is opened (reading the file to import): a refusal touches nothing. */
  prepare?(options: Record<string, string>, positional: readonly string[]): Promise<unknown>;
  run(db: ServerDb, options: Record<string, string>, io: OfficeIo, now: Date, context: CommandContext): Promise<void>;
}

/** Options without a value. */
const FLAGS = ['dry-run', 'json', 'help'];

const say = (io: OfficeIo, line: string) => io.stdout.write(`${line}\n`);

function required(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (value === undefined || value === '') throw new UsageError(`Option --${name} obligatoire.`);
  return value;
}

const COMMANDS: Record<string, Command> = {
  'user:create': {
    options: ['email', 'name', 'role'],
    async run(db, options, io, now) {
      const email = required(options, 'email');
      const name = required(options, 'name');
      const role = required(options, 'role');
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`Rôle inconnu « ${role} » : ${ROLES.join(', ')}.`);
      }
      const password = await readPassword(io);
      const { user } = await createUser(db, { email, name, role: role as Role, password }, now);
      say(io, `Utilisateur créé : ${user.email} (${ROLE_LABELS[user.role].fr}), identifiant ${user.id}.`);
    },
  },
  'user:deactivate': {
    options: ['email'],
    async run(db, options, io, now) {
      const { user } = await deactivateUserByEmail(db, required(options, 'email'), now);
      // The running server processes close the user's poke sockets (PostgreSQL; on PGlite the
      // server is stopped while the CLI runs).
      await announceToOtherProcesses(db, { kind: 'user_revoked', userId: user.id });
      say(io, `Utilisateur désactivé : ${user.email}. Ses sessions sont révoquées.`);
    },
  },
  backup: {
    options: ['out'],
    async run(db, options, io, now) {
      const file = resolve(required(options, 'out'));
      // Always encrypted (issue 14): a backup holds every lead's personal data.
      const passphrase = await readSecret(io, {
        prompt: `Phrase de passe de la sauvegarde (${MIN_PASSPHRASE_LENGTH} caractères au moins ; gardez-la en lieu sûr, sans elle rien ne se relit) : `,
        again: 'Phrase de passe, encore une fois : ',
        mismatch: 'Les deux phrases de passe diffèrent : aucune sauvegarde n’a été écrite.',
      });
      // A backup is an export of every file: the access log says when and where (issue 14, point 6),
      // recorded first so that the backup holds its own record and a restore keeps it; a refused
      // passphrase writes nothing, and is no export.
      const problem = passphraseProblem(passphrase);
      if (problem !== null) throw new PassphraseError(problem);
      await recordAccess(db.db, { kind: 'export', userId: null, detail: `Sauvegarde de la base (ligne de commande) : ${basename(file)}` }, now);
      const header = await backupDatabase(db, file, now, { passphrase });
      const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
      say(io, `Sauvegarde écrite : ${file} (${rows} lignes, ${Object.keys(header.tables).length} tables, version ${header.versionCounter}).`);
    },
  },
  restore: {
    options: ['in'],
    async run(db, options, io) {
      const file = resolve(required(options, 'in'));
      const header = await restoreDatabase(db, file, {
        askPassphrase: () => readSecret(io, { prompt: 'Phrase de passe de la sauvegarde : ' }),
      });
      const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
      say(io, `Sauvegarde du ${header.createdAt} restaurée : ${rows} lignes, version ${header.versionCounter}.`);
    },
  },
  'seed:demo': {
    options: [],
    async run(db, _options, io, now) {
      const summary = await seedDemo(db, { now, timeZone: loadConfig(io.env).timeZone });
      say(
        io,
        `Bureau de démonstration créé : ${summary.users} utilisateurs, ${summary.leads} leads, ` +
          `${summary.appointmentsThisWeek} rendez-vous cette semaine, ${summary.clients} clients.`,
      );
      say(io, `Comptes : ${DEMO_USERS.map((u) => u.email).join(', ')}.`);
      say(io, `Mot de passe de démonstration, pour la démo seulement (jamais pour un vrai bureau) : ${DEMO_PASSWORD}`);
    },
  },
  import: {
    options: ['sheet', 'duplicates', 'dry-run', 'json'],
    positional: 1,
    async prepare(options, positional) {
      const file = positional[0];
      if (file === undefined || file === '') throw new UsageError('Fichier à importer manquant : npm run office -- import FICHIER.');
      const duplicates = options.duplicates ?? 'skip';
      if (!(DUPLICATE_CHOICES as readonly string[]).includes(duplicates)) {
        throw new UsageError(`--duplicates « ${duplicates} » inconnu : ${DUPLICATE_CHOICES.join(', ')}.`);
      }
      if (options.sheet === '') throw new UsageError('Option --sheet sans nom de feuille.');
      return readImportFile(resolve(file), options.sheet);
    },
    async run(db, options, io, now, { config, prepared }) {
      const file = prepared as ImportFile;
      const json = options.json !== undefined;
      const dryRun = options['dry-run'] !== undefined;
      // Which database is about to be read or written; with --json, stdout holds the JSON only.
      (json ? io.stderr : io.stdout).write(`Base de données : ${describeDatabase(config)}\n`);
      const { plan, summary } = await previewImport(db, file, (options.duplicates ?? 'skip') as 'skip' | 'merge' | 'create');
      if (dryRun) {
        if (json) io.stdout.write(`${JSON.stringify(summary)}\n`);
        else sayPreview(io, file, summary, plan.merge.length);
        return;
      }
      const outcome = await writeImport(db, file, plan, now);
      const skipped = plan.skip.length;
      if (json) {
        io.stdout.write(
          `${JSON.stringify({
            importBatchId: outcome.created > 0 ? outcome.importBatchId : null,
            created: outcome.created,
            merged: outcome.merged,
            skipped,
            errors: summary.errors,
            interrupted: outcome.interrupted?.message ?? null,
          })}\n`,
        );
      } else {
        for (const error of summary.errors) say(io, `Ligne ${error.row} refusée : ${error.reason}`);
        say(
          io,
          `Import de ${file.fileName} (feuille « ${file.read.sheet} ») : ${outcome.created} leads créés` +
            `${outcome.created > 0 ? ` (lot ${outcome.importBatchId})` : ''}, ${outcome.merged} fusionnés, ` +
            `${skipped} doublons ignorés, ${summary.errors.length} lignes refusées.`,
        );
      }
      if (outcome.interrupted) {
        const where = outcome.interrupted.chunk !== undefined ? `le lot ${outcome.interrupted.chunk}` : 'une fusion';
        throw new ImportRefusedError(
          `Import interrompu : ${where} a été refusé (${outcome.interrupted.message}). ` +
            `${outcome.chunks} lot(s) de ${MAX_BATCH} lignes au plus enregistré(s), soit ${outcome.created} leads créés et ${outcome.merged} fusionnés ; ` +
            'le reste n’a pas été enregistré. Corrigez le fichier, puis relancez l’import : les leads déjà créés seront reconnus comme doublons.',
        );
      }
    },
  },
};

function sayPreview(io: OfficeIo, file: ImportFile, summary: DryRunSummary, merges: number): void {
  say(io, `Essai à blanc : rien n’est enregistré.`);
  say(io, `Feuille « ${summary.sheet} », en-têtes à la ligne ${summary.headerRow}.`);
  for (const [header, field] of Object.entries(summary.mapping)) say(io, `  ${header} → ${IMPORT_FIELD_LABELS[field]}`);
  for (const warning of file.read.warnings) say(io, `Attention : ${warning}`);
  for (const error of summary.errors) say(io, `Ligne ${error.row} refusée : ${error.reason}`);
  say(
    io,
    `${summary.toCreate} leads seraient créés, ${merges} fusionnés ; doublons : ${summary.duplicates.inFile} dans le fichier, ` +
      `${summary.duplicates.existing} déjà enregistrés ; ${summary.errors.length} lignes refusées.`,
  );
}

/** Runs one command line; returns the process's exit code. Messages go to stdout / stderr. */
export async function runOfficeCommand(argv: readonly string[], io: OfficeIo): Promise<number> {
  const { command: name, options, extra } = parseArgs(argv, FLAGS);
  const command = name === undefined ? undefined : COMMANDS[name];
  const asked = name === 'help' || options.help !== undefined;
  if (name === undefined || asked) {
    io.stdout.write(USAGE);
    return asked ? EXIT.ok : EXIT.usage;
  }
  if (command === undefined) {
    io.stderr.write(`Commande inconnue « ${name} ».\n\n${USAGE}`);
    return EXIT.usage;
  }
  const positional = extra.slice(0, command.positional ?? 0);
  const unknown = [...Object.keys(options).filter((o) => !command.options.includes(o)), ...extra.slice(command.positional ?? 0)];
  if (unknown.length > 0) {
    io.stderr.write(`Option inconnue pour ${name} : ${unknown.join(', ')}.\n\n${USAGE}`);
    return EXIT.usage;
  }

  let db: ServerDb | undefined;
  try {
    const config = loadConfig(io.env);
    const prepared = await command.prepare?.(options, positional);
    try {
      db = await openServerDatabase(config);
      await migrateServerDb(db);
    } catch (error) {
      if (error instanceof DatabaseInUseError) throw error;
      io.stderr.write(`Base de données injoignable (${describeDatabase(config)}) : ${(error as Error).message}\n`);
      return EXIT.database;
    }
    await command.run(db, options, io, (io.now ?? (() => new Date()))(), { config, prepared });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof DatabaseInUseError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.database;
    }
    if (
      error instanceof ConfigError ||
      error instanceof UserRuleError ||
      error instanceof BackupError ||
      error instanceof PassphraseError ||
      error instanceof DemoRefusedError ||
      error instanceof PasswordInputError ||
      error instanceof ImportRefusedError
    ) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.refused;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      io.stderr.write(`Fichier inaccessible (${code}) : ${(error as NodeJS.ErrnoException).path ?? ''}\n`);
      return EXIT.refused;
    }
    throw error;
  } finally {
    await db?.close();
  }
}
