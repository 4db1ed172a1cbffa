// Where Electron's binary is, or null: `require('electron')` answers its path once the binary was
// downloaded at install time, and throws when it was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
// Used by `npm start` and by the Electron smoke test (src-main/main.smoke.test.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
