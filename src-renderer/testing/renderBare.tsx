import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { AppProviders } from '../app/AppProviders';
import { createI18n } from '../lib/i18n';
import { FakeApi, type Handlers } from './fakeApi';
import { missingKeys, withoutNotifications } from './render';

/** Renders outside a session (Connexion, first sync) over a fake `window.api`. */
export function renderBare(ui: ReactElement, handlers: Handlers = {}): RenderResult & { api: FakeApi } {
  const api = new FakeApi(handlers);
  window.api = api;
  withoutNotifications();
  const i18n = createI18n('fr-CA', (key) => missingKeys.push(key));
  return Object.assign(render(<AppProviders i18n={i18n} env="test">{ui}</AppProviders>), { api });
}
