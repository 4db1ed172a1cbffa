import type { Lead } from './entities';
import { normalizeEmail } from './email';
import { isFinal } from './statuses';

// domain.md, "Duplicates": a lead whose normalised phone (E.164) or e-mail matches a lead that
// is not final is a duplicate; the user then chooses (skip, merge, create anyway).

export interface DuplicateKeySource {
  email: string | null;
  /** Already normalised by `normalizePhone`; only trimmed here. */
  phoneE164: string | null;
}

/** The keys under which two leads count as the same person: `phone:+15145551234`, `email:a@b.ca`. */
export function duplicateKeys({ email, phoneE164 }: DuplicateKeySource): string[] {
  const keys: string[] = [];
  const phone = phoneE164?.trim();
  if (phone) keys.push(`phone:${phone}`);
  const mail = normalizeEmail(email);
  if (mail) keys.push(`email:${mail}`);
  return keys;
}

export interface DuplicateCandidate extends DuplicateKeySource {
  /** The candidate's own id when it already exists, so it is never its own duplicate. */
  id?: string;
}

/** Leads that can be duplicate targets, listed per key oldest first; build once per batch. */
export type DuplicateIndex = ReadonlyMap<string, readonly Lead[]>;

/** The order in which duplicate targets are preferred: oldest first, then by id. */
export function olderFirst(a: Lead, b: Lead): number {
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Only an open lead (not deleted, not final) can be the lead another one duplicates. */
export function isDuplicateTarget(lead: Lead): boolean {
  return lead.deletedAt === null && !isFinal(lead.status);
}

/**
 * Indexes the open leads (not deleted, not final) by duplicate key, so that an import of tens of
 * thousands of rows looks each one up instead of scanning every lead.
 */
export function buildDuplicateIndex(leads: Iterable<Lead>): DuplicateIndex {
  const index = new Map<string, Lead[]>();
  for (const lead of leads) {
    if (!isDuplicateTarget(lead)) continue;
    for (const key of duplicateKeys(lead)) {
      const list = index.get(key);
      if (list) list.push(lead);
      else index.set(key, [lead]);
    }
  }
  for (const list of index.values()) list.sort(olderFirst);
  return index;
}

/** The oldest open lead sharing a key with the candidate, other than the candidate itself. */
export function findDuplicateInIndex(candidate: DuplicateCandidate, index: DuplicateIndex): Lead | null {
  let best: Lead | null = null;
  for (const key of duplicateKeys(candidate)) {
    const match = index.get(key)?.find((lead) => lead.id !== candidate.id);
    if (match && (best === null || olderFirst(match, best) < 0)) best = match;
  }
  return best;
}

/**
 * The lead the candidate duplicates: the oldest (by createdAt, then id) lead that is not deleted,
 * not final, not the candidate itself, and shares a normalised phone or e-mail. Null if none.
 */
export function findDuplicate(candidate: DuplicateCandidate, leads: readonly Lead[]): Lead | null {
  return findDuplicateInIndex(candidate, buildDuplicateIndex(leads));
}

/** What a loader is asked for: normalised phones (E.164) and e-mails (Needs.leadsByContact). */
export interface ContactKeys {
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/**
 * A lead's keys, worked out once per row: leadsByContact reads the same rows again for each
 * mutation of a group (pipeline.ts, runTurns), and normalising their e-mails each time was most of
 * a pushed lead.create's replay. Checked against the row's current phone and e-mail, so a row
 * changed in place is never answered from an old entry.
 */
const keysOfLead = new WeakMap<Lead, { email: string | null; phoneE164: string | null; keys: string[] }>();

function leadKeys(lead: Lead): string[] {
  const known = keysOfLead.get(lead);
  if (known !== undefined && known.email === lead.email && known.phoneE164 === lead.phoneE164) return known.keys;
  const keys = duplicateKeys(lead);
  keysOfLead.set(lead, { email: lead.email, phoneE164: lead.phoneE164, keys });
  return keys;
}

/**
 * The open leads among `leads` under any of these phones or e-mails, each once, oldest first: what
 * the loaders answer for a mutator's `leadsByContact` (the candidates lead.create chooses from).
 * One pass over the leads, no index: it is asked once per mutation of a set that changes between
 * mutations (pipeline.ts, runTurns), where building an index each time cost more than the rest.
 */
export function leadsByContact(leads: Iterable<Lead>, contact: ContactKeys): Lead[] {
  const wanted = new Set([
    ...contact.phones.flatMap((phone) => duplicateKeys({ phoneE164: phone, email: null })),
    ...contact.emails.flatMap((email) => duplicateKeys({ phoneE164: null, email })),
  ]);
  const found: Lead[] = [];
  if (wanted.size === 0) return found;
  for (const lead of leads) {
    if (isDuplicateTarget(lead) && leadKeys(lead).some((key) => wanted.has(key))) found.push(lead);
  }
  return found.sort(olderFirst);
}
