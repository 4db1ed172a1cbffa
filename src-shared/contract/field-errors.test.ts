import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adminUserCreateBody, adminUserPatchBody, loginBody } from './auth';
import { MAX_LISTED_ISSUES, fieldErrors, parseInFrench } from './field-errors';

// zod's issues as the user reads them: one French message per field, a summary naming the fields.

function errorsOf(schema: z.ZodType, value: unknown) {
  const parsed = parseInFrench(schema, value);
  if (parsed.success) throw new Error('attendu : refus');
  return fieldErrors(parsed.error);
}

describe('fieldErrors', () => {
  it('gives one French message per field, by dotted path, and a summary with a non-breaking space before the colon', () => {
    const schema = z.object({ lastName: z.string(), leads: z.array(z.object({ phone: z.string().max(3) })) });
    const { message, fields } = errorsOf(schema, { leads: [{ phone: '12' }, { phone: '12345' }] });
    expect(fields).toEqual({ lastName: 'Obligatoire.', 'leads.1.phone': expect.stringMatching(/^Trop grand/) });
    expect(message).toMatch(/^Nom\u00a0: obligatoire\. Ligne 2, Téléphone\u00a0: Trop grand/);
    expect(message).not.toMatch(/expected|received|undefined|indéfini/i);
  });

  it('keys a wrapped field as the form names it, and does not repeat a label its message already says', () => {
    const schema = z.object({ patch: z.object({ lastName: z.string().min(1, { error: 'Le nom est obligatoire.' }) }) });
    expect(errorsOf(schema, { patch: { lastName: '' } })).toEqual({
      message: 'Le nom est obligatoire.',
      fields: { lastName: 'Le nom est obligatoire.' },
    });
  });

  it('files a rule about the whole value under « _ », and lists a handful of fields at most', () => {
    expect(errorsOf(adminUserPatchBody, {}).fields).toEqual({ _: 'Aucun champ à modifier.' });
    const many = z.object(Object.fromEntries(Array.from({ length: 8 }, (_, n) => [`champ${n}`, z.string()])));
    const { message, fields } = errorsOf(many, {});
    expect(Object.keys(fields)).toHaveLength(8);
    expect(message.split('. ').length).toBe(MAX_LISTED_ISSUES + 1);
    expect(message).toMatch(/… et 3 autre\(s\) erreur\(s\)\.$/);
  });
});

describe('the account rules (contract/auth.ts)', () => {
  it('words a missing value, a wrong type and a broken rule differently', () => {
    expect(errorsOf(loginBody, {}).fields).toEqual({ email: 'Le courriel est obligatoire.', password: 'Le mot de passe est obligatoire.' });
    expect(errorsOf(loginBody, { email: 42, password: 'x' }).fields.email).toMatch(/^Entrée invalide\u00a0: chaîne de caractères attendu, nombre reçu/);
    expect(errorsOf(adminUserCreateBody, { email: ' ', name: 'A', role: null, password: 'un-bon-mot-de-passe' }).fields).toEqual({
      email: 'Le courriel est obligatoire.',
      role: 'Choisissez un rôle.',
    });
    expect(errorsOf(adminUserCreateBody, { email: 'a@b', name: 'x'.repeat(201), role: 'stagiaire', password: 'x'.repeat(1025) }).fields).toEqual({
      email: 'Adresse courriel invalide.',
      name: 'Le nom compte au plus 200 caractères.',
      role: 'Rôle inconnu\u00a0: admin, director, counselor, secretary.',
      password: 'Le mot de passe doit compter au plus 1024 caractères.',
    });
  });

  it('refuses a field the admin patch cannot change', () => {
    expect(errorsOf(adminUserPatchBody, { email: 'a@b.ca' }).fields).toEqual({ _: 'Champ non modifiable\u00a0: seuls name, role, titleForm, active et password le sont.' });
  });
});
