// Client file numbers such as "2026-0042" (domain.md, "client"): a sequence per year, never
// reused. The caller passes the highest sequence ever used in that year, deleted clients
// included, so a number that once existed never comes back.

export interface FileNumber {
  year: number;
  seq: number;
}

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
// Four digits at least; past 9999 the number simply grows ("2026-10000"). No leading zero
// beyond the padding, so each (year, seq) has exactly one spelling.
const FILE_NUMBER = /^(\d{4})-(\d{4}|[1-9]\d{4,})$/;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Année de dossier invalide : ${year} (quatre chiffres attendus).`);
  }
}

export function formatFileNumber(year: number, seq: number): string {
  checkYear(year);
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`Numéro de dossier invalide : ${seq} (entier de 1 ou plus attendu).`);
  }
  return `${year}-${String(seq).padStart(4, '0')}`;
}

/** The year and sequence of a file number in its canonical spelling (surrounding spaces allowed), else null. */
export function parseFileNumber(s: string): FileNumber | null {
  const match = FILE_NUMBER.exec(s.trim());
  if (!match?.[1] || !match[2]) return null;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  if (year < MIN_YEAR || seq < 1 || !Number.isSafeInteger(seq)) return null;
  return { year, seq };
}

/** The number after `lastSeq` (0 when the year has none yet). */
export function nextFileNumber(year: number, lastSeq: number): string {
  if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) {
    throw new RangeError(`Dernier numéro de dossier invalide : ${lastSeq}.`);
  }
  return formatFileNumber(year, lastSeq + 1);
}

/** The highest sequence used in `year` among existing file numbers (deleted clients included), 0 if none. */
export function highestFileSeq(year: number, fileNumbers: Iterable<string>): number {
  let highest = 0;
  for (const s of fileNumbers) {
    const parsed = parseFileNumber(s);
    if (parsed && parsed.year === year && parsed.seq > highest) highest = parsed.seq;
  }
  return highest;
}
