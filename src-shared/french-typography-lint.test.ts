import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// style.md: the code's own French strings keep fr-CA typography; `npm run lint` refuses a
// breakable space before « : ; ! ? » or inside « », and `--fix` puts the no-break one.
/* eslint-disable bureau/french-typography */

const eslint = new ESLint({ cwd: process.cwd() });
const RULE = 'bureau/french-typography';

async function lint(code: string): Promise<{ rules: string[]; fixed: string | undefined }> {
  const [result] = await new ESLint({ cwd: process.cwd(), fix: true }).lintText(code, { filePath: 'src-shared/domain/typography-probe.ts' });
  const [plain] = await eslint.lintText(code, { filePath: 'src-shared/domain/typography-probe.ts' });
  return { rules: (plain?.messages ?? []).map((m) => m.ruleId ?? 'fatal'), fixed: result?.output };
}

describe('French typography in code', () => {
  it.each([
    ["export const m = 'Numéro invalide : 12';", "export const m = 'Numéro invalide\u00a0: 12';"],
    ['export const m = (n: string) => `Le lead « ${n} » est déjà attribué !`;', 'export const m = (n: string) => `Le lead «\u00a0${n}\u00a0» est déjà attribué\u00a0!`;'],
  ])('refuses and fixes %s', async (code, fixed) => {
    const result = await lint(code);
    expect(result.rules).toContain(RULE);
    expect(result.fixed).toBe(fixed);
  });

  it.each([
    "export const sql = 'select * from leads where id = ? and email = ?';",
    "export const en = 'Invalid number: 12';",
    'export const pick = (a: boolean) => (a ? `Prénom` : `Nom`);',
  ])('leaves code, SQL and English alone: %s', async (code) => {
    expect((await lint(code)).rules).not.toContain(RULE);
  });
});
