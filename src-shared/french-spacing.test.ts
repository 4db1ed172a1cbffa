import { describe, expect, it } from 'vitest';
import { frenchSpacing } from './french-spacing';

// The inputs below are wrong on purpose: they are what zod's French locale writes.
/* eslint-disable bureau/french-typography */

describe('frenchSpacing', () => {
  it('holds « : ; ! ? » and the guillemets to their words', () => {
    expect(frenchSpacing('Entrée invalide : « x » ? Oui ! Non ; peut-être')).toBe(
      'Entrée invalide\u00a0: «\u00a0x\u00a0»\u00a0? Oui\u00a0! Non\u00a0; peut-être',
    );
  });

  it('leaves other spaces and already correct text alone', () => {
    const right = 'Prénom\u00a0: Marie, à 9 h 30';
    expect(frenchSpacing(right)).toBe(right);
  });
});
