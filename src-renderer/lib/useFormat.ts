import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatOfficeDate, formatOfficeDateTime, formatOfficeTime } from '~shared/domain/office-time';
import { formatPhoneForDisplay } from '~shared/domain/phone';
import { useOffice } from '../app/office';
import { intlLocale } from './i18n';
import { formatDate, formatDayMonth, formatMoney } from './format';

/** Formatters bound to the interface language and the office's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { timeZone } = useOffice();
  const locale = intlLocale(i18n.language);
  const short = locale.startsWith('en') ? 'en' : 'fr';
  return useMemo(
    () => ({
      locale,
      timeZone,
      /** Compact, for lists: "24 nov. 2026, 14 h 30" (the time of day as office-time writes it). */
      dateTime: (iso: string) => `${formatDate(iso, locale, timeZone)}, ${formatOfficeTime(iso, timeZone, short)}`,
      /** For narrow columns: "7 déc., 17 h 30" (the year only when it is not this one). */
      shortDateTime: (iso: string) => `${formatDayMonth(iso, locale, timeZone)}, ${formatOfficeTime(iso, timeZone, short)}`,
      /** For narrow columns: "7 déc." (the year only when it is not this one). */
      shortDate: (iso: string) => formatDayMonth(iso, locale, timeZone),
      /** Compact date: "24 nov. 2026". */
      date: (iso: string) => formatDate(iso, locale, timeZone),
      /** "14 h 30". */
      time: (iso: string) => formatOfficeTime(iso, timeZone, short),
      /** "mardi 24 novembre 2026". */
      longDate: (iso: string) => formatOfficeDate(iso, timeZone, short),
      /** "mardi 24 novembre 2026, 14 h 30". */
      longDateTime: (iso: string) => formatOfficeDateTime(iso, timeZone, short),
      money: (cents: number, currency = 'CAD') => formatMoney(cents, currency, locale),
      number: (n: number) => new Intl.NumberFormat(locale).format(n),
      phone: (e164: string | null, raw: string | null) => (e164 ? formatPhoneForDisplay(e164) : (raw ?? '')),
    }),
    [locale, timeZone, short],
  );
}
