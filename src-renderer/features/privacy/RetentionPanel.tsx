import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Table, Text, Textarea } from '@mantine/core';
import { CONSENT_WORDING_MAX, type RetentionRules } from '~shared/contract/privacy';
import { RETENTION_MAX_MONTHS, RETENTION_STATUSES } from '~shared/domain/anonymise';
import { StatusBadge } from '../../components/StatusBadge';
import { invoke } from '../../lib/api';

// « Conservation » (issue 14, point 5; Loi 25, s. 23): per final status, after how many months
// the office server's scheduler anonymises a lead (a legal hold stops it), or « jamais »; and the
// consent wording the web form records with each lead. Both live on the office server.

type Draft = Record<string, { never: boolean; months: number }>;

function draftOf(rules: RetentionRules): Draft {
  return Object.fromEntries(RETENTION_STATUSES.map((s) => [s, { never: rules[s] == null, months: rules[s] ?? 24 }]));
}

export function RetentionPanel() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [wording, setWording] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void invoke('privacy:settings', {}).then((result) => {
      if (!result.ok) return setFailure(result.error.message);
      setDraft(draftOf(result.value.rules as RetentionRules));
      setWording(result.value.webFormConsentWording);
    });
  }, []);

  const save = async () => {
    if (!draft) return;
    setFailure(null);
    setSaved(null);
    setBusy(true);
    const rules = Object.fromEntries(Object.entries(draft).map(([s, d]) => [s, d.never ? null : d.months]));
    const first = await invoke('privacy:retention', { rules });
    const second = first.ok ? await invoke('privacy:consentWording', { webFormConsentWording: wording }) : first;
    setBusy(false);
    if (!second.ok) return setFailure(second.error.message);
    setDraft(draftOf(second.value.rules as RetentionRules));
    setSaved(t('privacy.retention.saved'));
  };

  if (!draft) return failure ? <Alert color="red">{failure}</Alert> : null;
  return (
    <Stack gap="md" maw={760}>
      <Text c="dimmed" size="sm">
        {t('privacy.retention.intro')}
      </Text>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.retention.status')}</Table.Th>
            <Table.Th>{t('privacy.retention.never')}</Table.Th>
            <Table.Th>{t('privacy.retention.months')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {RETENTION_STATUSES.map((status) => {
            const rule = draft[status]!;
            const set = (next: Partial<typeof rule>) => setDraft({ ...draft, [status]: { ...rule, ...next } });
            return (
              <Table.Tr key={status} data-testid={`retention-${status}`}>
                <Table.Td>
                  <StatusBadge status={status} />
                </Table.Td>
                <Table.Td>
                  <Switch checked={rule.never} onChange={(e) => set({ never: e.currentTarget.checked })} aria-label={t('privacy.retention.never')} />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    min={1}
                    max={RETENTION_MAX_MONTHS}
                    disabled={rule.never}
                    value={rule.months}
                    onChange={(v) => set({ months: typeof v === 'number' ? v : Number(v) || 1 })}
                    suffix={` ${t('privacy.retention.monthsSuffix')}`}
                    w={160}
                    aria-label={t('privacy.retention.months')}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Paper withBorder p="sm">
        <Textarea
          label={t('privacy.retention.consentLabel')}
          description={t('privacy.retention.consentHelp')}
          value={wording}
          onChange={(e) => setWording(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={CONSENT_WORDING_MAX}
        />
      </Paper>
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {saved && <Alert color="teal">{saved}</Alert>}
      <Group>
        <Button onClick={() => void save()} loading={busy}>
          {t('privacy.retention.save')}
        </Button>
      </Group>
    </Stack>
  );
}
