import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../lib/api';
import { useRouter } from '../app/router';

export function fullName(lead: { firstName: string; lastName: string }): string {
  return [lead.firstName, lead.lastName].filter((p) => p.trim() !== '').join(' ');
}

/**
 * A lead's name as a link to its sheet. `lead`: the name as the screen's answer gave it (null: no
 * such lead); without it, the name is read by id here, one question per name (a handful per
 * screen: a list gets its names with its rows, as Ma journée does).
 */
export function LeadName({ id, lead, link = true }: { id: string; lead?: { firstName: string; lastName: string } | null; link?: boolean }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const sheet = useQuery('leads:get', { id }, { tables: ['leads'], enabled: lead === undefined });
  const known = lead === undefined ? sheet.data?.lead : lead;
  const name = known ? fullName(known) || t('common.unnamed') : lead === undefined && sheet.loading ? '…' : t('common.unknownLead');
  if (!link) return <Text span>{name}</Text>;
  return (
    <Anchor component="button" type="button" onClick={() => navigate({ name: 'lead', id })} fw={500}>
      {name}
    </Anchor>
  );
}
