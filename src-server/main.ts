import { ConfigError, describeDatabase, loadConfig } from './config';
import { DatabaseInUseError } from './db/data-dir-lock';
import { startServer, type RunningServer } from './server';

// `npm run server`: the office server, configured from the environment (server-api.md). Prints one
// line once it listens; SIGINT or SIGTERM stop it cleanly (in-flight requests finish, then the
// database closes) and a second signal ends it at once.

async function main(): Promise<void> {
  let server: RunningServer;
  try {
    const config = loadConfig();
    server = await startServer(config);
    // The fingerprint is what each workstation compares before pinning (office-server.md, "HTTPS").
    const tls = server.fingerprint === null ? '' : ` ; empreinte SHA-256 du certificat : ${server.fingerprint}`;
    process.stdout.write(`Serveur du bureau prêt sur ${server.url} (${describeDatabase(config)})${tls}\n`);
  } catch (error) {
    const port = portInUse(error);
    if (port !== null) {
      process.stderr.write(
        `Le port ${port} est déjà utilisé : un autre serveur du bureau (ou « npm start ») tourne-t-il déjà ? ` +
          `Arrêtez-le, ou choisissez un autre port : PORT=${port + 1} npm run server\n` +
          `Port ${port} is already in use: is another office server (or "npm start") running? ` +
          `Stop it, or choose another port: PORT=${port + 1} npm run server\n`,
      );
    } else if (error instanceof ConfigError || error instanceof DatabaseInUseError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Le serveur du bureau n’a pas pu démarrer : ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
    return;
  }

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    server.log.info({ signal }, 'arrêt demandé');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, 'arrêt incomplet');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Started by the desktop application that hosts the office (an IPC channel): when it goes away,
  // crashed or closed (the way it stops the server on Windows), the server stops cleanly too.
  if (process.channel !== undefined) process.on('disconnect', () => {
      if (!signalled) onSignal('SIGTERM');
    });
}

/** The port of a listen that failed because the port is taken, else null. */
function portInUse(error: unknown): number | null {
  const e = error as { code?: unknown; port?: unknown } | null;
  return e?.code === 'EADDRINUSE' && typeof e.port === 'number' ? e.port : null;
}

void main();
