import type { Put, Settings } from '../entities';
import { isValidTimeZone } from '../office-time';
import { refuseUnless } from '../permissions';
import { SMS_PLACEHOLDERS } from '../sms';
import { procedureUpsertArgs, settingsUpdateArgs, smsTemplateUpsertArgs } from './args';
import { ID_TAKEN, created, fail, touched } from './effects';
import type { MutationContext, Mutator, MutatorResult, State } from './types';
import { applied, refuse } from './types';

// The office's configuration: procedure catalogue, SMS templates, settings. permissions.md:
// procedures and templates for admin and director, settings for the admin only.

/**
 * Inserts the record, or changes the fields that differ; writes nothing when nothing differs.
 * A deleted record is not brought back by an edit made on a stale screen.
 */
function upsert<T extends { id: string; deletedAt: string | null; createdAt: string; updatedAt: string; version: number }>(
  existing: T | undefined,
  fields: Omit<T, 'id' | 'version' | 'deletedAt' | 'createdAt' | 'updatedAt'>,
  id: string,
  ctx: MutationContext,
  what: string,
  state: State,
): { ok: true; row: T | null } | { ok: false; result: MutatorResult } {
  // A new record under an id some other row has (`needs.newIds`): never made.
  if (!existing && state.takenIds.has(id)) return { ok: false, result: fail(ID_TAKEN) };
  if (existing && existing.deletedAt !== null) {
    return { ok: false, result: refuse('not_found', `${what} a été supprimé.`) };
  }
  if (!existing) return { ok: true, row: { id, ...created(ctx), ...fields } as T };
  const changed = Object.entries(fields).some(([key, value]) => existing[key as keyof T] !== value);
  return { ok: true, row: changed ? touched(existing, fields as Partial<T>, ctx) : null };
}

export const procedureUpsert: Mutator<'procedure.upsert'> = {
  name: 'procedure.upsert',
  args: procedureUpsertArgs,
  needs: (args) => ({ procedures: [args.id], newIds: [args.id] }),
  apply(state, ctx, args) {
    const forbidden = refuseUnless(ctx.actor, 'procedures.manage');
    if (forbidden) return fail(forbidden);
    const { id, ...fields } = args;
    const result = upsert(state.procedures.get(id), fields, id, ctx, 'Cette procédure', state);
    if (!result.ok) return result.result;
    return applied(result.row ? [{ table: 'procedures', row: result.row }] : []);
  },
};

const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(SMS_PLACEHOLDERS);
const BRACED = /\{([^{}]*)\}/g;

/** A misspelt variable ({prénom}) would go out to the lead as typed: refuse it when saving. */
function unknownPlaceholders(body: string): string[] {
  const unknown: string[] = [];
  for (const match of body.matchAll(BRACED)) {
    const name = match[1] ?? '';
    if (!KNOWN_PLACEHOLDERS.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

export const smsTemplateUpsert: Mutator<'smsTemplate.upsert'> = {
  name: 'smsTemplate.upsert',
  args: smsTemplateUpsertArgs,
  needs: (args) => ({ smsTemplates: [args.id], newIds: [args.id] }),
  apply(state, ctx, args) {
    const forbidden = refuseUnless(ctx.actor, 'smsTemplates.manage');
    if (forbidden) return fail(forbidden);
    for (const [body, language] of [
      [args.bodyFr, 'français'],
      [args.bodyEn, 'anglais'],
    ] as const) {
      const unknown = unknownPlaceholders(body);
      if (unknown.length > 0) {
        const listed = unknown.map((name) => `{${name}}`).join(', ');
        const known = SMS_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');
        return refuse('invalid_args', `Variable inconnue dans le texte ${language} : ${listed}. Variables possibles : ${known}.`);
      }
    }
    const { id, ...fields } = args;
    const result = upsert(state.smsTemplates.get(id), fields, id, ctx, 'Ce modèle de SMS', state);
    if (!result.ok) return result.result;
    return applied(result.row ? [{ table: 'sms_templates', row: result.row }] : []);
  },
};

export const settingsUpdate: Mutator<'settings.update'> = {
  name: 'settings.update',
  args: settingsUpdateArgs,
  needs: () => ({}),
  apply(state, ctx, args) {
    const forbidden = refuseUnless(ctx.actor, 'settings.manage');
    if (forbidden) return fail(forbidden);
    if (args.timeZone !== undefined && !isValidTimeZone(args.timeZone)) {
      return refuse('invalid_args', `Fuseau horaire inconnu : « ${args.timeZone} » (par exemple America/Toronto).`);
    }
    const patch: Partial<Settings> = {};
    for (const [key, value] of Object.entries(args)) {
      if (value !== undefined && state.settings[key as keyof Settings] !== value) Object.assign(patch, { [key]: value });
    }
    const puts: Put[] = Object.keys(patch).length > 0 ? [{ table: 'settings', row: touched(state.settings, patch, ctx) }] : [];
    return applied(puts);
  },
};
