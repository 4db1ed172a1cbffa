// The tray icon, drawn in code so that the application ships no image it could lose: a blue
// rounded square with a white « B », and a red dot while something is unread (Windows and Linux
// show no count beside a tray icon). Raw BGRA pixels, as Electron's nativeImage.createFromBitmap
// takes them.

export const ICON_SIZE = 32;

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [25, 113, 194, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const RED: Rgba = [224, 49, 49, 255];

const GLYPH_B = ['1110', '1001', '1001', '1110', '1001', '1001', '1110'];
const GLYPH_SCALE = 3;

export const DOT = { x: 25, y: 7, radius: 6 } as const;

function inRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
  const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
  return (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius ** 2;
}

function inGlyph(x: number, y: number): boolean {
  const width = GLYPH_B[0]!.length * GLYPH_SCALE;
  const height = GLYPH_B.length * GLYPH_SCALE;
  const left = Math.floor((ICON_SIZE - width) / 2);
  const top = Math.floor((ICON_SIZE - height) / 2);
  if (x < left || y < top || x >= left + width || y >= top + height) return false;
  return GLYPH_B[Math.floor((y - top) / GLYPH_SCALE)]![Math.floor((x - left) / GLYPH_SCALE)] === '1';
}

/** The icon's pixels, BGRA, ICON_SIZE × ICON_SIZE. */
export function trayIconPixels(unread: boolean): Buffer {
  const pixels = Buffer.alloc(ICON_SIZE * ICON_SIZE * 4);
  for (let y = 0; y < ICON_SIZE; y += 1) {
    for (let x = 0; x < ICON_SIZE; x += 1) {
      let color: Rgba | null = null;
      if (inRoundedSquare(x, y, ICON_SIZE, 7)) color = inGlyph(x, y) ? WHITE : BLUE;
      if (unread && (x + 0.5 - DOT.x) ** 2 + (y + 0.5 - DOT.y) ** 2 <= DOT.radius ** 2) color = RED;
      if (color === null) continue;
      const at = (y * ICON_SIZE + x) * 4;
      pixels[at] = color[2];
      pixels[at + 1] = color[1];
      pixels[at + 2] = color[0];
      pixels[at + 3] = color[3];
    }
  }
  return pixels;
}
