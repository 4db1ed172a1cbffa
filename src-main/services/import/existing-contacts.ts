import type { Lead } from '~shared/domain/entities';
import type { ImportRow } from '~shared/domain/import';
import type { Replica } from '../../db/replica';
import { openLeadsByContact } from '../../db/state-loader';

// The open leads that share a phone or an e-mail with a file's rows, looked up batch by batch
// while the workers still read the file. The main thread is otherwise idle then, and looking
// them all up at the end took about half a second of a 100,000-row import (docs/benchmarks.md,
// thirteenth session). What was found holds only while no lead changes: a sync or an edit during
// the reading makes `leads()` answer null, and the duplicates are looked up again, whole.

export class ExistingContacts {
  private readonly found = new Map<string, Lead>();
  private readonly version: number;

  constructor(private readonly replica: Replica) {
    this.version = replica.leadsVersion();
  }

  /** Looks up one batch of cleaned rows. */
  add(rows: readonly ImportRow[]): void {
    if (this.replica.leadsVersion() !== this.version) return;
    for (const lead of openLeadsByContact(this.replica.sqlite, contactsOf(rows))) this.found.set(lead.id, lead);
  }

  /**
   * What openLeadsByContact answers for every row added (in its order: oldest first), or null
   * when leads changed since the first batch.
   */
  leads(): Lead[] | null {
    if (this.replica.leadsVersion() !== this.version) return null;
    return [...this.found.values()].sort(byCreation);
  }
}

function byCreation(a: Lead, b: Lead): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The rows' phones and e-mails, as openLeadsByContact looks them up. */
export function contactsOf(rows: readonly ImportRow[]): { phones: string[]; emails: string[] } {
  const phones: string[] = [];
  const emails: string[] = [];
  for (const { lead } of rows) {
    if (lead.phone) phones.push(lead.phone);
    if (lead.email) emails.push(lead.email);
  }
  return { phones, emails };
}
