import { randomBytes } from 'node:crypto';
import { joinCodeFromBytes, normalizeJoinCode } from '~shared/domain/join-code';

// The codes a hosting workstation gives the office's other workstations (docs/decisions.md,
// "First run"). Kept in the server's memory, never in the database: a code lives a few days at
// most and is meant for the next workstation to install; a restart simply means asking the hosting
// workstation for a new one. Each code works once.

/** Three days: long enough to install the other workstations the next morning, no longer. */
export const JOIN_CODE_LIFETIME_MS = 72 * 60 * 60 * 1000;
/** Codes waiting at once; past this, the oldest is dropped (nobody installs 50 workstations a day). */
const MAX_WAITING = 50;

export class JoinCodes {
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly now: () => Date,
    private readonly random: (size: number) => Uint8Array = randomBytes,
  ) {}

  issue(): { code: string; expiresAt: string } {
    this.forgetExpired();
    if (this.waiting.size >= MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
    let code = joinCodeFromBytes(this.random(8));
    while (this.waiting.has(code)) code = joinCodeFromBytes(this.random(8));
    const expiresAt = this.now().getTime() + JOIN_CODE_LIFETIME_MS;
    this.waiting.set(code, expiresAt);
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** True once for a code issued here and not expired; it is gone afterwards. */
  redeem(typed: string): boolean {
    this.forgetExpired();
    const code = normalizeJoinCode(typed);
    if (code === null || !this.waiting.has(code)) return false;
    this.waiting.delete(code);
    return true;
  }

  private forgetExpired(): void {
    const now = this.now().getTime();
    for (const [code, expiresAt] of this.waiting) if (expiresAt <= now) this.waiting.delete(code);
  }
}
