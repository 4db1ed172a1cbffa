import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Card, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { PersonSummary } from '~shared/contract/privacy';
import { invoke } from '../../lib/api';

// A lead's legal hold (issue 14, point 5): while it stands the retention rules and the
// anonymisation leave the lead alone. Set with a reason, lifted by a switch; both are history
// lines. Shown in Administration → Confidentialité → Personne and on the lead sheet, to admins.

export function LegalHold({ person, onChange }: { person: PersonSummary; onChange: (p: PersonSummary) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const hold = async (held: boolean) => {
    setFailure(null);
    setBusy(true);
    const result = await invoke('privacy:hold', held ? { leadId: person.leadId, held: true, reason } : { leadId: person.leadId, held: false });
    setBusy(false);
    if (!result.ok) return setFailure(result.error.message);
    setReason('');
    onChange(result.value);
  };

  return (
    <Paper withBorder p="sm" bg="gray.0">
      <Stack gap="xs">
        {person.legalHold ? (
          <Text size="sm">{t('privacy.person.holdReason', { reason: person.legalHold.reason })}</Text>
        ) : (
          <TextInput
            size="sm"
            label={t('privacy.person.holdReasonLabel')}
            description={t('privacy.person.holdReasonHelp')}
            value={reason}
            disabled={person.anonymisedAt !== null}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
          />
        )}
        <Switch
          label={t('privacy.person.hold')}
          checked={person.legalHold !== null}
          disabled={busy || (person.legalHold === null && reason.trim() === '') || person.anonymisedAt !== null}
          onChange={(e) => void hold(e.currentTarget.checked)}
        />
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** The lead sheet's card (admins): the hold as the office server knows it; nothing while it is unreachable. */
export function LegalHoldCard({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<PersonSummary | null>(null);
  useEffect(() => {
    let live = true;
    void invoke('privacy:person', { leadId }).then((result) => {
      if (live && result.ok) setPerson(result.value);
    });
    return () => {
      live = false;
    };
  }, [leadId]);
  if (person === null) return null;
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="legal-hold-title">
      <Title order={2} size="h4" mb="md" id="legal-hold-title">
        {t('privacy.person.held')}
      </Title>
      <LegalHold person={person} onChange={setPerson} />
    </Card>
  );
}
