import { describe, expect, it } from 'vitest';
import { guessMapping, mappingKey, mappingProblems, matchHeader } from './mapping';

describe('matchHeader', () => {
  it.each([
    ['Prénom', 'firstName'],
    ['First name', 'firstName'],
    ['PRENOM', 'firstName'],
    ['Nom de famille', 'lastName'],
    ['Last Name', 'lastName'],
    ['Courriel', 'email'],
    ['E-mail', 'email'],
    ['Adresse courriel', 'email'],
    ['Adresse de courriel', 'email'],
    ['Téléphone', 'phone'],
    ['Cellulaire', 'phone'],
    ['Tél.', 'phone'],
    ['Phone', 'phone'],
    ['No de téléphone (maison)', 'phone'],
    ['Ville', 'city'],
    ['Pays', 'country'],
    ["Pays d'origine", 'country'],
    ['Langue', 'language'],
    ['Programme', 'programOfInterest'],
    ["Programme d'intérêt", 'programOfInterest'],
    ['Notes', 'notes'],
    ['Commentaires', 'notes'],
    ['Source', 'source'],
    ['Date', 'date'],
    ["Date d'inscription", 'date'],
    ['Nom complet', 'fullName'],
    ['Name', 'fullName'],
    ['Date de naissance', 'ignore'],
    ["Nom de l'entreprise", 'ignore'],
    ['Adresse', 'ignore'],
    ['Code postal', 'ignore'],
    ['Colonne inconnue', 'ignore'],
    ['Nom du conseiller', 'ignore'],
  ])('%s → %s', (header, field) => {
    expect(matchHeader(header).field).toBe(field);
  });
});

describe('guessMapping', () => {
  it('maps French headers', () => {
    expect(guessMapping(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Langue', 'Programme', 'Commentaires'])).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'city',
      'language',
      'programOfInterest',
      'notes',
    ]);
  });

  it('maps English headers, whatever their case and spacing', () => {
    expect(guessMapping(['FIRST  NAME', 'last name', 'E-Mail', 'Phone', 'Country', 'Language', 'Program', 'Comments', 'Source', 'Date'])).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'country',
      'language',
      'programOfInterest',
      'notes',
      'source',
      'date',
    ]);
  });

  it('gives a field that one column feeds to the surest column, and several phones and notes to all', () => {
    expect(guessMapping(['Ville natale', 'Ville', 'Téléphone', 'Cellulaire', 'Notes', 'Remarques', null])).toEqual([
      'ignore',
      'city',
      'phone',
      'phone',
      'notes',
      'notes',
      'ignore',
    ]);
  });

  it('splits a full name only when there is no last-name column', () => {
    expect(guessMapping(['Nom complet', 'Courriel'])).toEqual(['fullName', 'email']);
    expect(guessMapping(['Name', 'Prénom', 'Nom'])).toEqual(['ignore', 'firstName', 'lastName']);
    // A bare « Nom » without a first-name column holds « Jean Tremblay ».
    expect(guessMapping(['Nom', 'Téléphone'])).toEqual(['fullName', 'phone']);
    expect(guessMapping(['Nom de famille', 'Téléphone'])).toEqual(['lastName', 'phone']);
  });
});

describe('mappingKey', () => {
  it('is the same for headers that differ only in accents, case, spacing or empty columns on the right', () => {
    const key = mappingKey(['Prénom', 'Nom', 'Courriel']);
    expect(mappingKey([' prenom ', 'NOM', 'Courriel', null, ''])).toBe(key);
    expect(mappingKey(['Prénom', 'Nom', 'Téléphone'])).not.toBe(key);
    expect(mappingKey(['Nom', 'Prénom', 'Courriel'])).not.toBe(key);
  });
});

describe('mappingProblems', () => {
  it('names what is missing in French', () => {
    expect(mappingProblems(['firstName', 'lastName', 'email'])).toEqual([]);
    expect(mappingProblems(['fullName', 'phone'])).toEqual([]);
    const problems = mappingProblems(['firstName', 'city']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('nom');
    expect(problems[1]).toContain('téléphone ni au courriel');
  });
});
