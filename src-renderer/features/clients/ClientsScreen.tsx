import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Group, Paper, SegmentedControl, Skeleton, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { useUserName } from '../../app/office';
import { PageTitle } from '../../components/PageTitle';
import { Empty } from '../../components/Empty';
import { fullName } from '../../components/LeadName';
import { IconBriefcase, IconSearch } from '../../components/icons';

/** The office's clients (leads converted with an initial payment), newest first. */
export function ClientsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const { user } = useSession();
  const userName = useUserName();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [whose, setWhose] = useState<'all' | 'mine'>(user.role === 'counselor' ? 'mine' : 'all');
  const list = useQuery(
    'clients:list',
    { ...(debounced ? { search: debounced } : {}), ...(whose === 'mine' ? { ownerId: user.id } : {}), limit: 500 },
    { tables: ['clients', 'leads', 'users'] },
  );
  const rows = [...(list.data ?? [])].sort((a, b) => b.client.convertedAt.localeCompare(a.client.convertedAt));

  return (
    <div>
      <PageTitle>{t('nav.clients')}</PageTitle>
      <Group mb="md" gap="sm">
        <TextInput
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          placeholder={t('clients.searchPlaceholder')}
          aria-label={t('clients.search')}
          leftSection={<IconSearch size={16} />}
          type="search"
          style={{ flex: 1 }}
        />
        {user.role === 'counselor' && (
          <SegmentedControl
            value={whose}
            onChange={(v) => setWhose(v as 'all' | 'mine')}
            data={[
              { value: 'mine', label: t('clients.mine') },
              { value: 'all', label: t('clients.all') },
            ]}
            aria-label={t('clients.whose')}
          />
        )}
      </Group>
      <Paper withBorder radius="md">
        {list.loading ? (
          <Skeleton h={200} />
        ) : rows.length === 0 ? (
          <Empty title={debounced ? t('clients.noMatch') : t('clients.empty')} description={t('clients.emptyHint')} icon={<IconBriefcase />} />
        ) : (
          <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clients.fileNumber')}</Table.Th>
                <Table.Th>{t('clients.name')}</Table.Th>
                <Table.Th>{t('clients.owner')}</Table.Th>
                <Table.Th>{t('clients.convertedAt')}</Table.Th>
                <Table.Th>{t('leadForm.email')}</Table.Th>
                <Table.Th>{t('leadForm.phone')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ client, lead }) => (
                <Table.Tr key={client.id}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {client.fileNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" fw={500} onClick={() => navigate({ name: 'client', id: client.id })}>
                      {fullName(lead) || t('common.unnamed')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{userName(client.ownerId)}</Table.Td>
                  <Table.Td>{format.date(client.convertedAt)}</Table.Td>
                  <Table.Td>{lead.email ?? ''}</Table.Td>
                  <Table.Td>{format.phone(lead.phoneE164, lead.phoneRaw)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {list.error && (
        <Text c="red.9" role="alert" mt="sm">
          {list.error.message}
        </Text>
      )}
    </div>
  );
}
