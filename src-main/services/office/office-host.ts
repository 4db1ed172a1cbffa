import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  joinCodeAnswer,
  officeSetupAnswer,
  type HostedOffice,
  type JoinCodeAnswer,
  type OfficeSetupAnswer,
  type OfficeSetupBody,
} from '~shared/contract/office';
import { unpackPgliteTemplate } from '~node/pglite-template';
import { CERT_FILE, fingerprintOf } from '~node/tls/certificate';
import { pinnedFetch } from '../tls/pinned';
import type { Pin } from '../tls/pins';
import { lanUrls } from './lan';
import type { OfficeServerCommand } from './server-command';

// The office server hosted by this workstation (issue 12, point 2): a child process running the
// same server an office installs on its own machine (server-command.ts), PGlite in this
// workstation's data folder, listening on the network for the other workstations. Started with
// the application, stopped with it: SIGTERM, and the server closes its database before it exits
// (office-server.md, "Starting and stopping"); it also stops itself when this process goes away
// (the IPC channel closes), so a crash of the application never leaves it holding the database.
//
// A new data folder is filled from the prepared template (src-node/pglite-template.ts) when
// there is one, rather than by initdb. The secret given to the server (OFFICE_HOST_SECRET) lets
// this process alone set the office up and ask for join codes (server-api.md).

export interface OfficeHostOptions {
  /** PGlite's DATA_DIR. */
  dataDir: string;
  command: OfficeServerCommand;
  /** The prepared data folder (a PGlite dump), or null: initdb on the first start. */
  template?: string | null;
  /** Address the server listens on: the whole network by default. */
  listenHost?: string;
  /**
   * HTTPS with the certificate the office makes on its first start (the default). False only for
   * an office created before issue 14, whose workstations and replicas know it by its http address.
   */
  tls?: boolean;
  /** Lines the server writes on standard error (its JSON logs), for this application's log. */
  onLog?: (line: string) => void;
  /** Told when the server stops without being asked (it crashed). */
  onExit?: (message: string) => void;
  /** How long a clean stop may take before the server is killed. */
  stopTimeoutMs?: number;
  fetch?: typeof fetch;
}

export class OfficeHostError extends Error {
  constructor(
    readonly code: 'port_in_use' | 'start_failed' | 'not_running' | 'server_refused',
    message: string,
  ) {
    super(message);
    this.name = 'OfficeHostError';
  }
}

const READY = /prêt sur (https?:\/\/\S+)[^\n]*\n/;
const FINGERPRINT = /empreinte SHA-256 du certificat\s*:\s*((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/;
const PORT_IN_USE = /Le port (\d+) est déjà utilisé/;

export class OfficeHost {
  private child: ChildProcess | null = null;
  private secret = '';
  private port: number | null = null;
  private current: HostedOffice['state'] = 'stopped';
  private message: string | null = null;
  private stopping: Promise<void> | null = null;
  /** The certificate the hosted office serves (it made it in its data folder), once it listens. */
  private pin: Pin | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OfficeHostOptions) {
    const pinned = pinnedFetch({ get: () => this.pin });
    this.fetchImpl = options.fetch ?? ((input, init) => pinned(String(input), init ?? {}));
  }

  /** The hosted office's certificate (fingerprint and PEM), or null before it listens. */
  certificate(): Pin | null {
    return this.pin;
  }

  state(): HostedOffice {
    const running = this.current === 'running' && this.port !== null;
    return {
      state: this.current,
      localUrl: running ? this.localUrl : null,
      lanUrls: running ? lanUrls(this.port!, undefined, this.tls ? 'https' : 'http') : [],
      port: this.port,
      fingerprint: running ? (this.pin?.fingerprint ?? null) : null,
      message: this.message,
    };
  }

  /** https://127.0.0.1:port: how this workstation itself reaches the office. */
  get localUrl(): string {
    if (this.port === null) throw new OfficeHostError('not_running', 'Le serveur du bureau n’est pas démarré.');
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the server on `port` (0: any free one) and resolves with the port it listens on, once it
   * listens. A port already taken is refused with its own code, for the caller to choose another.
   */
  async start(port: number): Promise<number> {
    if (this.child !== null) throw new Error('Le serveur du bureau est déjà démarré.');
    this.current = 'starting';
    this.message = null;
    try {
      await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
      const template = this.options.template;
      if (template && existsSync(template)) await unpackPgliteTemplate(template, join(this.options.dataDir, 'pgdata'));
      const ready = await this.spawn(port);
      this.pin = this.tls ? await this.readCertificate(ready.fingerprint) : null;
      this.port = ready.port;
      this.current = 'running';
      return this.port;
    } catch (error) {
      this.current = 'failed';
      this.message = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** POST /api/host/setup: the office's name and first administrator, on an office without users. */
  async setup(body: OfficeSetupBody): Promise<OfficeSetupAnswer> {
    return officeSetupAnswer.parse(await this.hostCall('/api/host/setup', body));
  }

  /** POST /api/host/join-codes: a one-time code for one more workstation. */
  async joinCode(): Promise<JoinCodeAnswer> {
    return joinCodeAnswer.parse(await this.hostCall('/api/host/join-codes', {}));
  }

  /** SIGTERM, then waits for the server to close its database and exit (killed after the timeout). */
  stop(): Promise<void> {
    const child = this.child;
    if (child === null) return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 30_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      // Windows has no SIGTERM: closing the IPC channel asks the server to stop just the same.
      if (process.platform === 'win32') child.disconnect();
      else child.kill('SIGTERM');
    }).finally(() => {
      this.child = null;
      this.stopping = null;
      this.current = 'stopped';
    });
    return this.stopping;
  }

  /**
   * The certificate the server just loaded, from its data folder — the fingerprint on its ready
   * line must be that file's (a file replaced meanwhile would otherwise be pinned unseen).
   */
  private async readCertificate(announced: string | null): Promise<Pin> {
    const cert = await readFile(join(this.tlsDir, CERT_FILE), 'utf8');
    const fingerprint = fingerprintOf(cert);
    if (announced !== fingerprint) {
      await this.stop();
      throw new OfficeHostError('start_failed', 'Le certificat du serveur du bureau ne correspond pas à celui de son dossier : démarrage interrompu.');
    }
    return { fingerprint, cert };
  }

  private get tls(): boolean {
    return this.options.tls ?? true;
  }

  private get tlsDir(): string {
    return join(this.options.dataDir, 'tls');
  }

  private spawn(port: number): Promise<{ port: number; fingerprint: string | null }> {
    this.secret = randomBytes(32).toString('base64url');
    const { command } = this.options;
    const child = spawn(command.command, [...command.args], {
      cwd: command.cwd,
      env: {
        ...process.env,
        ...command.env,
        PORT: String(port),
        HOST: this.options.listenHost ?? '0.0.0.0',
        DATA_DIR: this.options.dataDir,
        DATABASE_URL: '',
        OFFICE_HOST_SECRET: this.secret,
        OFFICE_ADMIN_EMAIL: '',
        OFFICE_ADMIN_PASSWORD: '',
        // The hosted office listens on the network: always HTTPS, with the certificate it made on
        // its first start, kept beside its database (office-server.md, "HTTPS").
        TLS: this.tls ? 'self-signed' : 'off',
        TLS_DIR: this.tlsDir,
        TLS_CERT: '',
        TLS_KEY: '',
        LOG_LEVEL: process.env.BUREAU_OFFICE_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      windowsHide: true,
    });
    this.child = child;
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim() !== '') this.options.onLog?.(line);
    });
    child.on('error', () => {});
    return new Promise((resolve, reject) => {
      let stdout = '';
      const onData = (chunk: string) => {
        stdout += chunk;
        const ready = READY.exec(stdout);
        if (ready === null) return;
        child.stdout!.off('data', onData);
        child.off('exit', onEarlyExit);
        child.once('exit', (code, signal) => this.exitedAlone(child, code, signal));
        resolve({ port: Number(new URL(ready[1]!).port), fingerprint: FINGERPRINT.exec(ready[0])?.[1] ?? null });
      };
      const onEarlyExit = (code: number | null) => {
        this.child = null;
        const taken = PORT_IN_USE.exec(stderr);
        if (taken !== null) reject(new OfficeHostError('port_in_use', `Le port ${taken[1]} de ce poste est déjà utilisé par un autre programme.`));
        else reject(new OfficeHostError('start_failed', `Le serveur du bureau n’a pas pu démarrer (code ${code}) : ${lastLines(stderr)}`));
      };
      child.stdout!.setEncoding('utf8').on('data', onData);
      child.once('exit', onEarlyExit);
    });
  }

  private exitedAlone(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping !== null || this.child !== child) return;
    this.child = null;
    this.current = 'failed';
    this.message = `Le serveur du bureau s’est arrêté (${signal ?? `code ${code}`}).`;
    this.options.onExit?.(this.message);
  }

  private async hostCall(path: string, body: unknown): Promise<unknown> {
    if (this.current !== 'running') throw new OfficeHostError('not_running', 'Le serveur du bureau n’est pas démarré.');
    const response = await this.fetchImpl(`${this.localUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null;
    if (!response.ok) {
      throw new OfficeServerRefusal(answer?.error?.code ?? 'server_error', answer?.error?.message ?? `Réponse ${response.status} du serveur du bureau.`, answer?.error?.fields);
    }
    return answer;
  }
}

/** The office server said no (its French message, and field errors for a form). */
export class OfficeServerRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'OfficeServerRefusal';
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n') || 'aucun message';
}
