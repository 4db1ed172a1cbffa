// Names typed all in capitals or all in lower case are cased as people write them (issue 10,
// point 4): « JEAN-FRANÇOIS DE LA FONTAINE » → « Jean-François de la Fontaine », « mcdonald » →
// « McDonald », « o'brien » → « O'Brien ». A name already in mixed case was cased by someone who
// knew it (« DiCaprio », « van Gogh ») and is kept as typed.

/** Nobiliary particles and prepositions of surnames, lower case inside a name. */
const PARTICLES = new Set(['de', 'du', 'des', 'del', 'della', 'der', 'den', 'van', 'von', 'da', 'das', 'do', 'dos', 'di', 'y', 'e', 'ten', 'ter', 'zu']);
/** Articles are particles only after one (« de la Fontaine »); alone they are names (« La Salle »). */
const ARTICLES = new Set(['la', 'le', 'les', 'los', 'las', 'l']);
/** Elided particles: « d'Estaing » inside a name. */
const ELIDED_PARTICLES = new Set(['d']);

const APOSTROPHE = /['’]/;

function capitalise(word: string): string {
  const lower = word.toLowerCase();
  const first = lower.charAt(0).toUpperCase();
  let rest = lower.slice(1);
  // « Mc » is always a prefix (McDonald, McGill); « Mac » is not (Mack, Machado, Macy).
  if (lower.startsWith('mc') && lower.length > 3) rest = 'c' + lower.charAt(2).toUpperCase() + lower.slice(3);
  return first + rest;
}

/** A word of letters with a one-letter prefix and an apostrophe: O'Brien, L'Heureux, d'Estaing. */
function caseApostrophe(word: string, particle: boolean): string {
  const [head = '', ...tail] = word.split(APOSTROPHE);
  const mark = APOSTROPHE.exec(word)?.[0] ?? "'";
  if (head.length !== 1) return capitalise(word);
  const prefix = particle ? head.toLowerCase() : head.toUpperCase();
  return prefix + mark + tail.map(capitalise).join(mark);
}

/** True when the text has both capitals and small letters: someone cased it on purpose. */
export function isMixedCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && /\p{Ll}/u.test(text);
}

/**
 * Cases one name. `inside`: the name follows a given name (a last name, or the rest of a full
 * name), so a particle at its start is lower case too (« Jean » + « de la Fontaine »); a name that
 * stands alone starts with a capital (« De la Fontaine »). Spaces are collapsed either way.
 */
export function caseName(text: string, inside = false): string {
  const collapsed = text.trim().replace(/\s+/g, ' ');
  if (isMixedCase(collapsed)) return collapsed;
  const words = collapsed.split(' ');
  let afterParticle = false;
  return words
    .map((word, index) => {
      const lower = word.toLowerCase();
      const last = index === words.length - 1;
      const leading = index === 0 && !inside;
      const elided = APOSTROPHE.test(lower) && ELIDED_PARTICLES.has(lower.split(APOSTROPHE)[0] ?? '');
      const particleWord = PARTICLES.has(lower) || (afterParticle && ARTICLES.has(lower));
      const particle = particleWord && !last && !leading;
      // « De la Fontaine »: the article follows a particle even when that one took a capital.
      afterParticle = particleWord && !last;
      if (particle) return lower;
      if (elided && !leading) return caseApostrophe(word, true);
      return word
        .split('-')
        .map((part) => (APOSTROPHE.test(part) ? caseApostrophe(part, false) : capitalise(part)))
        .join('-');
    })
    .join(' ');
}

export interface SplitName {
  firstName: string;
  lastName: string;
}

function isAllCapsWord(word: string): boolean {
  return /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word) && word.replace(/[^\p{L}]/gu, '').length > 1;
}

/**
 * Splits a full name into first and last name: « Tremblay, Jean » (last name first, before a
 * comma), « TREMBLAY Jean » (the capitalised words are the last name, as French lists write it),
 * otherwise the first word is the first name and the rest the last name (« Jean-François de la
 * Fontaine »). One word is a last name. Both parts are cased.
 */
export function splitFullName(text: string): SplitName {
  const collapsed = text.trim().replace(/\s+/g, ' ').replace(/^[\s,]+|[\s,]+$/g, '');
  const comma = collapsed.indexOf(',');
  if (comma > 0) {
    const last = collapsed.slice(0, comma).trim();
    const first = collapsed.slice(comma + 1).trim();
    if (last && first) return { firstName: caseName(first), lastName: caseName(last, true) };
  }
  const words = collapsed.split(' ').filter((w) => w !== '');
  if (words.length <= 1) return { firstName: '', lastName: caseName(collapsed) };
  if (isMixedCase(collapsed)) {
    const caps = words.map(isAllCapsWord);
    const capsCount = caps.filter(Boolean).length;
    if (capsCount > 0 && capsCount < words.length) {
      const leadingCaps = caps.findIndex((c) => !c);
      const trailingCaps = caps.lastIndexOf(false) + 1;
      // « TREMBLAY Jean » or « Jean TREMBLAY »: only when the capitals are at one end, together.
      if (caps.slice(0, leadingCaps).every(Boolean) && caps.slice(leadingCaps).every((c) => !c)) {
        return { firstName: caseName(words.slice(leadingCaps).join(' ')), lastName: caseName(words.slice(0, leadingCaps).join(' ').toLowerCase(), true) };
      }
      if (caps.slice(trailingCaps).every(Boolean) && caps.slice(0, trailingCaps).every((c) => !c)) {
        return { firstName: caseName(words.slice(0, trailingCaps).join(' ')), lastName: caseName(words.slice(trailingCaps).join(' ').toLowerCase(), true) };
      }
    }
    return { firstName: words[0] ?? '', lastName: words.slice(1).join(' ') };
  }
  const cased = caseName(collapsed).split(' ');
  return { firstName: cased[0] ?? '', lastName: cased.slice(1).join(' ') };
}
