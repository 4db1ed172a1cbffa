import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalDatabase } from '../src-main/db/migrate';
import { rowStore } from '../src-main/db/rows';
import { fakeLeads } from '../src-main/db/testing/fake-leads';
const leads = fakeLeads(100_000, { seed: 1 });
for (const mode of ['with', 'without', 'noindex']) {
  const db = openLocalDatabase(join(mkdtempSync(join(tmpdir(), 'fts-')), 'r.sqlite'));
  const sqlite = (db as unknown as { sqlite?: unknown }).sqlite ?? db;
  const s = sqlite as import('better-sqlite3').Database;
  if (mode !== 'with') for (const t of ['leads_fts_after_insert', 'leads_fts_after_update', 'leads_fts_after_delete']) s.exec(`drop trigger ${t}`);
  if (mode === 'noindex') for (const i of ['leads_live_status_idx', 'leads_live_list_idx', 'leads_live_assignee_idx', 'leads_live_created_idx']) s.exec(`drop index if exists ${i}`);
  const rows = rowStore(s);
  const t0 = performance.now();
  for (let p = 0; p < leads.length; p += 1000) s.transaction(() => { for (const l of leads.slice(p, p + 1000)) rows.upsert('leads', l as never); })();
  const t1 = performance.now();
  if (mode !== 'with') s.exec(`insert into leads_fts(leads_fts) values('rebuild')`);
  console.log(mode, ((t1 - t0) / 1000).toFixed(2), 's; rebuild', ((performance.now() - t1) / 1000).toFixed(2));
}
