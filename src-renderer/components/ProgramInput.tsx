import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Select, Stack, TextInput } from '@mantine/core';
import { procedureName, useOffice } from '../app/office';
import { OTHER, choiceOf, procedureOf } from './programChoice';

/**
 * « Programme d'intérêt »: a procedure of the office's catalogue (active ones, in its order), or
 * « Autre » and a free text. `value` and `onChange` carry the text the lead stores.
 */
export function ProgramInput({ value, onChange, error }: { value: string; onChange: (text: string) => void; error?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const { procedures } = useOffice();
  // « Autre » stays chosen while its text is still empty.
  const [other, setOther] = useState(false);
  const choice = other && value.trim() === '' ? OTHER : choiceOf(value, procedures);
  const current = procedureOf(value, procedures);
  const offered = procedures.filter((p) => (p.active && !p.deletedAt) || p.id === current?.id);
  const data = [...offered.map((p) => ({ value: p.id, label: procedureName(p, i18n.language) })), { value: OTHER, label: t('leadForm.programOther') }];

  return (
    <Stack gap={6}>
      <Select
        label={t('leadForm.program')}
        placeholder={t('leadForm.programNone')}
        data={data}
        value={choice}
        onChange={(v) => {
          setOther(v === OTHER);
          if (v === OTHER) onChange(choice === OTHER ? value : '');
          else onChange(procedures.find((p) => p.id === v)?.nameFr ?? '');
        }}
        error={choice === OTHER ? undefined : error}
        clearable
        searchable
        nothingFoundMessage={t('common.nothingFound')}
      />
      {choice === OTHER && (
        <TextInput
          label={t('leadForm.programOtherText')}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          maxLength={200}
          data-autofocus
        />
      )}
    </Stack>
  );
}
