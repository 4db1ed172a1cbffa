import type { Lead } from '../entities';
import { refuseUnless } from '../permissions';
import { leadUpdateArgs } from './args';
import { fail, findLead, historyPut, touched } from './effects';
import { readContact } from './lead-create';
import type { Mutator } from './types';
import { applied } from './types';

// lead.update: a field-level patch of a lead's details (sync-protocol.md, catalogue). Only the
// fields named change, so two people editing different fields offline both keep their work.
// permissions.md: admin and director edit any lead, counselor and secretary their own; a lead in
// status client stays editable by the same rule (its details may still need correcting).

const PLAIN_FIELDS = ['firstName', 'lastName', 'language', 'city', 'country', 'programOfInterest', 'notes'] as const;

export const leadUpdate: Mutator<'lead.update'> = {
  name: 'lead.update',
  args: leadUpdateArgs,
  needs: (args) => ({ leads: [args.id] }),
  apply(state, ctx, args) {
    const found = findLead(state, args.id);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const forbidden = refuseUnless(ctx.actor, 'lead.edit', { lead });
    if (forbidden) return fail(forbidden);

    const { patch } = args;
    const next: Partial<Lead> = {};
    for (const field of PLAIN_FIELDS) {
      const value = patch[field];
      if (value !== undefined) Object.assign(next, { [field]: value });
    }
    // E-mail and phone are stored normalised (phone beside what was typed), as at creation.
    if (patch.email !== undefined || patch.phone !== undefined) {
      const contact = readContact({ email: patch.email, phone: patch.phone });
      if ('code' in contact) return fail(contact);
      if (patch.email !== undefined) next.email = contact.email;
      if (patch.phone !== undefined) {
        next.phoneE164 = contact.phoneE164;
        next.phoneRaw = contact.phoneRaw;
      }
    }

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) {
      const old = lead[key as keyof Lead];
      if (old !== value) {
        before[key] = old;
        after[key] = value;
      }
    }
    if (Object.keys(after).length === 0) {
      return applied(args.note === null ? [] : [historyPut(ctx, lead.id, { kind: 'updated', note: args.note })]);
    }
    // A STOP belongs to the number that sent it: a new number may be written to again (the
    // server still refuses any number that answered STOP, whichever lead carries it).
    const optOut: Partial<Lead> = 'phoneE164' in after && lead.smsOptOutAt !== null ? { smsOptOutAt: null } : {};

    return applied([
      { table: 'leads', row: touched(lead, { ...(after as Partial<Lead>), ...optOut }, ctx) },
      historyPut(ctx, lead.id, { kind: 'updated', before, after, note: args.note }),
    ]);
  },
};
