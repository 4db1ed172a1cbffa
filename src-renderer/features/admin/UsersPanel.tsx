import { useTranslation } from 'react-i18next';
import { Badge, Code, Paper, Table, Text } from '@mantine/core';
import { useOffice } from '../../app/office';
import { useFormat } from '../../lib/useFormat';

/**
 * The office's people. Accounts are created and deactivated on the office server (server-api.md:
 * the admin endpoints and `npm run office -- user:create`); the contract gives the desktop no
 * channel for it, so this list reads what sync brought.
 */
export function UsersPanel() {
  const { t } = useTranslation();
  const { users } = useOffice();
  const format = useFormat();
  const rows = [...users].filter((u) => !u.deletedAt).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'fr-CA'));
  return (
    <>
      <Text size="sm" c="dimmed" mb="md" maw={760}>
        {t('admin.users.explain')} <Code>npm run office -- user:create</Code>
      </Text>
      <Paper withBorder radius="md">
        <Table verticalSpacing="sm" horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.users.name')}</Table.Th>
              <Table.Th>{t('admin.users.email')}</Table.Th>
              <Table.Th>{t('admin.users.role')}</Table.Th>
              <Table.Th>{t('admin.users.state')}</Table.Th>
              <Table.Th>{t('admin.users.since')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td fw={500}>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{t(`role.${u.role}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={u.active ? 'teal' : 'gray'} radius="sm" tt="none">
                    {u.active ? t('admin.users.active') : t('admin.users.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td>{format.date(u.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </>
  );
}
