import type { Evaluation } from '../entities';
import { refuseUnless } from '../permissions';
import { isFinal } from '../statuses';
import { checkTransition } from '../transitions';
import { leadEvaluateArgs } from './args';
import { closeOpenCallback } from './close-callback';
import { changeStatus, fail, findLeadForNewRows, historyPut, live } from './effects';
import type { Mutator } from './types';
import { applied, refuse } from './types';

// lead.evaluate (domain.md: qualified / not_qualified require an evaluation — result, recommended
// procedures from the office's catalogue, notes; qualified needs at least one procedure).
// permissions.md: admin, director, and counselor or secretary on their own leads.

export const leadEvaluate: Mutator<'lead.evaluate'> = {
  name: 'lead.evaluate',
  args: leadEvaluateArgs,
  needs: (args) => ({ leads: [args.leadId], procedures: args.procedureIds, openCallbacks: true, newIds: args.id ? [args.id] : [] }),
  apply(state, ctx, args) {
    const found = findLeadForNewRows(state, [args.id], args.leadId);
    if (!found.ok) return fail(found.refusal);
    const lead = found.row;
    const forbidden = refuseUnless(ctx.actor, 'lead.evaluate', { lead });
    if (forbidden) return fail(forbidden);
    // The graph reaches qualified / not_qualified only from consultation_done.
    const refusal = checkTransition({ from: lead.status, to: args.result, actor: ctx.actor });
    if (refusal) return fail(refusal);

    const procedureIds = [...new Set(args.procedureIds)];
    if (args.result === 'qualified' && procedureIds.length === 0) {
      return refuse('procedure_required', 'Un lead qualifié doit avoir au moins une procédure recommandée.');
    }
    const codes: string[] = [];
    for (const id of procedureIds) {
      const procedure = live(state.procedures, id);
      if (!procedure || !procedure.active) {
        return refuse('not_found', 'Une procédure choisie n’existe pas ou n’est plus offerte : choisissez-en une du catalogue.');
      }
      codes.push(procedure.code);
    }

    const evaluation: Evaluation = {
      id: args.id ?? ctx.newId(),
      version: 0,
      deletedAt: null,
      createdAt: ctx.now,
      leadId: lead.id,
      result: args.result,
      procedureIds,
      notes: args.notes,
      evaluatedById: ctx.actor.id,
    };
    const change = changeStatus(lead, args.result, ctx);
    return applied([
      { table: 'evaluations', row: evaluation },
      { table: 'leads', row: change.lead },
      historyPut(ctx, lead.id, {
        kind: 'evaluated',
        after: { evaluationId: evaluation.id, result: args.result, procedureIds, procedureCodes: codes },
        note: args.notes === '' ? null : args.notes,
      }),
      ...change.puts,
      // not_qualified is final: nobody calls back.
      ...(isFinal(args.result) ? closeOpenCallback(state, lead.id, ctx) : []),
    ]);
  },
};
