import { useTranslation } from 'react-i18next';
import { procedureName, useOffice, useUserName } from '../../app/office';
import { useFormat } from '../../lib/useFormat';
import type { HistoryDeps } from './historyText';

/** What historyText needs to say a change in words: names of people and procedures, dates, money. */
export function useHistoryDeps(): HistoryDeps {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const { procedures } = useOffice();
  const byId = new Map(procedures.map((p) => [p.id, p]));
  return {
    t,
    userName: (id) => userName(id),
    procedureName: (id) => {
      const p = byId.get(id);
      return p ? procedureName(p, i18n.language) : t('common.unknownProcedure');
    },
    dateTime: format.dateTime,
    money: format.money,
  };
}
