// fr-CA typography for text this code does not write itself (zod's French messages): a no-break
// space before « : ; ! ? » and inside « », so that a line never breaks there (style.md). The code's
// own strings are held to the same rule by the `bureau/french-typography` lint rule.

const BREAKABLE = / (?=[:;!?»])|(?<=«) /gu;

/** The text with its breakable spaces before « : ; ! ? » and inside « » made no-break. */
export function frenchSpacing(text: string): string {
  return text.replace(BREAKABLE, '\u00a0');
}
