import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SCREENSHOT_DIR } from './paths';

/**
 * A full-page screenshot (the visible window for drawers, which a full page would cut at the
 * window's height) of a main screen, named `<who>-<screen>.png`, for the review a person
 * does by looking (issue 5: "look at them and fix what a user would find wrong").
 */
export async function saveScreen(page: Page, who: string, screen: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // Callers wait for the screen's content first; two frames let the last paint land.
  // The callback runs in the page, where requestAnimationFrame exists; this file is type-checked as Node code.
  await page.evaluate(() => {
    const frame = (globalThis as unknown as { requestAnimationFrame: (callback: () => void) => void }).requestAnimationFrame;
    return new Promise<void>((resolve) => frame(() => frame(resolve)));
  });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${who}-${screen}.png`), fullPage: options.fullPage ?? true, animations: 'disabled' });
}
