import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../lib/api';
import { useRouter } from '../app/router';

export function fullName(lead: { firstName: string; lastName: string }): string {
  return [lead.firstName, lead.lastName].filter((p) => p.trim() !== '').join(' ');
}

/**
 * A lead's name, read by id, as a link to its sheet. The dashboard's appointments and tasks carry
 * only the lead's id, so the name is looked up here (a handful per screen).
 */
export function LeadName({ id, link = true }: { id: string; link?: boolean }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const sheet = useQuery('leads:get', { id }, { tables: ['leads'] });
  const name = sheet.data ? fullName(sheet.data.lead) || t('common.unnamed') : sheet.loading ? '…' : t('common.unknownLead');
  if (!link) return <Text span>{name}</Text>;
  return (
    <Anchor component="button" type="button" onClick={() => navigate({ name: 'lead', id })} fw={500}>
      {name}
    </Anchor>
  );
}
