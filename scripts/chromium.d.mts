/** CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function chromiumPath(): string;
