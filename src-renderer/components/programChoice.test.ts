import { describe, expect, it } from 'vitest';
import { procedure, testId } from '~shared/testing/builders';
import { OTHER, choiceOf, procedureOf } from './programChoice';

// Issue 15, point 9: « Programme d'intérêt » is chosen from the catalogue the evaluation uses, or
// « Autre » with free text; what leads already hold (web form, imports) reads back as a choice.

const EE = procedure();
const PEQ = procedure({ id: testId('procedure', 'peq'), code: 'PEQ', nameFr: 'Programme de l’expérience québécoise', nameEn: 'Québec Experience Program' });
const CATALOGUE = [EE, PEQ];

describe('the program of a lead as a choice', () => {
  it('reads a procedure by its French or English name or its code, whatever the case and spaces', () => {
    expect(procedureOf('Entrée express', CATALOGUE)).toBe(EE);
    expect(procedureOf('  express entry ', CATALOGUE)).toBe(EE);
    expect(procedureOf('peq', CATALOGUE)).toBe(PEQ);
    expect(choiceOf('Québec Experience Program', CATALOGUE)).toBe(PEQ.id);
  });

  it('reads any other text as « Autre », and nothing as no choice', () => {
    expect(choiceOf('Parrainage familial', CATALOGUE)).toBe(OTHER);
    expect(choiceOf('   ', CATALOGUE)).toBeNull();
    expect(procedureOf(null, CATALOGUE)).toBeUndefined();
  });
});
