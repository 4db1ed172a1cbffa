import { describe, it, expect } from 'vitest';
import { STATUS_INFO, LEAD_STATUSES } from '~shared/domain/statuses';
import { AA_NORMAL_TEXT, contrastRatio } from './contrast';
import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { bureauBlue, cssVariablesResolver, DIMMED_TEXT, theme, TONE } from '../app/theme';

describe('colour contrast (WCAG AA, 4.5:1 for normal text)', () => {
  it.each(LEAD_STATUSES)('the %s chip keeps white text readable', (status) => {
    expect(contrastRatio(STATUS_INFO[status].hex, '#ffffff')).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
  });

  it('the accent colour under white button text and the secondary text on white pass AA', () => {
    expect(contrastRatio(bureauBlue[7], '#ffffff')).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    expect(contrastRatio(DIMMED_TEXT, '#ffffff')).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
  });

  it('filled buttons in the tones carry white text at AA', () => {
    for (const hex of Object.values(TONE)) expect(contrastRatio(hex, '#ffffff')).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
  });

  it('the text of light and subtle variants reads at AA on their pale background, in every hue', () => {
    const vars = cssVariablesResolver(mergeMantineTheme(DEFAULT_THEME, theme)).light;
    const lightColours = Object.entries(vars).filter(([k]) => k.endsWith('-light-color'));
    expect(lightColours.length).toBeGreaterThan(10);
    for (const [name, hex] of lightColours) expect(contrastRatio(hex, '#f1f3f5'), name).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
  });

  it('computes the known ratios of black and white', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(AA_NORMAL_TEXT);
  });
});
