import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';

/** The ten recovery codes, shown once: copied or printed, then put away (issue 14, point 3). */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(codes.join('\n'));
    setCopied(true);
  };
  return (
    <Stack gap="md" aria-labelledby="recovery-codes-title">
      <Text id="recovery-codes-title" fw={600}>
        {t('twoFactor.codesTitle')}
      </Text>
      <Alert color="yellow" variant="light">
        {t('twoFactor.codesExplain')}
      </Alert>
      <SimpleGrid cols={2} spacing="xs" role="list" aria-label={t('twoFactor.codesTitle')}>
        {codes.map((code) => (
          <Code key={code} role="listitem" fz="md" ta="center" p="xs">
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <Group gap="xs">
          <Button variant="default" onClick={() => void copy()}>
            {copied ? t('twoFactor.copied') : t('twoFactor.copy')}
          </Button>
          <Button variant="default" onClick={() => window.print()}>
            {t('twoFactor.print')}
          </Button>
        </Group>
        <Button onClick={onDone}>{t('twoFactor.done')}</Button>
      </Group>
    </Stack>
  );
}
