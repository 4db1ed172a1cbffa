import type { Procedure } from '~shared/domain/entities';

// « Programme d'intérêt » (issue 15, point 9) is chosen from the office's procedure catalogue, the
// list the evaluation uses, or « Autre » with free text. The lead keeps text (web forms and
// imports bring any wording): a procedure is stored by its French name, the office's language,
// and text naming a procedure in either language or by code is read back as that procedure.

export const OTHER = 'other';

/** The catalogue entry a stored text names, if any (archived entries still name old leads). */
export function procedureOf(text: string | null | undefined, procedures: readonly Procedure[]): Procedure | undefined {
  const wanted = (text ?? '').trim().toLocaleLowerCase('fr-CA');
  if (wanted === '') return undefined;
  return procedures.find((p) => [p.nameFr, p.nameEn, p.code].some((name) => name.trim().toLocaleLowerCase('fr-CA') === wanted));
}

/** The select's value for a stored text: a procedure's id, « Autre », or nothing chosen. */
export function choiceOf(text: string, procedures: readonly Procedure[]): string | null {
  if (text.trim() === '') return null;
  return procedureOf(text, procedures)?.id ?? OTHER;
}
