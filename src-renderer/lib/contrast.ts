// WCAG 2.x relative luminance and contrast ratio, to keep the status chips and the accent colour
// readable (issue 5: "contrast"). AA asks 4.5:1 for normal text.

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`Couleur invalide : ${hex}`);
  const n = parseInt(m[1]!, 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const AA_NORMAL_TEXT = 4.5;

function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const scale = (c: number) => Math.round(c * (1 - amount));
  const [r, g, b] = [scale((n >> 16) & 255), scale((n >> 8) & 255), scale(n & 255)];
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** `hex`, darkened step by step until text of that colour reads on `background` at `ratio`. */
export function readableOn(hex: string, background: string, ratio: number): string {
  let colour = hex.toLowerCase();
  for (let i = 0; i < 20 && contrastRatio(colour, background) < ratio; i++) colour = darken(colour, 0.08);
  return colour;
}
