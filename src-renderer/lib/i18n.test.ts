import { describe, it, expect } from 'vitest';
import frCA from '../locales/fr-CA.json';
import en from '../locales/en.json';
import { createI18n } from './i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  const fr = flatten(frCA as Tree);
  const english = flatten(en as Tree);

  it('English has every French key and no other', () => {
    expect([...english.keys()].sort()).toEqual([...fr.keys()].sort());
  });

  it('no string is empty, and both languages use the same placeholders', () => {
    for (const [key, text] of fr) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  // Issue 15, point 10: a line must never break before « ? » or « : » (nor inside « »).
  it('French punctuation is held to its word by a non-breaking space', () => {
    for (const [key, text] of fr) {
      expect(text, key).not.toMatch(/ [?:!;»]|« /);
      expect(text, key).not.toMatch(/[^\s\u00a0\u202f][:;!?»](?=\s|$)(?<!https?:)/u);
    }
  });

  it('French plurals follow fr-CA: 0 and 1 are singular', () => {
    const i18n = createI18n('fr-CA');
    expect(i18n.t('sync.pending', { count: 0 })).toBe('0 changement en attente');
    expect(i18n.t('sync.pending', { count: 1 })).toBe('1 changement en attente');
    expect(i18n.t('sync.pending', { count: 2 })).toBe('2 changements en attente');
  });

  it('interpolation does not escape: React does, once', () => {
    const i18n = createI18n('fr-CA');
    expect(i18n.t('leads.selectRow', { name: '<img src=x>' })).toBe('Sélectionner <img src=x>');
  });
});
