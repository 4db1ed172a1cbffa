import { isSupportedCountry, parsePhoneNumberFromString, PhoneNumber as LibraryPhoneNumber } from 'libphonenumber-js/core';
import type { CountryCode, E164Number, MetadataJson, PhoneNumber } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';

// Phone numbers are stored normalised (E.164, default region CA) beside what was typed
// (domain.md, "SMS"). The "max" metadata is used because it validates by number type: with
// the smaller metadata, impossible Caribbean numbers (+1 876 …, +1 242 …) pass as valid. For
// Canadian numbers the two agree; the extra size is the price of not storing wrong numbers.

export interface NormalizedPhone {
  /** E.164 when the typed number could be read as a valid number, else null. */
  e164: string | null;
  /** What was typed, trimmed; null only when nothing was typed. */
  raw: string | null;
}

/** Where a number written without its country code is read: the office is in Québec. */
export const DEFAULT_PHONE_REGION = 'CA';

/** Québec offices write extensions as "poste 204" or "p. 204"; libphonenumber only knows "ext". */
const FRENCH_EXTENSION = /(?:poste|p\.)\s*(\d{1,7})$/i;

/** libphonenumber gives up on longer input; stopping here also bounds the regular expressions. */
const MAX_INPUT_LENGTH = 250;

/** Numbers typed the European way ("0033 6 …"), which Canada dials as 011. */
const EUROPEAN_INTERNATIONAL_PREFIX = /^\s*00\s*(?=[1-9])/;

/**
 * The same "max" metadata with Canada first among the countries sharing +1. A number written
 * without its country is read against each of them in this list's order until one's patterns
 * match; the library's order starts with the United States, whose ten number types were tried
 * (and failed) for every Canadian number first: about half of libphonenumber's time, itself a
 * quarter of an import's reading (docs/benchmarks.md, fifth session). The order only decides
 * which of those countries a number is said to belong to, never whether it is valid or its E.164
 * form, which is all `readPhone` keeps; the display below keeps the library's own order (toll-free
 * numbers stay American there).
 */
const CANADA_FIRST: MetadataJson = {
  ...metadata,
  country_calling_codes: {
    ...metadata.country_calling_codes,
    '1': ['CA', ...(metadata.country_calling_codes['1'] ?? []).filter((country) => country !== 'CA')],
  },
};

function isSupported(region: string): region is CountryCode {
  return isSupportedCountry(region as CountryCode, metadata);
}

function parseValid(text: string, region: CountryCode | undefined, order: MetadataJson = metadata): PhoneNumber | undefined {
  try {
    const parsed = parsePhoneNumberFromString(text, { defaultCountry: region }, order);
    return parsed?.isValid() ? parsed : undefined;
  } catch {
    // The library promises not to throw from this entry point; keep the promise ours too.
    return undefined;
  }
}

/**
 * Reads a typed phone number. Never throws. Idempotent: `normalizePhone(e164).e164 === e164`.
 * A number that cannot be read keeps `raw` (trimmed) with `e164` null, so nothing is lost.
 * An unsupported `defaultRegion` reads only numbers written with their country code.
 */
export function normalizePhone(
  raw: string | null | undefined,
  defaultRegion: string = DEFAULT_PHONE_REGION,
): NormalizedPhone {
  if (typeof raw !== 'string') return { e164: null, raw: null };
  // Only what can be a typed number is kept: a longer text is read again each time (MAX_REMEMBERED_LENGTH).
  if (raw.length > MAX_REMEMBERED_LENGTH) return readPhone(raw, defaultRegion);
  const key = `${defaultRegion}\u0000${raw}`;
  const known = readPhones.get(key);
  if (known !== undefined) return { ...known };
  const read = readPhone(raw, defaultRegion);
  keepReading(key, read);
  return { ...read };
}

/**
 * The last numbers read, by region and text. A lead's phone is read by its mutation's needs, then
 * by the mutator, then by each replay, and libphonenumber takes tens of microseconds each time:
 * a server pushing thousands of leads a second spent more there than anywhere else. Kept: at
 * least the last PHONE_READINGS_KEPT readings, at most 56,000 (10–14 MB). An Excel import writes
 * four chunks of 5,000 leads in one transaction, each lead remembered by its typed text and its
 * E.164 form before the first chunk runs: 40,000 readings that must all still be here when that
 * transaction's mutations read them (with 16,000 the first chunks' were forgotten, and read again).
 */
const readPhones = new Map<string, NormalizedPhone>();
const READ_PHONES_KEPT = 56_000;
const READ_PHONES_FORGOTTEN = 14_000;
/**
 * Longer texts are read every time, never kept: a number as people type it, extension included,
 * is well under this, and the memory stays small whatever a client sends: 10–14 MB full of real
 * numbers, about 20 MB at worst.
 */
const MAX_REMEMBERED_LENGTH = 64;
/** How many of the last readings (remembered or made) are surely still known. */
export const PHONE_READINGS_KEPT = READ_PHONES_KEPT - READ_PHONES_FORGOTTEN;

/**
 * The oldest answers go first, a quarter of them at once: an import chunk's numbers, read by
 * phoneArgument, the needs and the mutator one after the other, must all still be there for the
 * second and third reading. Not one at a time: a Map emptied from its front keeps the deleted
 * slots until it is rebuilt, and each `keys().next()` walked all of them again — microseconds per
 * number, a tenth of an import's commit (docs/benchmarks.md, fifth session).
 */
function keepReading(key: string, read: NormalizedPhone): void {
  if (readPhones.size >= READ_PHONES_KEPT) {
    let forgotten = 0;
    for (const oldest of readPhones.keys()) {
      readPhones.delete(oldest);
      forgotten += 1;
      if (forgotten >= READ_PHONES_FORGOTTEN) break;
    }
  }
  readPhones.set(key, read);
}

/**
 * The ways a North American number is usually written: « 514 555-0101 », « (514) 555-0101 »,
 * « 514.555.0101 », « 5145550101 », each with or without « 1 » or « +1 » in front.
 */
const NANP_TYPED = /^(?:\+?1[\s.-]?)?(?:\((\d{3})\)\s?|(\d{3})[\s.-]?)(\d{3})[\s.-]?(\d{4})$/;

/**
 * A number written in one of the usual North American ways, checked by the library's own number
 * (its metadata, its validity) without its text parser: three quarters of a reading's time went
 * to parsing text whose digits these forms already give (docs/benchmarks.md, seventh session).
 * Only a valid reading is answered here; anything else goes to the full parser, so what this
 * returns is what the parser returns (phone.test.ts compares the two on every such form).
 */
function readNorthAmerican(typed: string): string | null {
  const match = NANP_TYPED.exec(typed);
  if (match === null) return null;
  const number = new LibraryPhoneNumber(`+1${match[1] ?? match[2]}${match[3]}${match[4]}` as E164Number, CANADA_FIRST);
  return number.isValid() ? number.number : null;
}

function readPhone(raw: string, defaultRegion: string): NormalizedPhone {
  const typed = raw.trim();
  if (typed === '') return { e164: null, raw: null };

  if (typed.length > MAX_INPUT_LENGTH) return { e164: null, raw: typed };

  // Only in the office's region, the one phone.test.ts compares against the parser.
  const usual = defaultRegion === DEFAULT_PHONE_REGION ? readNorthAmerican(typed) : null;
  if (usual !== null) return { e164: usual, raw: typed };

  const region = isSupported(defaultRegion) ? defaultRegion : undefined;
  const text = typed.replace(FRENCH_EXTENSION, ' ext $1');
  let parsed = parseValid(text, region, CANADA_FIRST);
  // A leading "00" is not an exit code in North America, so this retry never overrides a number
  // the default region could read; it only rescues numbers typed by people abroad.
  if (!parsed && EUROPEAN_INTERNATIONAL_PREFIX.test(text)) {
    parsed = parseValid(text.replace(EUROPEAN_INTERNATIONAL_PREFIX, '+'), region, CANADA_FIRST);
  }
  return { e164: parsed ? parsed.number : null, raw: typed };
}

/**
 * Keeps a reading `normalizePhone(raw, defaultRegion)` made in another thread, for this thread's
 * next reading of the same text to find it: the import's worker reads every phone of the file, and
 * its commit then hands each lead to lead.createMany, whose mutator read each number again —
 * libphonenumber's tens of microseconds per row were a tenth of a 100,000-row import
 * (docs/benchmarks.md). Only `normalizePhone`'s own answers for that same text and region may be
 * given here: this is its memory.
 */
export function rememberPhone(raw: string, defaultRegion: string, read: NormalizedPhone): void {
  if (raw.length > MAX_REMEMBERED_LENGTH) return;
  const key = `${defaultRegion}\u0000${raw}`;
  if (readPhones.has(key)) return;
  keepReading(key, { e164: read.e164, raw: read.raw });
}

const E164_SHAPE = /^\+[1-9]\d{1,14}$/;

/** True when `s` is exactly the E.164 form of a valid number, i.e. what `normalizePhone` stores. */
export function isValidE164(s: string | null | undefined): boolean {
  if (typeof s !== 'string' || !E164_SHAPE.test(s)) return false;
  return normalizePhone(s).e164 === s;
}

/**
 * How a stored number is shown. Numbers of Canada and the United States (toll-free 1-800
 * numbers belong to the latter for the library) are dialled alike from a Québec office, so
 * they are shown nationally in the Québec style "514 555-1234"; every other number in
 * international format "+33 6 12 34 56 78". Anything that is not a valid E.164 number is
 * returned unchanged.
 */
export function formatPhoneForDisplay(e164: string): string {
  const parsed = parseValid(e164, undefined);
  if (!parsed || parsed.number !== e164) return e164;
  if (parsed.country === 'CA' || parsed.country === 'US') {
    const n = parsed.nationalNumber;
    return `${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6)}`;
  }
  return parsed.formatInternational();
}
