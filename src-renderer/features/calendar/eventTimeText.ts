// Each event's time text (« 10 h 00 à 10 h 45 »), which the library computes for every event it
// draws with Intl's formatRange: a third of the cost of drawing a week of 2,000 events (the
// bench's profile, docs/benchmarks.md). A time grid holds few distinct pairs of times (quarter
// hours from 07:00 to 21:00), so each pair is formatted once, by the same Intl formatter.

/** The library's `eventTimeFormat` as a function: the same text as `format`, each pair of times formatted once. */
export function cachedTimeRange(locale: string, format: Intl.DateTimeFormatOptions): (start: Date, end?: Date | null) => string {
  const intl = new Intl.DateTimeFormat(locale, format);
  const texts = new Map<number, string>();
  return (start, end) => {
    const from = start.getHours() * 60 + start.getMinutes();
    // The end on the start's day, as the library does for time texts: only the times are shown.
    const to = end ? end.getHours() * 60 + end.getMinutes() : -1;
    const key = from * 10_000 + to;
    let text = texts.get(key);
    if (text === undefined) {
      const at = new Date(start);
      if (end) {
        const until = new Date(start);
        until.setHours(end.getHours(), end.getMinutes(), 0, 0);
        text = until >= at ? intl.formatRange(at, until) : `${intl.format(at)} – ${intl.format(until)}`;
      } else {
        text = intl.format(at);
      }
      texts.set(key, text);
    }
    return text;
  };
}
