import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';
import { STATUS_INFO } from '~shared/domain/statuses';
import { readableOn } from '../lib/contrast';

// Calm, office-grade look: one navy-blue accent, system fonts (no remote font under the CSP),
// generous spacing. Shades used with white text (buttons: shade 7) keep WCAG AA contrast, which
// Mantine's default blue[6] does not; `theme.test.ts` checks it.
export const bureauBlue: MantineColorsTuple = [
  '#e8f1fb',
  '#d0e1f5',
  '#a3c3ea',
  '#72a3df',
  '#4a88d5',
  '#3177cf',
  '#236dcd',
  '#1a5bb0',
  '#114f9d',
  '#00428a',
];

export const theme = createTheme({
  primaryColor: 'bureau',
  primaryShade: 7,
  colors: { bureau: bureauBlue },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif', fontWeight: '600' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45 } } },
    Tooltip: { defaultProps: { openDelay: 300 } },
  },
});

/** Secondary text that reads (Mantine's default "dimmed" grey is below AA on white). */
export const DIMMED_TEXT = '#5c636a';

/**
 * Filled colours that carry white text at AA: the domain's own hues where the meaning matches
 * (a consultation held is the "Consultation effectuée" green, a conversion the client gold).
 */
export const TONE = {
  danger: '#c92a2a',
  success: STATUS_INFO.consultation_done.hex,
  warning: STATUS_INFO.to_recontact.hex,
  gold: STATUS_INFO.client.hex,
} as const;

/**
 * Mantine's "light" and "subtle" variants write text in shade 6, below AA on their pale
 * background for most hues (red 3.3:1, orange 2.6:1). Their text takes shade 9 here, darkened
 * further where even that is not enough (yellow, orange, green, lime).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': DIMMED_TEXT,
    '--mantine-color-placeholder': '#6b7280',
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, readableOn(shades[9], '#f1f3f5', 4.5)]),
    ),
  },
  dark: {},
});
