import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writePrivateFile } from '../session/private-file';

// The office servers' certificates this workstation pinned (issue 14, point 2): one per server
// address, taken when the workstation joined (or started the office it hosts) and replaced only
// when an administrator accepts a new one. Kept in the workstation's data folder beside office.json
// (0600), never synced: each workstation trusts what it checked itself.

export interface Pin {
  /** SHA-256 of the certificate's DER, AB:CD:…. */
  fingerprint: string;
  /** The certificate itself (PEM): the only authority a pinned connection trusts. */
  cert: string;
}

export const PINS_FILE = 'server-pins.json';

const pinsFile = z.record(z.string(), z.object({ fingerprint: z.string(), cert: z.string() }));

/** `https://host:port`, the key of a pin: the same server however its address was spelled. */
export function pinKey(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.host}`;
}

export class PinStore {
  constructor(private readonly dataDir: string) {}

  /**
   * The pin of this server, or null. Read from the file each time (a new TLS connection is rare):
   * the office service (main process) writes it, the session (data host) reads it.
   */
  get(serverUrl: string): Pin | null {
    return this.all()[pinKey(serverUrl)] ?? null;
  }

  /** The pins of every port of this host name (Chromium's certificate check names no port). */
  forHost(hostname: string): Pin[] {
    return Object.entries(this.all())
      .filter(([key]) => new URL(key).hostname === hostname)
      .map(([, pin]) => pin);
  }

  async set(serverUrl: string, pin: Pin): Promise<void> {
    const pins = this.all();
    pins[pinKey(serverUrl)] = { fingerprint: pin.fingerprint, cert: pin.cert };
    await writePrivateFile(this.dataDir, PINS_FILE, JSON.stringify(pins));
  }

  private all(): Record<string, Pin> {
    let text: string;
    try {
      text = readFileSync(`${this.dataDir}/${PINS_FILE}`, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = pinsFile.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : {};
    } catch {
      // Unreadable: as good as no pin, so every https connection is refused until joined again.
      return {};
    }
  }
}
