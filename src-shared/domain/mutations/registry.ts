import type { z } from 'zod';
import { fieldErrors, parseInFrench } from '../../contract/field-errors';
import { MUTATION_ARGS } from './args';
import type { MutationArgs, MutationName } from './args';
import { appointmentBook, appointmentCancel, appointmentClose, appointmentReschedule } from './appointment';
import { procedureUpsert, settingsUpdate, smsTemplateUpsert } from './config';
import { leadConvert } from './convert';
import { importBatchRevert } from './import-revert';
import { leadEvaluate } from './evaluate';
import { leadAssign } from './lead-assign';
import { leadCreate, leadCreateMany } from './lead-create';
import { leadLogContact, leadSetStatus } from './lead-status';
import { leadUpdate } from './lead-update';
import { notificationMarkRead } from './notification';
import { smsSend } from './sms';
import { taskComplete, taskCreate, taskReschedule } from './task';
import type { Actor, MutationContext, Mutator, MutatorResult, Needs, NeedsTime, Refusal, State } from './types';

// The one table from a mutation's name to its mutator, shared by the desktop (optimistic apply
// and rebase) and the office server (authority): sync-protocol.md, "Push", step 3.

export const MUTATORS: { readonly [N in MutationName]: Mutator<N> } = {
  'lead.create': leadCreate,
  'lead.createMany': leadCreateMany,
  'importBatch.revert': importBatchRevert,
  'lead.update': leadUpdate,
  'lead.assign': leadAssign,
  'lead.logContact': leadLogContact,
  'lead.setStatus': leadSetStatus,
  'appointment.book': appointmentBook,
  'appointment.reschedule': appointmentReschedule,
  'appointment.cancel': appointmentCancel,
  'appointment.close': appointmentClose,
  'lead.evaluate': leadEvaluate,
  'lead.convert': leadConvert,
  'task.create': taskCreate,
  'task.complete': taskComplete,
  'task.reschedule': taskReschedule,
  'sms.send': smsSend,
  'notification.markRead': notificationMarkRead,
  'procedure.upsert': procedureUpsert,
  'smsTemplate.upsert': smsTemplateUpsert,
  'settings.update': settingsUpdate,
};

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATION_ARGS, name);
}

export type ParsedMutation =
  | { [N in MutationName]: { ok: true; name: N; args: MutationArgs<N> } }[MutationName]
  | { ok: false; refusal: Refusal };

/** The French refusal of args that break the catalogue's schema, with a message per field. */
function invalidArgs(error: z.ZodError): Refusal {
  const { message, fields } = fieldErrors(error);
  return { code: 'invalid_args', message, fields };
}

/** Validates a mutation as it arrives (push, outbox): a name of the catalogue and its args. */
export function parseMutation(name: string, rawArgs: unknown): ParsedMutation {
  if (!isMutationName(name)) {
    return {
      ok: false,
      refusal: { code: 'unknown_mutation', message: `Opération inconnue : « ${name} ». Mettez l’application à jour.` },
    };
  }
  const schema: z.ZodType = MUTATION_ARGS[name];
  const parsed = parseInFrench(schema, rawArgs);
  if (!parsed.success) return { ok: false, refusal: invalidArgs(parsed.error) };
  return { ok: true, name, args: parsed.data } as ParsedMutation;
}

/** The rows `name` needs for these args (see Mutator.needs for `at`). */
export function mutationNeeds<N extends MutationName>(name: N, args: MutationArgs<N>, actor: Actor, at?: NeedsTime): Needs {
  const mutator = MUTATORS[name] as Mutator<N>;
  return mutator.needs(args, actor, at);
}

/** Applies parsed args to the state: the rows to write, or the refusal. */
export function runMutator<N extends MutationName>(
  name: N,
  args: MutationArgs<N>,
  state: State,
  ctx: MutationContext,
): MutatorResult {
  const mutator = MUTATORS[name] as Mutator<N>;
  return mutator.apply(state, ctx, args);
}
