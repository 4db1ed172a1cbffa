// Compact dates (lists, tables) and money as people in Québec read them: Intl with fr-CA (or
// en-CA), in the office's time zone (domain.md, "Times"). `12 345,67 $` in French, `$12,345.67`
// in English. Long dates and times of day are the shared office-time helpers (useFormat).

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

export function formatDate(iso: string, locale: string, timeZone: string): string {
  return dtf(locale, timeZone, { dateStyle: 'medium' }).format(new Date(iso));
}

/** "7 déc." within the office's current year, "7 déc. 2027" otherwise: for narrow table columns. */
export function formatDayMonth(iso: string, locale: string, timeZone: string, now: Date = new Date()): string {
  const year = (d: Date) => dtf(locale, timeZone, { year: 'numeric' }).format(d);
  const when = new Date(iso);
  if (year(when) !== year(now)) return formatDate(iso, locale, timeZone);
  return dtf(locale, timeZone, { day: 'numeric', month: 'short' }).format(when);
}


export function formatMoney(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/**
 * Reads an amount typed in dollars ("12 345,67", "12345.67", "1,234.50 $") as integer cents, or
 * null when it is not an amount. A comma or a point may be the decimal mark (fr-CA uses the
 * comma); when both appear, the last one is.
 */
export function parseDollarsToCents(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f$]/g, '');
  if (cleaned === '') return null;
  const lastComma = cleaned.lastIndexOf(',');
  const lastPoint = cleaned.lastIndexOf('.');
  const decimalAt = Math.max(lastComma, lastPoint);
  let whole = cleaned;
  let fraction = '';
  if (decimalAt >= 0) {
    // More than two digits after the last mark ("12,345") is ambiguous: refused, not guessed.
    whole = cleaned.slice(0, decimalAt);
    fraction = cleaned.slice(decimalAt + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole || '0') || !/^\d{0,2}$/.test(fraction)) return null;
  const cents = Number(whole || '0') * 100 + Number((fraction + '00').slice(0, 2));
  return Number.isSafeInteger(cents) ? cents : null;
}
