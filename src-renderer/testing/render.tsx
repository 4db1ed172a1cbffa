import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { notifications } from '@mantine/notifications';
import type { User } from '~shared/domain/entities';
import { AppProviders } from '../app/AppProviders';
import { SessionProvider, actorOf } from '../app/session';
import { INITIAL_SYNC_STATUS, SyncProvider } from '../app/sync';
import { OfficeProvider } from '../app/office';
import { RouterProvider, useRouter, type Route } from '../app/router';
import { createI18n } from '../lib/i18n';
import { FakeApi, type Handlers } from './fakeApi';
import { SETTINGS, USERS, sessionUser } from './fixtures';

// happy-dom has no FontFaceSet; Mantine's autosizing textarea listens to `document.fonts`.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });

/**
 * Mantine's notifications live in a store of the module, not of the rendered tree: with vitest's
 * `isolate: false` a toast shown by one test file was still there when the next file of the same
 * worker rendered, and took the first Tab or answered `findByRole('alert')` there (a flaky
 * RecordTable and WorkstationsPanel, depending on which files shared a worker). Every render
 * starts without any.
 */
export function withoutNotifications(): void {
  notifications.clean();
}

/** Every key the screen asked i18next for that fr-CA.json lacks: a test fails on any. */
export const missingKeys: string[] = [];

let currentRoute: Route | null = null;
function RouteSpy() {
  currentRoute = useRouter().route;
  return null;
}
/** The screen the router shows now (after a click that navigates). */
export function routeNow(): Route | null {
  return currentRoute;
}

export interface AppRender extends RenderResult {
  api: FakeApi;
}

/** Renders a screen inside the app's providers, signed in as `as`, over a fake `window.api`. */
export function renderScreen(ui: ReactElement, { as, handlers = {}, route }: { as: User; handlers?: Handlers; route?: Route }): AppRender {
  const api = new FakeApi({
    'users:list': () => USERS,
    'procedures:list': () => [],
    'settings:get': () => SETTINGS,
    ...handlers,
  });
  window.api = api;
  withoutNotifications();
  const i18n = createI18n('fr-CA', (key) => missingKeys.push(key));
  const info = { user: sessionUser(as), actor: actorOf(sessionUser(as)), serverUrl: 'https://bureau.test' };
  const result = render(
    <AppProviders i18n={i18n} env="test">
      <SessionProvider value={info}>
        <SyncProvider value={INITIAL_SYNC_STATUS}>
          <OfficeProvider>
            <RouterProvider initial={route}>
              <RouteSpy />
              {ui}
            </RouterProvider>
          </OfficeProvider>
        </SyncProvider>
      </SessionProvider>
    </AppProviders>,
  );
  return Object.assign(result, { api });
}
