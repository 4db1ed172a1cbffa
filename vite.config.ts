import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { pathAliases } from './scripts/path-aliases.mjs';

// The renderer (src-renderer) is built into out/renderer, which the Electron main process loads
// from disk: relative asset paths, no inline script, so that the strict CSP of index.html holds.

/**
 * In development, @vitejs/plugin-react inlines the Fast Refresh preamble in index.html, which the
 * CSP (`script-src 'self'`) blocks. main.tsx imports the same preamble as a module
 * (`@vitejs/plugin-react/preamble`), so the inline copy is dropped here.
 */
function dropInlinePreamble(): Plugin {
  return {
    name: 'bureau:drop-inline-preamble',
    apply: 'serve',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module">[^<]*injectIntoGlobalHook[^<]*<\/script>/g, ''),
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react(), dropInlinePreamble()],
  resolve: { alias: pathAliases() },
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    // Sandboxed Electron renderer: no eval, no inline script, no remote code.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
  },
});
