// Distribution of a selection of leads among assignees (domain.md, "Assignment": "by counts
// ('Marie 15, Julie 10, Sophie 5') or evenly, in a preview before anything is saved").
// Pure: the caller passes the selection in the order the user sees it and gets the assignments
// to preview; nothing is saved here. Leads are handed out in contiguous runs in selection order,
// so that "Marie 10" means the first ten leads of the selection, as the user reads the list.

export interface DistributionShare {
  readonly assigneeId: string;
  readonly count: number;
}

export type DistributionPlan =
  | { readonly mode: 'counts'; readonly shares: readonly DistributionShare[] }
  | { readonly mode: 'evenly'; readonly assigneeIds: readonly string[] };

export interface DistributionAssignment {
  readonly leadId: string;
  readonly assigneeId: string;
}

export type DistributionErrorCode =
  | 'empty_selection'
  | 'duplicate_lead'
  | 'no_assignee'
  | 'duplicate_assignee'
  | 'invalid_count'
  | 'nothing_to_distribute'
  | 'too_many';

export type DistributionResult =
  | {
      readonly ok: true;
      readonly assignments: readonly DistributionAssignment[];
      /** How many leads each assignee receives, in the plan's order (zero shares included). */
      readonly shares: readonly DistributionShare[];
      /** Leads of the selection left as they are (counts summing to less than the selection). */
      readonly leftOver: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: DistributionErrorCode;
      /** Plain French, naming the rule. */
      readonly message: string;
      /** Figures of the message, so that a translated interface can say the same. */
      readonly params: Readonly<Record<string, number>>;
    };

function fail(code: DistributionErrorCode, message: string, params: Record<string, number> = {}): DistributionResult {
  return { ok: false, code, message, params };
}

/** Shares of an even distribution: everyone gets ⌊n/k⌋, the first n mod k one more. */
export function evenShares(total: number, assigneeIds: readonly string[]): DistributionShare[] {
  const k = assigneeIds.length;
  if (k === 0) return [];
  const base = Math.floor(total / k);
  const remainder = total % k;
  return assigneeIds.map((assigneeId, i) => ({ assigneeId, count: base + (i < remainder ? 1 : 0) }));
}

export function distribute(leadIds: readonly string[], plan: DistributionPlan): DistributionResult {
  if (leadIds.length === 0) return fail('empty_selection', 'Aucun lead sélectionné : choisissez les leads à répartir.');

  if (new Set(leadIds).size !== leadIds.length) {
    return fail('duplicate_lead', 'Un même lead figure deux fois dans la sélection.');
  }

  const ids = plan.mode === 'counts' ? plan.shares.map((s) => s.assigneeId) : plan.assigneeIds;
  if (ids.length === 0) return fail('no_assignee', 'Choisissez au moins une personne à qui répartir les leads.');
  if (new Set(ids).size !== ids.length) {
    return fail('duplicate_assignee', 'Une même personne figure deux fois dans la répartition.');
  }

  const shares = plan.mode === 'counts' ? plan.shares.map((s) => ({ ...s })) : evenShares(leadIds.length, ids);
  for (const share of shares) {
    if (!Number.isSafeInteger(share.count) || share.count < 0) {
      return fail('invalid_count', 'Chaque nombre de leads doit être un entier positif ou nul.');
    }
  }
  const sum = shares.reduce((acc, s) => acc + s.count, 0);
  if (sum === 0) return fail('nothing_to_distribute', 'Indiquez combien de leads donner à au moins une personne.');
  if (sum > leadIds.length) {
    return fail(
      'too_many',
      `La répartition demande ${sum} leads, mais la sélection n’en compte que ${leadIds.length}.`,
      { requested: sum, selected: leadIds.length },
    );
  }

  const assignments: DistributionAssignment[] = [];
  let next = 0;
  for (const share of shares) {
    for (let i = 0; i < share.count; i++) {
      assignments.push({ leadId: leadIds[next + i]!, assigneeId: share.assigneeId });
    }
    next += share.count;
  }
  return { ok: true, assignments, shares, leftOver: leadIds.slice(next) };
}
