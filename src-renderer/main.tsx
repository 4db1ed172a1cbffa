// Fast Refresh's preamble as a module (the CSP forbids the inline copy; vite.config.ts drops it).
import '@vitejs/plugin-react/preamble';
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './app/global.css';
import 'dayjs/locale/fr-ca';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './app/AppProviders';
import { App } from './app/App';
import { createI18n, savedLanguage } from './lib/i18n';

/**
 * `window.api` comes from the preload in the app. In Chromium without Electron, the development
 * bridge serves `/bridge-config.js` (`window.__BRIDGE__`) and its client, loaded only then, builds
 * `window.api` over the loopback WebSocket: the app itself never loads that chunk.
 */
async function whenApiReady(timeoutMs = 10_000): Promise<void> {
  if (window.api) return;
  if ((window as { __BRIDGE__?: unknown }).__BRIDGE__ !== undefined) {
    const { installBridgeApi } = await import('./lib/bridge-client');
    if (installBridgeApi()) return;
  }
  return new Promise((resolve) => {
    const started = Date.now();
    const check = () => {
      if (window.api || Date.now() - started > timeoutMs) resolve();
      else setTimeout(check, 25);
    };
    window.addEventListener('bureau:api-ready', () => resolve(), { once: true });
    check();
  });
}

const language = savedLanguage();
document.documentElement.lang = language;
const i18n = createI18n(language);

void whenApiReady().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProviders i18n={i18n}>
        <App />
      </AppProviders>
    </StrictMode>,
  );
});
