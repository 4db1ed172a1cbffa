import { compactHeader, normaliseHeader } from './header-text';

// The guessed mapping of columns to lead fields (issue 10, point 3): French and English headers,
// compared without accents, case, spacing or punctuation. The user may change it; a mapping is
// remembered per set of headers (`mappingKey`).

export const IMPORT_FIELDS = [
  'firstName',
  'lastName',
  /** "Nom complet", "Name": split into first and last name when there is no last-name column. */
  'fullName',
  'email',
  'phone',
  'city',
  'country',
  'language',
  'programOfInterest',
  'notes',
  /** Where the lead came from (a fair, a campaign): the lead's `utmSource`. */
  'source',
  /** When the lead was taken; read and checked, shown in the preview. */
  'date',
  'ignore',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index → field, one entry per column of the sheet. */
export type ColumnMapping = readonly ImportField[];

/** French names of the fields, for the mapping screen and for reasons naming a column. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  firstName: 'Prénom',
  lastName: 'Nom',
  fullName: 'Nom complet',
  email: 'Courriel',
  phone: 'Téléphone',
  city: 'Ville',
  country: 'Pays',
  language: 'Langue',
  programOfInterest: 'Programme',
  notes: 'Notes',
  source: 'Source',
  date: 'Date',
  ignore: 'Ne pas importer',
};

/** Fields several columns may feed: phones and e-mails (the first valid one wins) and notes. */
export const MULTI_COLUMN_FIELDS: ReadonlySet<ImportField> = new Set(['phone', 'email', 'notes', 'ignore']);

// Headers as people write them. `ignore` lists headers that contain a field's word without being
// that field ("Date de naissance" is not the lead's date, "Nom de l'entreprise" not its name):
// the longest match wins, so they win over "date" and "nom".
const SYNONYMS: Record<ImportField, readonly string[]> = {
  firstName: ['prénom', 'prénoms', 'first name', 'firstname', 'given name', 'given names', 'forename'],
  lastName: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
  fullName: [
    'nom complet',
    'name',
    'full name',
    'nom et prénom',
    'nom prénom',
    'prénom et nom',
    'prénom nom',
    'nom du client',
    'nom du contact',
    'client name',
    'contact name',
  ],
  email: [
    'courriel',
    'e-mail',
    'email',
    'mail',
    'adresse courriel',
    'adresse e-mail',
    'adresse électronique',
    'adresse mail',
    'email address',
    'mail address',
    'mél',
    'couriel',
  ],
  phone: [
    'téléphone',
    'tél',
    'tel',
    'cellulaire',
    'cell',
    'cellphone',
    'mobile',
    'portable',
    'phone',
    'phone number',
    'numéro de téléphone',
    'no de téléphone',
    'telephone number',
    'mobile phone',
    'cell phone',
    'gsm',
    'whatsapp',
  ],
  city: ['ville', 'city', 'municipalité', 'town', 'localité', 'ville de résidence'],
  country: ['pays', 'country', "pays d'origine", 'pays de résidence', 'country of origin', 'country of residence'],
  language: ['langue', 'language', 'langue préférée', 'langue parlée', 'preferred language', 'lang', 'langue de communication'],
  programOfInterest: [
    'programme',
    'program',
    'programme d’intérêt',
    "programme d'intérêt",
    'program of interest',
    'programme visé',
    'immigration program',
    'intérêt',
    'interest',
    'démarche',
    'service demandé',
    'type de demande',
  ],
  notes: ['notes', 'note', 'commentaires', 'commentaire', 'comments', 'comment', 'remarques', 'remarque', 'observations', 'message', 'détails'],
  source: ['source', 'provenance', 'lead source', 'source du lead', 'canal', 'campagne', 'campaign', 'événement', 'event'],
  date: [
    'date',
    'date de création',
    'date d’inscription',
    "date d'inscription",
    'date d’ajout',
    "date d'ajout",
    'date de réception',
    'date du contact',
    'created',
    'created at',
    'creation date',
    'date created',
    'horodateur',
    'horodatage',
    'timestamp',
    'submitted at',
  ],
  ignore: [
    'date de naissance',
    'naissance',
    'date of birth',
    'birth date',
    'birthday',
    'ddn',
    'dob',
    'adresse',
    'address',
    'code postal',
    'postal code',
    'zip',
    'province',
    'entreprise',
    'compagnie',
    'company',
    'employeur',
    'employer',
    'conseiller',
    'conseillère',
    'agent',
    'responsable',
    'assigné à',
    'nom d’utilisateur',
    "nom d'utilisateur",
    'username',
  ],
};

interface Synonym {
  field: ImportField;
  compact: string;
  words: readonly string[];
}

const SYNONYM_LIST: readonly Synonym[] = IMPORT_FIELDS.flatMap((field) =>
  SYNONYMS[field].map((text) => ({ field, compact: compactHeader(text), words: normaliseHeader(text).split(' ') })),
);

const EXACT = new Map<string, ImportField>();
for (const s of SYNONYM_LIST) if (!EXACT.has(s.compact)) EXACT.set(s.compact, s.field);

const MAX_HEADER_LENGTH = 80;

export interface HeaderMatch {
  field: ImportField;
  /** 2: the whole header is a known name; 1: a known name is among its words; 0: nothing known. */
  strength: 0 | 1 | 2;
}

function containsWords(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The field a header names, and how surely. */
export function matchHeader(header: string | null): HeaderMatch {
  // A header is a few words; a long text is a title or a note, and is not worth the search.
  if (header === null || header.length > MAX_HEADER_LENGTH) return { field: 'ignore', strength: 0 };
  const compact = compactHeader(header);
  if (compact === '') return { field: 'ignore', strength: 0 };
  const exact = EXACT.get(compact);
  if (exact) return { field: exact, strength: 2 };
  const words = normaliseHeader(header).split(' ');
  let best: Synonym | null = null;
  for (const s of SYNONYM_LIST) {
    if (!containsWords(words, s.words)) continue;
    if (best === null || s.compact.length > best.compact.length) best = s;
  }
  return best ? { field: best.field, strength: 1 } : { field: 'ignore', strength: 0 };
}

/**
 * The guessed field of every column. A field that only one column can feed goes to the surest,
 * then leftmost, column; the others are ignored. "Nom complet" is split only when there is no
 * last-name column, and a bare "Nom" with no first-name column beside it is taken as the full
 * name ("Nom | Téléphone" lists write "Jean Tremblay" there).
 */
export function guessMapping(headers: readonly (string | null)[]): ImportField[] {
  const matches = headers.map(matchHeader);
  const mapping: ImportField[] = matches.map((m) => m.field);
  const owner = new Map<ImportField, number>();
  matches.forEach((m, column) => {
    if (MULTI_COLUMN_FIELDS.has(m.field)) return;
    const held = owner.get(m.field);
    if (held === undefined) owner.set(m.field, column);
    else if (m.strength > (matches[held]?.strength ?? 0)) {
      mapping[held] = 'ignore';
      owner.set(m.field, column);
    } else mapping[column] = 'ignore';
  });
  const lastColumn = owner.get('lastName');
  const fullColumn = owner.get('fullName');
  if (lastColumn !== undefined && fullColumn !== undefined) {
    mapping[fullColumn] = 'ignore';
  } else if (lastColumn !== undefined && !owner.has('firstName') && compactHeader(headers[lastColumn] ?? '') === 'nom') {
    mapping[lastColumn] = 'fullName';
  }
  return mapping;
}

/**
 * A stable key for "files with the same headers", to remember the mapping the user chose.
 * Headers are compared as `guessMapping` compares them; empty columns on the right do not count.
 */
export function mappingKey(headers: readonly (string | null)[]): string {
  const names = headers.map((h) => normaliseHeader(h ?? ''));
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return `import-mapping:v1:${names.join('|')}`;
}

/** Why a mapping cannot import anything, in French; empty when it can. */
export function mappingProblems(mapping: ColumnMapping): string[] {
  const has = (field: ImportField) => mapping.includes(field);
  const problems: string[] = [];
  if (!has('lastName') && !has('fullName')) {
    problems.push('Aucune colonne n’est associée au nom\u00a0: choisissez la colonne du nom ou du nom complet.');
  }
  if (!has('phone') && !has('email')) {
    problems.push(
      'Aucune colonne n’est associée au téléphone ni au courriel\u00a0: chaque lead a besoin de l’un ou de l’autre.',
    );
  }
  return problems;
}
