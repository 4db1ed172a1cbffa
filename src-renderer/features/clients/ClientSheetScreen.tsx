import { useTranslation } from 'react-i18next';
import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useRouter } from '../../app/router';
import { useUserName } from '../../app/office';
import { PageTitle } from '../../components/PageTitle';
import { Empty } from '../../components/Empty';
import { StatusBadge } from '../../components/StatusBadge';
import { fullName } from '../../components/LeadName';
import { IconBack } from '../../components/icons';
import { Field } from '../../components/Field';
import { LeadHistory } from '../lead-sheet/LeadHistory';

/** A client: file, owner, payments, and the whole history of the lead it came from. */
export function ClientSheetScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate, back, canGoBack } = useRouter();
  const userName = useUserName();
  // `open`: the client's sheet, which the office's access log records (issue 14, point 6).
  const data = useQuery('clients:get', { id, open: true }, { tables: ['clients', 'payments', 'leads'] });
  const leadId = data.data?.lead.id;
  const sheet = useQuery('leads:get', { id: leadId ?? id }, { tables: ['leads', 'history', 'users'], enabled: leadId !== undefined });

  if (data.loading) return <Skeleton h={300} radius="lg" />;
  if (!data.data) return <Empty title={t('clients.notFound')} description={data.error?.message ?? t('clients.notFoundHint')} />;
  const { client, lead, payments } = data.data;

  return (
    <Stack gap="lg">
      {canGoBack && (
        <Group>
          <Button variant="subtle" leftSection={<IconBack size={16} />} onClick={back} px={4}>
            {t('common.back')}
          </Button>
        </Group>
      )}
      <PageTitle
        aside={<StatusBadge status={lead.status} />}
        actions={
          <Button variant="light" onClick={() => navigate({ name: 'lead', id: lead.id })}>
            {t('clients.openLead')}
          </Button>
        }
      >
        {fullName(lead) || t('common.unnamed')}
      </PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder radius="lg" padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t('clients.file')}
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Field label={t('clients.fileNumber')} value={client.fileNumber} />
            <Field label={t('clients.owner')} value={userName(client.ownerId)} />
            <Field label={t('clients.convertedAt')} value={format.longDate(client.convertedAt)} />
            <Field label={t('clients.convertedBy')} value={userName(client.convertedById)} />
            <Field label={t('leadForm.email')} value={lead.email ?? ''} />
            <Field label={t('leadForm.phone')} value={format.phone(lead.phoneE164, lead.phoneRaw)} />
          </SimpleGrid>
        </Card>
        <Card withBorder radius="lg" padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t('clients.payments')}
          </Title>
          {payments.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('clients.noPayments')}
            </Text>
          ) : (
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('convert.paidAt')}</Table.Th>
                  <Table.Th>{t('convert.method')}</Table.Th>
                  <Table.Th ta="right">{t('history.field.amountCents')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {payments.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{format.date(p.paidAt)}</Table.Td>
                    <Table.Td>{t(`payment.method.${p.method}`)}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {format.money(p.amountCents, p.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder radius="lg" padding="lg">
        <Title order={2} size="h4" mb="sm">
          {t('sheet.history')}
        </Title>
        {sheet.data ? <LeadHistory history={sheet.data.history} /> : <Skeleton h={120} />}
      </Card>
    </Stack>
  );
}
