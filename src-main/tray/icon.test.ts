import { describe, expect, it } from 'vitest';
import { DOT, ICON_SIZE, trayIconPixels } from './icon';

// The tray icon, drawn in code; a red dot tells of unread notifications where no count shows.

describe('the tray icon', () => {
  it('marks the icon with a red dot while something is unread', () => {
    const pixel = (buffer: Buffer, x: number, y: number) => {
      const at = (y * ICON_SIZE + x) * 4;
      return { b: buffer[at], g: buffer[at + 1], r: buffer[at + 2], a: buffer[at + 3] };
    };
    const quiet = trayIconPixels(false);
    const unread = trayIconPixels(true);
    expect(quiet).toHaveLength(ICON_SIZE * ICON_SIZE * 4);
    expect(pixel(unread, DOT.x, DOT.y)).toEqual({ r: 224, g: 49, b: 49, a: 255 });
    expect(pixel(quiet, DOT.x, DOT.y).r).not.toBe(224);
    // Corners stay transparent (a rounded square), the centre is drawn.
    expect(pixel(quiet, 0, 0).a).toBe(0);
    expect(pixel(quiet, ICON_SIZE / 2, ICON_SIZE / 2).a).toBe(255);
    // Away from the dot, both icons are the same.
    expect(pixel(unread, 4, ICON_SIZE - 8)).toEqual(pixel(quiet, 4, ICON_SIZE - 8));
  });
});
