import { useEffect, useState, type FormEvent } from 'react';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { useMutation } from '../../lib/api';
import type { Redo } from '../../app/router';
import { runRedoable } from './runRedoable';

/**
 * The edit dialog of an office catalogue (procedures, SMS templates): one upsert mutation through
 * the outbox, its missing fields said under their inputs before it is sent. A change the office
 * refused comes back as `redo` (the refusals screen): the dialog opens on it, and saving it
 * dismisses the refusal.
 */
export function useCatalogueForm<N extends MutationName, F extends MutationInput<N> & { id: string }>(
  mutation: N,
  redo: Redo | undefined,
  formFrom: (args: unknown) => F,
  missingIn: (form: F) => Record<string, string>,
) {
  const { run, running } = useMutation();
  const [form, setForm] = useState<F | null>(redo ? formFrom(redo.args) : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  // Another record's dialog starts without the last one's messages.
  useEffect(() => {
    setErrors({});
    setFailure(null);
  }, [form?.id]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    const missing = missingIn(form);
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const queued = await runRedoable(run, mutation, form, redo, (error) => {
      setErrors(error.fields ?? {});
      setFailure(error.message);
    });
    if (queued) setForm(null);
  }

  return { form, setForm, errors, failure, running, save };
}
