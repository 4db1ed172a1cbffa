import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group } from '@mantine/core';

export interface DialogFooterProps {
  /** Why the last try failed, in French, shown above the buttons (read out by screen readers). */
  error?: string | null | undefined;
  onCancel: () => void;
  /** Default: « Annuler ». */
  cancelLabel?: ReactNode;
  submitLabel: ReactNode;
  /** Without it the button submits the dialog's form (Enter works from any field). */
  onSubmit?: (() => void) | undefined;
  loading?: boolean | undefined;
  disabled?: boolean | undefined;
  /** A destructive action says so in red. */
  color?: string | undefined;
}

/** The end of every dialog: the refusal, if any, then Cancel and the action, right-aligned. */
export function DialogFooter({ error, onCancel, cancelLabel, submitLabel, onSubmit, loading, disabled, color }: DialogFooterProps) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {cancelLabel ?? t('common.cancel')}
        </Button>
        <Button type={onSubmit ? 'button' : 'submit'} onClick={onSubmit} loading={loading} disabled={disabled} color={color}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
