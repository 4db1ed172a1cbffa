// Login throttling per e-mail and IP (issue 3, point 2): past a few failures every answer to that
// pair is slowed down, and past more within the window the pair is locked for a while (429). This
// part lives in memory, per process; the account-wide lock that holds across IPs and processes is
// in user_credentials (auth/login.ts). Unknown e-mails are throttled exactly like real ones, so
// the answers never tell which accounts exist.
//
// An attempt is recorded as a failure before its password is checked (issue 8, point 2), and
// forgotten if the password was right: otherwise a hundred guesses sent at once would all pass
// the check before the first of them was counted. Node runs this synchronously, so checking and
// recording cannot interleave. Beside it, each address may have only a few checks in flight,
// whatever the e-mails they name.

export interface ThrottlePolicy {
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** From this many failures on, answers are delayed. */
  delayAfter: number;
  /** This many failures within the window lock the pair (and the account). */
  lockAfter: number;
  lockMs: number;
  /** Delay per failure past `delayAfter`, up to `maxDelayMs`. */
  delayStepMs: number;
  maxDelayMs: number;
  /** Password checks one address may have in flight at once, all e-mails together. */
  maxInFlightPerAddress: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60 * 1000,
  delayAfter: 5,
  lockAfter: 10,
  lockMs: 15 * 60 * 1000,
  delayStepMs: 500,
  maxDelayMs: 3000,
  maxInFlightPerAddress: 10,
};

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** Beyond this many tracked pairs the oldest are dropped: a flood of made-up e-mails cannot fill memory. */
const MAX_ENTRIES = 10_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, number>();

  constructor(readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY) {}

  static key(email: string, ip: string): string {
    return `${email}\u0000${ip}`;
  }

  /** When the pair is locked, the instant (ms) the lock ends; else null. */
  lockedUntil(key: string, now: number): number | null {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.lockedUntil > now ? entry.lockedUntil : null;
  }

  /** How long to wait before answering this pair. */
  delayMs(key: string, now: number): number {
    const failures = this.recent(key, now).length;
    if (failures < this.policy.delayAfter) return 0;
    return Math.min(this.policy.maxDelayMs, this.policy.delayStepMs * (failures - this.policy.delayAfter + 1));
  }

  /** Counts a failure; says whether it locked the pair, and until when. */
  recordFailure(key: string, now: number): { failures: number; lockedUntil: number | null } {
    const failures = [...this.recent(key, now), now];
    const lockedUntil = failures.length >= this.policy.lockAfter ? now + this.policy.lockMs : 0;
    this.entries.delete(key); // re-inserted last: the Map's order is the eviction order
    this.entries.set(key, { failures: lockedUntil > 0 ? [] : failures, lockedUntil });
    this.evict();
    return { failures: failures.length, lockedUntil: lockedUntil > 0 ? lockedUntil : null };
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Takes one of the address's in-flight slots; false (take nothing) when they are all taken. */
  enter(address: string): boolean {
    const taken = this.inFlight.get(address) ?? 0;
    if (taken >= this.policy.maxInFlightPerAddress) return false;
    this.inFlight.set(address, taken + 1);
    return true;
  }

  /** Gives back the slot `enter` took. */
  leave(address: string): void {
    const taken = (this.inFlight.get(address) ?? 1) - 1;
    if (taken > 0) this.inFlight.set(address, taken);
    else this.inFlight.delete(address);
  }

  private recent(key: string, now: number): number[] {
    const entry = this.entries.get(key);
    if (entry === undefined) return [];
    return entry.failures.filter((at) => now - at < this.policy.windowMs);
  }

  /** Drops the least recently failed pairs (an account's own lock stays in the database). */
  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }
}
