import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Group, Modal, MultiSelect, Radio, Stack, Textarea } from '@mantine/core';
import type { Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { useMutation } from '../../../lib/api';
import { procedureName, useOffice } from '../../../app/office';
import type { EvaluationResult } from '../availableActions';
import { argsOf, str } from './prefill';
import { DialogFooter } from '../../../components/DialogFooter';

/** Eligibility after the consultation: result, recommended procedures, notes (domain.md). */
export function EvaluateDialog({
  lead,
  results,
  opened,
  prefill,
  onClose,
  onSaved,
}: {
  lead: Lead;
  results: readonly EvaluationResult[];
  opened: boolean;
  prefill?: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { procedures } = useOffice();
  const { run, running } = useMutation();
  const [result, setResult] = useState<EvaluationResult | null>(null);
  const [procedureIds, setProcedureIds] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    const a = argsOf(prefill);
    const r = str(a, 'result') as EvaluationResult | null;
    setResult(r && results.includes(r) ? r : null);
    setProcedureIds(Array.isArray(a.procedureIds) ? a.procedureIds.filter((x): x is string => typeof x === 'string') : []);
    setNotes(str(a, 'notes') ?? '');
    setError(null);
  }, [opened, prefill, results]);

  const options = procedures
    .filter((p) => (p.active && !p.deletedAt) || procedureIds.includes(p.id))
    .map((p) => ({ value: p.id, label: procedureName(p, i18n.language) }));

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!result) return setError(t('evaluate.errors.result'));
    // domain.md: "qualified needs at least one procedure".
    if (result === 'qualified' && procedureIds.length === 0) return setError(t('evaluate.errors.procedure'));
    const outcome = await run('lead.evaluate', { id: newId(), leadId: lead.id, result, procedureIds, notes });
    if (!outcome.ok) return setError(outcome.error.message);
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('evaluate.title')} size="lg">
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          <Radio.Group label={t('evaluate.result')} value={result} onChange={(v) => setResult(v as EvaluationResult)} required>
            <Group mt={6}>
              {results.map((r) => (
                <Radio key={r} value={r} label={t(`status.${r}`)} />
              ))}
            </Group>
          </Radio.Group>
          <MultiSelect
            label={t('evaluate.procedures')}
            description={result === 'qualified' ? t('evaluate.proceduresRequired') : t('evaluate.proceduresHint')}
            data={options}
            value={procedureIds}
            onChange={setProcedureIds}
            searchable
            clearable
            required={result === 'qualified'}
            nothingFoundMessage={t('common.nothingFound')}
          />
          <Textarea label={t('evaluate.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={4} maxRows={12} />
          {result === 'not_qualified' && (
            <Alert color="yellow" variant="light">
              {t('evaluate.finalWarning')}
            </Alert>
          )}
          <DialogFooter error={error} onCancel={onClose} submitLabel={t('evaluate.save')} loading={running} />
        </Stack>
      </form>
    </Modal>
  );
}
