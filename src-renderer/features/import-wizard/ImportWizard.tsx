import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Progress, Stack, Stepper, Text } from '@mantine/core';
import type { ImportOutcome, ImportPreview, ImportView } from '~shared/contract/import';
import type { ImportField } from '~shared/domain/import';
import { ApiError, call, invoke, useApiEvent } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useSession } from '../../app/session';
import { canAssignInBulk } from '../permissionsView';
import { DistributeDialog } from '../leads/DistributeDialog';
import { DuplicatesStep, type Choices } from './DuplicatesStep';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { ResultStep } from './ResultStep';
import { clearImport, isOpenedFile, usePendingImport, type PendingImport } from './importStore';
import { rememberMapping, rememberedMapping } from './rememberedMappings';
import { openFile } from './sendFile';

// The import wizard (issue 10, points 1 to 6): file → columns → duplicates → preview → result.
// The file is read and written by the main process (services/import); this screen shows what it
// answers, sends the user's choices, and never holds the rows itself.

type Step = 'reading' | 'mapping' | 'duplicates' | 'preview' | 'committing' | 'done';
const STEP_INDEX: Record<Step, number> = { reading: 0, mapping: 1, duplicates: 2, preview: 3, committing: 3, done: 4 };
const NO_CHOICES: Choices = { all: 'skip', byGroup: {} };

function messageOf(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/** Saves bytes as a download: the same in Electron and in Chromium. */
function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ImportWizard() {
  const file = usePendingImport();
  // A new file starts a new wizard from scratch.
  if (!file) return null;
  return <Wizard key={isOpenedFile(file) ? `opened:${file.path}` : `${file.name}:${file.size}:${file.lastModified}`} file={file} />;
}

function Wizard({ file }: { file: PendingImport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { actor } = useSession();
  const [importId] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState<Step>('reading');
  const [view, setView] = useState<ImportView | null>(null);
  const [choices, setChoices] = useState<Choices>(NO_CHOICES);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [progress, setProgress] = useState<{ label: string; done: number; total: number | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [distributeIds, setDistributeIds] = useState<string[] | null>(null);
  const [distributed, setDistributed] = useState(false);
  const started = useRef(false);

  useApiEvent((event) => {
    if (event.type !== 'import' || event.importId !== importId) return;
    setProgress({ label: event.phase === 'reading' ? t('import.progress.reading') : t('import.progress.committing'), done: event.done, total: event.total });
  });

  /** Runs one call with the wizard busy; a refusal is shown in French and the step stays. */
  const attempt = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T | null> => {
      setBusy(true);
      setError(null);
      try {
        return await work();
      } catch (e) {
        setError(messageOf(e, t('import.unexpected')));
        return null;
      } finally {
        setBusy(false);
        setProgress(null);
      }
    },
    [t],
  );

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void attempt(async () => {
      let read = await openFile(importId, file, (sent, total) => setProgress({ label: t('import.progress.sending'), done: sent, total }));
      // The mapping chosen last time for these headers, unless it is what the guess gives anyway.
      const remembered = rememberedMapping(read.mappingKey, read.headers.length);
      if (remembered && remembered.join() !== read.mapping.join()) read = await call('import:configure', { importId, mapping: remembered });
      setView(read);
      setStep('mapping');
    });
  }, [attempt, file, importId, t]);

  async function close() {
    if (busy) await invoke('import:cancel', { importId });
    await invoke('import:close', { importId });
    clearImport();
  }

  async function configure(change: { sheet?: string; mapping?: ImportField[] }) {
    const read = await attempt(() => call('import:configure', { importId, ...change }));
    if (!read) return;
    setView(read);
    setChoices(NO_CHOICES);
    if (change.mapping) rememberMapping(read.mappingKey, read.mapping);
  }

  async function toPreview(next: Choices, after: 'duplicates' | 'preview') {
    const answer = await attempt(() => call('import:preview', { importId, choices: next }));
    if (!answer) return;
    setPreview(answer);
    setStep(after === 'duplicates' && answer.groupCount > 0 ? 'duplicates' : 'preview');
  }

  async function commit() {
    setStep('committing');
    const done = await attempt(() => call('import:commit', { importId, choices }));
    if (!done) {
      setStep('preview');
      return;
    }
    setOutcome(done);
    setStep('done');
  }

  async function saveRejected() {
    const file = await attempt(() => call('import:rejected', { importId }));
    if (file) download(file.fileName, file.base64);
  }

  async function distribute() {
    if (!outcome?.importBatchId) return;
    const ids = await attempt(() => call('leads:ids', { filters: { importBatchId: outcome.importBatchId ?? undefined }, sort: 'created_asc' }));
    if (ids) setDistributeIds(ids);
  }

  const fileName = view?.fileName ?? file.name;
  const percent = progress && progress.total ? Math.min(100, (progress.done / progress.total) * 100) : null;

  const footer = (() => {
    switch (step) {
      case 'reading':
        return (
          <Button variant="default" onClick={() => void close()}>
            {busy ? t('import.cancel') : t('common.close')}
          </Button>
        );
      case 'mapping':
        return (
          <>
            <Button variant="default" onClick={() => void close()}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void toPreview(choices, 'duplicates')} loading={busy} disabled={!view || view.mappingProblems.length > 0 || view.rowCount === 0}>
              {t('import.next')}
            </Button>
          </>
        );
      case 'duplicates':
        return (
          <>
            <Button variant="default" onClick={() => setStep('mapping')} disabled={busy}>
              {t('common.back')}
            </Button>
            <Button onClick={() => void toPreview(choices, 'preview')} loading={busy}>
              {t('import.next')}
            </Button>
          </>
        );
      case 'preview':
        return (
          <>
            <Button variant="default" onClick={() => setStep(preview && preview.groupCount > 0 ? 'duplicates' : 'mapping')} disabled={busy}>
              {t('common.back')}
            </Button>
            <Button onClick={() => void commit()} loading={busy} disabled={!preview || (preview.toCreate === 0 && preview.toMerge === 0)}>
              {t('import.commit', { count: preview?.toCreate ?? 0, formatted: format.number(preview?.toCreate ?? 0) })}
            </Button>
          </>
        );
      case 'committing':
        return (
          <Button variant="default" color="red" onClick={() => void invoke('import:cancel', { importId })}>
            {t('import.cancel')}
          </Button>
        );
      case 'done':
        return (
          <>
            {outcome && outcome.errorCount > 0 && (
              <Button variant="default" onClick={() => void saveRejected()} loading={busy}>
                {t('import.result.saveRejected', { count: outcome.errorCount, formatted: format.number(outcome.errorCount) })}
              </Button>
            )}
            {outcome && outcome.created > 0 && canAssignInBulk(actor) && (
              <Button variant="light" onClick={() => void distribute()} disabled={busy || distributed}>
                {distributed ? t('import.result.distributed') : t('import.result.distribute', { count: outcome.created, formatted: format.number(outcome.created) })}
              </Button>
            )}
            <Button onClick={() => void close()}>{t('common.close')}</Button>
          </>
        );
    }
  })();

  return (
    <>
      <Modal
        opened={distributeIds === null}
        onClose={() => {
          // Closing mid-reading or mid-commit would leave work behind the user's back: cancel first.
          if (step !== 'committing') void close();
        }}
        closeOnClickOutside={false}
        title={t('import.title', { fileName })}
        // Wide enough for the preview's six columns on one line each; a 1280-pixel window keeps margins.
        size={1100}
      >
        <Stack gap="md">
          <Stepper active={STEP_INDEX[step]} size="xs" allowNextStepsSelect={false}>
            <Stepper.Step label={t('import.steps.file')} />
            <Stepper.Step label={t('import.steps.columns')} />
            <Stepper.Step label={t('import.steps.duplicates')} />
            <Stepper.Step label={t('import.steps.preview')} />
            <Stepper.Step label={t('import.steps.done')} />
          </Stepper>

          {progress && (
            <Stack gap={4} aria-live="polite">
              <Text size="sm">
                {progress.label}
                {progress.total ? ` ${t('import.progress.of', { done: format.number(progress.done), total: format.number(progress.total) })}` : ''}
              </Text>
              <Progress value={percent ?? 100} animated={percent === null} aria-label={progress.label} />
            </Stack>
          )}
          {step === 'reading' && !progress && busy && <Text size="sm">{t('import.progress.reading')}</Text>}
          {step === 'committing' && !progress && <Text size="sm">{t('import.progress.committing')}</Text>}

          {error && (
            <Alert color="red" variant="light" role="alert" title={t('import.refusedTitle')}>
              {error}
            </Alert>
          )}

          {view && step === 'mapping' && (
            <MappingStep
              view={view}
              busy={busy}
              onSheet={(sheet) => void configure({ sheet })}
              onField={(column, field) => void configure({ mapping: view.mapping.map((f, i) => (i === column ? field : f)) })}
            />
          )}
          {preview && step === 'duplicates' && <DuplicatesStep preview={preview} choices={choices} onChange={setChoices} />}
          {preview && (step === 'preview' || step === 'committing') && <PreviewStep preview={preview} />}
          {outcome && step === 'done' && <ResultStep outcome={outcome} fileName={fileName} />}

          <Group justify="flex-end">{footer}</Group>
        </Stack>
      </Modal>
      {distributeIds && (
        <DistributeDialog
          opened
          leadIds={distributeIds}
          onClose={() => setDistributeIds(null)}
          onDone={() => setDistributed(true)}
        />
      )}
    </>
  );
}
