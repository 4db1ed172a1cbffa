import { isValidEmail, normalizeEmail } from '../email';
import { leadCreateArgs } from '../mutations/args';
import type { Cell } from './cell';
import { cellText, cellValue, columnLetter, isUncomputedFormula } from './cell';
import { MAX_PHONE_ARGUMENT } from './create-input';
import { readDate } from './excel-date';
import type { LeadLanguage } from './language';
import { readLanguage } from './language';
import { MAX_CELL_LENGTH } from './limits';
import type { ColumnMapping, ImportField } from './mapping';
import { caseName, splitFullName } from './name-case';
import { DEFAULT_PHONE_REGION } from '../phone';
import { readTypedPhone } from './typed-phone';

// One row of the sheet cleaned and checked with the domain's rules (issue 10, point 4). A row
// needs a name and a valid phone number or e-mail; a refused row gets its reason in French.
//
// Formulas: a formula's saved result is a value like any other. A cell whose formula was never
// computed (a file written by a program, not by Excel) has no value to import: the row is refused
// with a reason saying how to get one, rather than importing the formula's text as a name or a
// number. Text that merely begins with = + - @ is text and kept as it is.

/** A lead as the import would save it: lead.create's fields (without id and source), plus more. */
export interface ImportedLead {
  firstName: string;
  lastName: string;
  email: string | null;
  /** E.164 when the number could be read. */
  phone: string | null;
  /** The phone cell exactly as typed (trimmed), extension included. */
  phoneTyped: string | null;
  /**
   * Set when the row was cleaned in the default region (phone.ts): true when `normalizePhone`
   * read `phoneTyped` as a whole as `phone`, false when it read nothing from it. The commit gives
   * that to the main thread's phone memory rather than reading each number again (a boolean: a
   * full sheet holds a million of them).
   */
  phoneTypedReads?: boolean;
  language: LeadLanguage | null;
  city: string | null;
  country: string | null;
  programOfInterest: string | null;
  notes: string | null;
  /** The Source column: lead.create's `utmSource` (the lead's `source` is always 'import'). */
  utmSource: string | null;
  /** The Date column, 'YYYY-MM-DD'. */
  date: string | null;
}

export type CleanResult =
  | { ok: true; lead: ImportedLead; warnings: string[] }
  | { ok: false; reason: string };

export interface CleanContext {
  /** The header row's texts, to name columns in reasons and notes. */
  headers: readonly (string | null)[];
  /** Region of numbers written without country code. */
  defaultRegion?: string;
  /** The workbook counts dates from 1904 (old Excel for Mac). */
  date1904?: boolean;
}

/** How a column is named to the user: its header, else its letter. */
export function columnLabel(headers: readonly (string | null)[], column: number): string {
  const header = headers[column]?.trim();
  return header ? `«\u00a0${header}\u00a0»` : `${columnLetter(column)}`;
}

const quote = (text: string, max = 60) => `«\u00a0${text.length > max ? `${text.slice(0, max)}…` : text}\u00a0»`;

interface Value {
  column: number;
  text: string;
}

const fields = leadCreateArgs.omit({ id: true, source: true });

/** Cleans one row; never throws, whatever the cells hold. */
export function cleanRow(cells: readonly Cell[], mapping: ColumnMapping, context: CleanContext): CleanResult {
  const values = new Map<ImportField, Value[]>();
  for (let column = 0; column < mapping.length; column += 1) {
    const field = mapping[column];
    if (field === undefined || field === 'ignore') continue;
    const cell = cells[column];
    if (isUncomputedFormula(cell)) {
      const formula = typeof cell === 'object' && cell !== null ? (cell.formula ?? '') : '';
      return {
        ok: false,
        reason:
          `Colonne ${columnLabel(context.headers, column)}\u00a0: la formule ${quote(formula.startsWith('=') ? formula : `=${formula}`)} n’a pas de valeur enregistrée. ` +
          'Ouvrez le fichier dans Excel, enregistrez-le, puis importez-le de nouveau.',
      };
    }
    const text = cellText(cell);
    if (text === null) continue;
    if (text.length > MAX_CELL_LENGTH) {
      return {
        ok: false,
        reason: `Colonne ${columnLabel(context.headers, column)}\u00a0: le texte dépasse ${MAX_CELL_LENGTH.toLocaleString('fr-CA')} caractères.`,
      };
    }
    const list = values.get(field);
    if (list) list.push({ column, text });
    else values.set(field, [{ column, text }]);
  }
  if (values.size === 0) return { ok: false, reason: 'Rien dans les colonnes importées.' };

  const first = (field: ImportField): string | null => values.get(field)?.[0]?.text ?? null;
  const warnings: string[] = [];
  const extraNotes: string[] = [];

  // Names.
  const given = first('firstName');
  const family = first('lastName');
  const full = first('fullName');
  let firstName = given === null ? '' : caseName(given);
  let lastName = '';
  if (family !== null) {
    lastName = caseName(family, given !== null);
  } else if (full !== null) {
    if (given !== null) {
      const rest = full.toLowerCase().startsWith(`${given.toLowerCase()} `) ? full.slice(given.length) : full;
      lastName = caseName(rest, true);
    } else {
      ({ firstName, lastName } = splitFullName(full));
    }
  }
  if (lastName === '') {
    return {
      ok: false,
      reason: given === null ? 'Nom manquant.' : `Nom manquant (prénom seul\u00a0: ${quote(given)}).`,
    };
  }

  // E-mails: the first valid address; the others go to the notes, so nothing typed is lost.
  const emails = (values.get('email') ?? []).map((v) => ({ ...v, address: normalizeEmail(v.text.replace(/^mailto:/i, '')) }));
  const email = emails.find((e) => e.address !== null && isValidEmail(e.address)) ?? null;
  for (const e of emails) if (e !== email) extraNotes.push(`Autre courriel\u00a0: ${e.text}`);
  if (email === null && emails.length > 0) {
    const typed = emails[0]?.text ?? '';
    return { ok: false, reason: `Courriel invalide\u00a0: ${quote(typed)}. Corrigez-le ou videz la cellule.` };
  }

  // Phones: the first one that reads as a number, else the first typed.
  const phones = (values.get('phone') ?? []).map((v) => ({ ...v, read: readTypedPhone(v.text, context.defaultRegion) }));
  const phone = phones.find((p) => p.read.e164 !== null) ?? phones[0] ?? null;
  for (const p of phones) if (p !== phone) extraNotes.push(`Autre téléphone\u00a0: ${p.text}`);
  if (phone !== null && phone.read.e164 === null) {
    // Kept as typed, it must fit the lead's phone field (what was typed is what is stored).
    if (phone.text.length > MAX_PHONE_ARGUMENT) {
      return { ok: false, reason: `Téléphone illisible\u00a0: ${quote(phone.text)} (${MAX_PHONE_ARGUMENT} caractères au plus).` };
    }
    if (email === null) {
      return {
        ok: false,
        reason: `Téléphone illisible\u00a0: ${quote(phone.text)}, et aucun courriel. Corrigez le numéro ou ajoutez un courriel.`,
      };
    }
    warnings.push(`Téléphone illisible\u00a0: ${quote(phone.text)}, gardé tel quel.`);
  }
  if (phone === null && email === null) {
    return { ok: false, reason: 'Ni téléphone ni courriel\u00a0: il faut l’un ou l’autre pour joindre la personne.' };
  }

  // Date.
  let date: string | null = null;
  const dateValue = values.get('date')?.[0];
  if (dateValue) {
    date = readDate(cellValue(cells[dateValue.column]), { date1904: context.date1904 });
    if (date === null) warnings.push(`Date illisible\u00a0: ${quote(dateValue.text)} (ni jj/mm/aaaa ni aaaa-mm-jj).`);
  }

  // Notes: one column as it is; several, each under its header.
  const noteValues = values.get('notes') ?? [];
  const notes = [
    ...noteValues.map((v) => (noteValues.length > 1 ? `${context.headers[v.column]?.trim() || columnLetter(v.column)}\u00a0: ${v.text}` : v.text)),
    ...extraNotes,
  ].join('\n');

  const parsed = fields.safeParse({
    firstName,
    lastName,
    email: email?.address ?? null,
    phone: phone?.read.e164 ?? null,
    language: readLanguage(first('language')),
    city: first('city'),
    country: first('country'),
    programOfInterest: first('programOfInterest'),
    notes: notes === '' ? null : notes,
    utmSource: first('source'),
  });
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'Ligne invalide.' };
  const lead = parsed.data;
  return {
    ok: true,
    lead: {
      firstName: lead.firstName,
      lastName: lead.lastName,
      email: lead.email,
      phone: lead.phone,
      phoneTyped: phone?.read.typed ?? null,
      ...(phone && (context.defaultRegion ?? DEFAULT_PHONE_REGION) === DEFAULT_PHONE_REGION ? { phoneTypedReads: phone.read.wholeReads } : {}),
      language: lead.language,
      city: lead.city,
      country: lead.country,
      programOfInterest: lead.programOfInterest,
      notes: lead.notes,
      utmSource: lead.utmSource,
      date,
    },
    warnings,
  };
}
