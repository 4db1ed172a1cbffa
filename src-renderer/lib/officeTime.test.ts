import { describe, it, expect } from 'vitest';
import { instantToWall, wallToInstant } from './officeTime';

const TZ = 'America/Toronto';

describe('office wall time ↔ instants (picker strings)', () => {
  it('reads 14:30 in Montréal as 19:30 UTC in winter and 18:30 UTC in summer', () => {
    expect(wallToInstant('2026-01-15 14:30:00', TZ)).toBe('2026-01-15T19:30:00.000Z');
    expect(wallToInstant('2026-07-15 14:30', TZ)).toBe('2026-07-15T18:30:00.000Z');
    expect(wallToInstant('2026-07-15', TZ)).toBe('2026-07-15T04:00:00.000Z');
  });

  it('gives back the wall time it was given, around the changes of hour', () => {
    for (const wall of ['2026-03-07 09:00:00', '2026-03-08 12:00:00', '2026-11-01 23:15:00', '2026-12-31 00:05:00']) {
      expect(instantToWall(wallToInstant(wall, TZ), TZ)).toBe(wall);
    }
  });

  it('shows an instant on the office clock, not the workstation’s', () => {
    expect(instantToWall('2026-03-10T02:30:00Z', TZ)).toBe('2026-03-09 22:30:00');
  });
});
