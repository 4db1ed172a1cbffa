import { join } from 'node:path';
import type { IpcResult } from '~shared/contract/ipc';
import type { JoinCodeAnswer, OfficeCreated, OfficeProbe, OfficeSetupBody, OfficeState } from '~shared/contract/office';
import { joinAnswer } from '~shared/contract/office';
import { normalizeJoinCode } from '~shared/domain/join-code';
import { officeAddress } from '~shared/domain/office-address';
import type { IpcHost } from '../../ipc/register';
import { ServiceError, dispatch, type ServiceMap } from '../handlers';
import { readPrivateFile, writePrivateFile } from '../session/private-file';
import { ServerClient, ServerError, type FetchLike } from '../sync/http';
import { FINGERPRINT_DIFFERS } from '../tls/certificate-trust';
import { pinnedFetch, probeCertificate } from '../tls/pinned';
import { PinStore } from '../tls/pins';
import { OfficeHost, OfficeHostError, OfficeServerRefusal } from './office-host';
import type { OfficeServerCommand } from './server-command';

// Which office this workstation belongs to, chosen at its first launch (issue 12, point 2): it
// hosts the office (« Créer le bureau sur ce poste ») or joins one hosted elsewhere (« Rejoindre un
// bureau »). Answers the office:* channels; the choice is kept in `office.json` beside the
// replicas, so later launches go straight to the office — and a hosting workstation starts its
// office server before anything else, and stops it last.

export interface OfficeServiceOptions {
  /** The workstation's data folder: office.json here, the hosted office's database in office/. */
  dataDir: string;
  command: OfficeServerCommand;
  /** The prepared PGlite data folder (src-node/pglite-template.ts), when the build made one. */
  template?: string | null;
  /** Tried first for a new office; 0: any free port. Once chosen, the port is kept. */
  preferredPort?: number;
  listenHost?: string;
  fetch?: FetchLike;
  onError?: (error: unknown) => void;
  onLog?: (line: string) => void;
}

/**
 * `tls`: the hosted office speaks HTTPS (every office created since issue 14). Absent on an office
 * created before: it keeps plain HTTP, the address its workstations, tokens and replicas are keyed
 * by (decisions.md, "TLS with pinning").
 */
type Saved = { mode: 'host'; port: number; officeName: string; tls?: boolean } | { mode: 'join'; serverUrl: string; officeName: string | null };

const OFFICE_FILE = 'office.json';
const CHECK_TIMEOUT_MS = 8_000;

const ALREADY_CHOSEN = 'Ce poste est déjà relié à un bureau.';
const NOT_HOSTING = 'Seul le poste qui héberge le bureau donne des codes pour ajouter un poste.';
const UNREACHABLE =
  'Aucun bureau ne répond à cette adresse. Vérifiez-la sur le poste qui héberge le bureau, que ce poste est allumé et que les deux sont sur le même réseau.';
const NOT_AN_OFFICE = 'Cette adresse répond, mais ce n’est pas un bureau Bureau. Vérifiez-la sur le poste qui héberge le bureau.';
const BAD_ADDRESS = 'Adresse invalide : tapez-la comme le poste du bureau l’affiche, par exemple 192.168.1.20:8787.';
const BAD_CODE = 'Un code compte huit caractères, par exemple K7QF-2MZD.';
const CONFIRM_FINGERPRINT = 'Comparez l’empreinte du certificat avec celle affichée sur le poste qui héberge le bureau, puis confirmez-la.';

export class OfficeService {
  private host: OfficeHost | null = null;
  private readonly fetchImpl: FetchLike;
  /** The certificates this workstation pinned (shared with the session: tls/pins.ts). */
  private readonly pins: PinStore;

  private constructor(
    private readonly options: OfficeServiceOptions,
    private saved: Saved | null,
  ) {
    this.pins = new PinStore(options.dataDir);
    this.fetchImpl = options.fetch ?? pinnedFetch(this.pins);
  }

  static async open(options: OfficeServiceOptions): Promise<OfficeService> {
    return new OfficeService(options, await readSaved(options.dataDir));
  }

  state(): OfficeState {
    const saved = this.saved;
    if (saved === null) return { mode: 'none', officeName: null, serverUrl: null, hosted: this.host?.state() ?? null };
    if (saved.mode === 'join') return { mode: 'join', officeName: saved.officeName, serverUrl: saved.serverUrl, hosted: null };
    return { mode: 'host', officeName: saved.officeName, serverUrl: `${saved.tls ? 'https' : 'http'}://127.0.0.1:${saved.port}`, hosted: this.host?.state() ?? null };
  }

  /** At launch: a hosting workstation starts its office server, on the port its workstations know. */
  async resume(): Promise<void> {
    if (this.saved?.mode !== 'host') return;
    await this.hostOn(this.saved.port, { tls: this.saved.tls === true });
  }

  /** « Créer le bureau sur ce poste ». */
  async create(body: OfficeSetupBody): Promise<OfficeCreated> {
    if (this.saved !== null) throw new ServiceError('office_chosen', ALREADY_CHOSEN);
    const host = this.host?.state().state === 'running' ? this.host : await this.hostOn(this.options.preferredPort ?? 8787, { anyPortIfTaken: true, tls: true });
    let setup;
    try {
      setup = await host.setup(body);
    } catch (error) {
      throw asServiceError(error);
    }
    const port = host.state().port!;
    this.saved = { mode: 'host', port, officeName: body.officeName, tls: host.certificate() !== null };
    await writeSaved(this.options.dataDir, this.saved);
    return { officeName: body.officeName, serverUrl: host.localUrl, lanUrls: host.state().lanUrls, joinCode: setup.joinCode, fingerprint: host.state().fingerprint };
  }

  /** The certificate the office at that address presents, for the person to compare before joining. */
  async probe(typed: string): Promise<OfficeProbe> {
    const serverUrl = officeAddress(typed);
    if (serverUrl === null) throw new ServiceError('invalid_input', BAD_ADDRESS, { serverUrl: BAD_ADDRESS });
    if (!serverUrl.startsWith('https:')) return { serverUrl, fingerprint: null };
    try {
      return { serverUrl, fingerprint: (await probeCertificate(serverUrl, CHECK_TIMEOUT_MS)).fingerprint };
    } catch {
      throw new ServiceError('server_unreachable', UNREACHABLE, { serverUrl: UNREACHABLE });
    }
  }

  /** « Rejoindre un bureau »: a Bureau office at that address, and the code when one is given. */
  async join(typed: string, code: string | undefined, fingerprint?: string): Promise<{ serverUrl: string; officeName: string | null }> {
    if (this.saved !== null) throw new ServiceError('office_chosen', ALREADY_CHOSEN);
    const serverUrl = officeAddress(typed);
    if (serverUrl === null) throw new ServiceError('invalid_input', BAD_ADDRESS, { serverUrl: BAD_ADDRESS });
    const joinCode = code === undefined || code.trim() === '' ? null : normalizeJoinCode(code);
    if (joinCode === null && code !== undefined && code.trim() !== '') throw new ServiceError('invalid_input', BAD_CODE, { code: BAD_CODE });
    if (serverUrl.startsWith('https:')) await this.pinConfirmed(serverUrl, fingerprint);

    try {
      await new ServerClient(serverUrl, { fetch: this.fetchImpl, timeoutMs: CHECK_TIMEOUT_MS }).info(AbortSignal.timeout(CHECK_TIMEOUT_MS));
    } catch (error) {
      if (error instanceof ServerError && error.kind !== 'offline') throw new ServiceError('not_an_office', NOT_AN_OFFICE, { serverUrl: NOT_AN_OFFICE });
      if (error instanceof ServerError || isAbort(error)) throw new ServiceError('server_unreachable', UNREACHABLE, { serverUrl: UNREACHABLE });
      throw error;
    }
    let officeName: string | null = null;
    if (joinCode !== null) officeName = await this.redeem(serverUrl, joinCode);
    this.saved = { mode: 'join', serverUrl, officeName };
    await writeSaved(this.options.dataDir, this.saved);
    return { serverUrl, officeName };
  }

  /** A new code for one more workstation, on the hosting workstation. */
  async joinCode(): Promise<JoinCodeAnswer & { lanUrls: string[] }> {
    if (this.saved?.mode !== 'host' || this.host === null) throw new ServiceError('not_hosting', NOT_HOSTING);
    try {
      return { ...(await this.host.joinCode()), lanUrls: this.host.state().lanUrls };
    } catch (error) {
      throw asServiceError(error);
    }
  }

  /** Application exit: the hosted office stops cleanly (its database closed) before the process ends. */
  async close(): Promise<void> {
    await this.host?.stop();
  }

  /** One office:* channel, its input checked against the contract (the IPC's and the bridge's path). */
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    return dispatch(this.handlers, channel as never, input);
  }

  readonly handlers: ServiceMap = {
    'office:get': () => this.state(),
    'office:create': (body) => this.create(body),
    'office:probe': ({ serverUrl }) => this.probe(serverUrl),
    'office:join': ({ serverUrl, code, fingerprint }) => this.join(serverUrl, code, fingerprint),
    'office:joinCode': () => this.joinCode(),
  };

  /**
   * Trust on first use, with a person in the loop: the certificate presented now is pinned only if
   * its fingerprint is the one the person confirmed (read on the hosting workstation's screen).
   */
  private async pinConfirmed(serverUrl: string, fingerprint: string | undefined): Promise<void> {
    let presented;
    try {
      presented = await probeCertificate(serverUrl, CHECK_TIMEOUT_MS);
    } catch {
      throw new ServiceError('server_unreachable', UNREACHABLE, { serverUrl: UNREACHABLE });
    }
    // A certificate the system's authorities vouch for (a reverse proxy's, renewed every few
    // months) is checked by them, as any https site: pinning it would raise a false alarm at renewal.
    if (presented.trusted) return;
    if (fingerprint === undefined) throw new ServiceError('fingerprint_required', CONFIRM_FINGERPRINT, { fingerprint: CONFIRM_FINGERPRINT });
    if (presented.fingerprint !== fingerprint) throw new ServiceError('fingerprint_mismatch', FINGERPRINT_DIFFERS, { fingerprint: FINGERPRINT_DIFFERS });
    await this.pins.set(serverUrl, { fingerprint: presented.fingerprint, cert: presented.cert });
  }

  private async hostOn(port: number, options: { anyPortIfTaken?: boolean; tls: boolean }): Promise<OfficeHost> {
    const host = new OfficeHost({
      dataDir: join(this.options.dataDir, 'office'),
      command: this.options.command,
      template: this.options.template,
      listenHost: this.options.listenHost,
      tls: options.tls,
      onLog: this.options.onLog,
      onExit: (message) => this.options.onError?.(new Error(message)),
    });
    this.host = host;
    try {
      await host.start(port);
    } catch (error) {
      if (!(error instanceof OfficeHostError && error.code === 'port_in_use' && options.anyPortIfTaken && port !== 0)) throw asServiceError(error);
      try {
        await host.start(0);
      } catch (again) {
        throw asServiceError(again);
      }
    }
    // This workstation's own session reaches its office on loopback, pinned to the certificate
    // the office made: read from its own folder, nobody stands in between.
    const certificate = host.certificate();
    if (certificate !== null) await this.pins.set(host.localUrl, certificate);
    return host;
  }

  private async redeem(serverUrl: string, code: string): Promise<string> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${serverUrl}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
        signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
    } catch {
      throw new ServiceError('server_unreachable', UNREACHABLE, { serverUrl: UNREACHABLE });
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) {
      const parsed = joinAnswer.safeParse(body);
      if (parsed.success) return parsed.data.officeName;
      throw new ServiceError('not_an_office', NOT_AN_OFFICE, { serverUrl: NOT_AN_OFFICE });
    }
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    const text = typeof message === 'string' ? message : NOT_AN_OFFICE;
    throw new ServiceError(response.status === 429 ? 'too_many_requests' : 'join_code_invalid', text, { code: text });
  }
}

/** The session's host with the office:* channels added: what the IPC and the bridge serve. */
export function withOffice(host: IpcHost, office: OfficeService, log?: (channel: string, error: unknown) => void): IpcHost {
  return {
    invoke: (channel, input): Promise<IpcResult<unknown>> =>
      channel.startsWith('office:') ? dispatch(office.handlers, channel as never, input, log) : host.invoke(channel, input),
    on: (listener) => host.on(listener),
  };
}

function asServiceError(error: unknown): unknown {
  // Field errors keep the body's names (`officeName`, `admin.email`…), as the contract's own check does.
  if (error instanceof OfficeServerRefusal) return new ServiceError(error.code, error.message, error.fields);
  if (error instanceof OfficeHostError) return new ServiceError(error.code, error.message);
  return error;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

async function readSaved(dataDir: string): Promise<Saved | null> {
  const data = await readPrivateFile(dataDir, OFFICE_FILE);
  if (data === null) return null;
  try {
    const saved = JSON.parse(data.toString('utf8')) as Saved;
    if (saved.mode === 'host' && Number.isInteger(saved.port)) return saved;
    if (saved.mode === 'join' && typeof saved.serverUrl === 'string') return saved;
  } catch {
    // An unreadable file is as good as none: the workstation asks again.
  }
  return null;
}

function writeSaved(dataDir: string, saved: Saved): Promise<void> {
  return writePrivateFile(dataDir, OFFICE_FILE, JSON.stringify(saved));
}
