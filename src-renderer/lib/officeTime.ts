import { officeDate, officeInstant } from '~shared/domain/office-time';

// The date pickers speak office wall time ("2026-03-12 14:30:00", what the person in Montréal
// means); the contract speaks UTC instants (domain.md, "Times"). The conversions themselves are
// the shared office-time helpers; this only adapts them to the pickers' strings.

const WALL = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2})?)?$/;

/** Office wall time ("YYYY-MM-DD" or "YYYY-MM-DD HH:mm[:ss]") → ISO instant in UTC. */
export function wallToInstant(wall: string, timeZone: string): string {
  const m = WALL.exec(wall.trim());
  if (!m) throw new RangeError(`Date invalide : ${wall}`);
  return officeInstant(m[1]!, Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0), timeZone);
}

const clock = new Map<string, Intl.DateTimeFormat>();

/** ISO instant → office wall time "YYYY-MM-DD HH:mm:00" (what the pickers take). */
export function instantToWall(iso: string, timeZone: string): string {
  let f = clock.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clock.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${officeDate(iso, timeZone)} ${part('hour')}:${part('minute')}:00`;
}
