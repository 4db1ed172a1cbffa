import type { ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import { useMemo } from 'react';
import { MantineProvider, mergeThemeOverrides, type MantineThemeOverride } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { cssVariablesResolver, theme } from './theme';

function Dates({ children }: { children: ReactNode }) {
  const { i18n: instance } = useTranslation();
  const english = instance.language.startsWith('en');
  // Canada's calendars start on Sunday, in French as in English.
  return <DatesProvider settings={{ locale: english ? 'en' : 'fr-ca', firstDayOfWeek: 0, weekendDays: [0, 6] }}>{children}</DatesProvider>;
}

/** Mantine's own controls (close buttons, password toggle) named in the interface language. */
function Mantine({ env, children }: { env?: 'test' | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const localized = useMemo<MantineThemeOverride>(
    () =>
      mergeThemeOverrides(theme, {
        components: {
          Modal: { defaultProps: { ...theme.components?.Modal?.defaultProps, closeButtonProps: { 'aria-label': t('common.close') } } },
          Drawer: { defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } },
          PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.showPassword') } } },
          // The calendars' arrows and the date-time picker's check button carry no text: named here.
          DatePickerInput: { defaultProps: { previousLabel: t('common.dates.previousMonth'), nextLabel: t('common.dates.nextMonth') } },
          DateTimePicker: {
            defaultProps: {
              previousLabel: t('common.dates.previousMonth'),
              nextLabel: t('common.dates.nextMonth'),
              submitButtonProps: { 'aria-label': t('common.dates.confirm') },
            },
          },
        },
      }),
    [t],
  );
  return (
    <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" env={env}>
      {children}
    </MantineProvider>
  );
}

/** Mantine (theme, dates in fr-CA, toasts) and i18next around the app, or around a test. */
export function AppProviders({ i18n, env, children }: { i18n: i18n; env?: 'test'; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <Mantine env={env}>
        <Dates>
          <Notifications position="top-right" limit={4} />
          {children}
        </Dates>
      </Mantine>
    </I18nextProvider>
  );
}
