import { useTranslation } from 'react-i18next';
import { Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { DemoOffice } from '~shared/contract/ipc';
import { roleTitle } from '../../lib/roleTitle';

// The sign-in screen's card on a demo office (issue 15, point 2): which accounts exist, and one
// click to fill the form with one of them. Only the demo office's server gives them
// (GET /api/auth/demo); a real office's sign-in screen never shows this card.

interface Props {
  office: DemoOffice;
  onChoose: (email: string, password: string) => void;
}

export function DemoAccounts({ office, onChoose }: Props) {
  const { t } = useTranslation();
  return (
    <Paper component="section" aria-labelledby="demo-accounts-title" withBorder radius="lg" p="lg" bg="blue.0" w={420} maw="100%">
      <Stack gap="xs">
        <Title id="demo-accounts-title" order={2} size="h4">
          {t('login.demo.title')}
        </Title>
        <Text size="sm">{t('login.demo.explain')}</Text>
        <Text size="sm" fw={600}>
          {t('login.demo.password', { password: office.password })}
        </Text>
        <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
          {office.accounts.map((account) => (
            <li key={account.email}>
              <UnstyledButton
                type="button"
                w="100%"
                px="sm"
                py={6}
                bg="white"
                onClick={() => onChoose(account.email, office.password)}
                style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-blue-2)' }}
              >
                <Text size="sm" fw={600} component="span" display="block">
                  {t('login.demo.account', { name: account.name, role: roleTitle(t, account) })}
                </Text>
                <Text size="xs" c="dimmed" component="span" display="block">
                  {account.email}
                </Text>
              </UnstyledButton>
            </li>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
