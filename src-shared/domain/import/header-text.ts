// Headers are compared as people mean them, not as they typed them: "Prénom", "PRENOM",
// " prénom(s) " and "Pre-nom" are one header (issue 10, point 3).

/** Lower case, no accents, punctuation and runs of spaces turned into one space. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The normalised header without its spaces: "E-mail", "Email" and "e mail" all read "email". */
export function compactHeader(text: string): string {
  return normaliseHeader(text).replace(/ /g, '');
}
