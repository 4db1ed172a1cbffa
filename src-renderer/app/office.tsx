import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure, Settings, User } from '~shared/domain/entities';
import { useQuery } from '../lib/api';
import { DEFAULT_TIME_ZONE } from '~shared/domain/office-time';

// What nearly every screen reads: the office's people (names of assignees and authors), its
// procedure catalogue and its settings (time zone for every date shown). Kept fresh by 'changed'.

export interface OfficeData {
  users: User[];
  usersById: ReadonlyMap<string, User>;
  procedures: Procedure[];
  settings: Settings | null;
  timeZone: string;
}

const OfficeContext = createContext<OfficeData | null>(null);

/**
 * `until`, when given, shows instead of `children` until the office's people, catalogue and
 * settings have answered once (or failed): the app's screens then draw once, with names and the
 * office's time zone, rather than first with none and again a moment later (a secretary's « Ma
 * journée » took about 200 ms to draw again, and showed « Utilisateur inconnu » meanwhile).
 */
export function OfficeProvider({ children, until }: { children: ReactNode; until?: ReactNode }) {
  const users = useQuery('users:list', {}, { tables: ['users'] });
  const procedures = useQuery('procedures:list', {}, { tables: ['procedures'] });
  const settings = useQuery('settings:get', {}, { tables: ['settings'] });
  const value = useMemo<OfficeData>(() => {
    const list = users.data ?? [];
    return {
      users: list,
      usersById: new Map(list.map((u) => [u.id, u])),
      procedures: [...(procedures.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.nameFr.localeCompare(b.nameFr, 'fr-CA')),
      settings: settings.data ?? null,
      timeZone: settings.data?.timeZone || DEFAULT_TIME_ZONE,
    };
  }, [users.data, procedures.data, settings.data]);
  const answered = !users.loading && !procedures.loading && !settings.loading;
  return <OfficeContext.Provider value={value}>{until === undefined || answered ? children : until}</OfficeContext.Provider>;
}

export function useOffice(): OfficeData {
  const value = useContext(OfficeContext);
  if (!value) throw new Error('useOffice outside OfficeProvider');
  return value;
}

/** A user's name for display, or a dash-free French fallback naming what is missing. */
export function useUserName(): (id: string | null | undefined) => string {
  const { usersById } = useOffice();
  const { t } = useTranslation();
  return (id) => {
    if (!id) return t('common.nobody');
    return usersById.get(id)?.name ?? t('common.unknownUser');
  };
}

/** The procedure's name in the interface language. */
export function procedureName(p: Procedure, language: string): string {
  return language.startsWith('en') ? p.nameEn : p.nameFr;
}
