import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_POLICY, LoginThrottle } from './throttle';

// Login throttling per e-mail and IP (issue 3, point 2): slowed after 5 failures, locked after 10
// within 15 minutes, for 15 minutes; a success forgets the failures.

const MINUTE = 60_000;
const key = LoginThrottle.key('marie@bureau.test', '192.0.2.10');

describe('LoginThrottle', () => {
  it('answers at once for the first five failures, then slower and slower, up to a ceiling', () => {
    const throttle = new LoginThrottle();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      delays.push(throttle.delayMs(key, i * 1000));
      throttle.recordFailure(key, i * 1000);
    }
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(delays.slice(5)).toEqual([500, 1000, 1500, 2000]);
    expect(delays.every((d) => d <= DEFAULT_THROTTLE_POLICY.maxDelayMs)).toBe(true);
  });

  it('locks the pair at the tenth failure within the window, for fifteen minutes', () => {
    const throttle = new LoginThrottle();
    let last = { failures: 0, lockedUntil: null as number | null };
    for (let i = 0; i < 10; i++) last = throttle.recordFailure(key, i * MINUTE);
    expect(last).toEqual({ failures: 10, lockedUntil: 9 * MINUTE + 15 * MINUTE });
    expect(throttle.lockedUntil(key, 20 * MINUTE)).toBe(24 * MINUTE);
    expect(throttle.lockedUntil(key, 24 * MINUTE)).toBeNull();
    // Another IP, or another e-mail, is another pair.
    expect(throttle.lockedUntil(LoginThrottle.key('marie@bureau.test', '192.0.2.11'), 20 * MINUTE)).toBeNull();
  });

  it('forgets failures older than the window', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 9; i++) throttle.recordFailure(key, i * 2 * MINUTE); // 0 … 16 min
    expect(throttle.recordFailure(key, 17 * MINUTE).lockedUntil).toBeNull(); // those of 0 and 2 min are gone
  });

  it('forgets everything after a success', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 9; i++) throttle.recordFailure(key, i);
    throttle.reset(key);
    expect(throttle.delayMs(key, 10)).toBe(0);
    expect(throttle.recordFailure(key, 11)).toEqual({ failures: 1, lockedUntil: null });
  });

  it('lets one address have ten checks in flight at most, whatever the e-mails, and frees a slot when one ends', () => {
    const throttle = new LoginThrottle();
    const taken = Array.from({ length: 12 }, () => throttle.enter('192.0.2.10'));
    expect(taken).toEqual([...Array(10).fill(true), false, false]);
    expect(throttle.enter('192.0.2.11')).toBe(true); // another address has its own
    throttle.leave('192.0.2.10');
    expect(throttle.enter('192.0.2.10')).toBe(true);
    expect(throttle.enter('192.0.2.10')).toBe(false);
  });
});
