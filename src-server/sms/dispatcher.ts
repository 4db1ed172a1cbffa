import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Put, SmsMessage } from '~shared/domain/entities';
import { historyPut } from '~shared/domain/mutations/effects';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { rowsOf } from '../db/rows';
import { smsDispatch, smsMessages } from '../db/schema';
import type { Counter } from '../observability/metrics';
import { startJobLoop, type JobLoop } from '../jobs/loop';
import type { Log } from '../log';
import { SMS_OPT_OUT_REFUSAL } from '~shared/domain/sms-opt-out';
import { isOptedOut, optOutPuts, type OptOutSource } from './opt-out';
import { describeSendFailure, SmsSendError, type SmsProvider } from './provider';
import { TWILIO_UNSUBSCRIBED } from './twilio-provider';

// Sends the SMS that sms.send queued (domain.md, "SMS": "sent through the office's SMS provider,
// and logged in the lead's history with its delivery status"). A message is sent at most once,
// whatever the number of server processes and restarts:
//   1. claim: inserting its sms_dispatch row (primary key = the message id) claims it, among
//      queued messages picked FOR UPDATE SKIP LOCKED; a second dispatcher skips the locked rows
//      and its insert of an already claimed id does nothing. The claim commits before the send,
//      so a restart never sends a claimed message again;
//   2. send, outside any transaction (the provider may take seconds: no lock is held meanwhile);
//   3. record, in one write transaction: the message becomes 'sent' (sentAt) or 'failed' (a
//      French error), a history row 'sms_status' is appended, sms_dispatch keeps the provider's id.
// A claim left without an outcome (the process died during the send) is recorded as failed after
// STALE_CLAIM_MS, with a message saying the SMS may have gone: better a question than a double SMS.
// Logs carry message ids, the provider and codes: never the number or the text.
// A number that answered STOP (sms_opt_outs) is never sent to: the message is recorded failed with
// the French reason, and Twilio's own "unsubscribed" refusal (21610) records the opt-out.

/** Longer than any provider call (Twilio's timeout is 15 s). */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

export const INTERRUPTED_SMS_ERROR =
  'Envoi interrompu (le serveur du bureau s’est arrêté pendant l’envoi) : le SMS est peut-être parti. ' +
  'Vérifiez auprès de la personne avant de le renvoyer.';

export interface SmsDispatchDeps {
  db: ServerDb;
  provider: SmsProvider;
  log: Log;
  now: () => Date;
  /** Counts outcomes by provider and state (GET /metrics), when given. */
  outcomes?: Counter;
  /** Once aborted, no further message is taken (the one being sent is finished and recorded). */
  signal?: AbortSignal;
}

export interface DispatchSummary {
  sent: number;
  failed: number;
}

type Outcome = { ok: true; providerId: string } | { ok: false; code: string; message: string; optOut?: OptOutSource };

/** Sends every queued message, one by one, after closing the claims left by a dead process. */
export async function dispatchQueuedSms(deps: SmsDispatchDeps): Promise<DispatchSummary> {
  const summary: DispatchSummary = { sent: 0, failed: 0 };
  const count = (state: 'sent' | 'failed' | null) => {
    if (state === null) return;
    summary[state] += 1;
    deps.outcomes?.inc({ provider: deps.provider.name, state });
  };

  for (const id of await staleClaims(deps.db, deps.now())) {
    count(await recordOutcome(deps, id, { ok: false, code: 'interrupted', message: INTERRUPTED_SMS_ERROR }));
  }

  // One message claimed at a time: a stop between two sends leaves no claim without its send.
  while (deps.signal?.aborted !== true) {
    const [message] = await claimQueuedSms(deps.db, deps.provider.name, deps.now(), 1);
    if (message === undefined) break;
    let outcome: Outcome;
    if (await isOptedOut(deps.db.db, message.to)) {
      outcome = { ok: false, code: 'opted_out', message: SMS_OPT_OUT_REFUSAL, optOut: 'reply' };
    } else {
      try {
        outcome = { ok: true, ...(await deps.provider.send(message)) };
      } catch (error) {
        outcome = { ok: false, ...describeSendFailure(error) };
        if (error instanceof SmsSendError && error.code === `twilio_${TWILIO_UNSUBSCRIBED}`) outcome.optOut = 'twilio_21610';
        if (!(error instanceof SmsSendError)) deps.log.error({ err: error, smsId: message.id }, 'erreur inattendue du fournisseur SMS');
      }
    }
    count(await recordOutcome(deps, message.id, outcome));
  }
  return summary;
}

/**
 * Claims up to `limit` queued messages for this process (step 1 above) and returns what is needed
 * to send them. Exported for tests that simulate a process dying after its claim.
 */
export async function claimQueuedSms(
  db: ServerDb,
  provider: string,
  at: Date,
  limit: number,
): Promise<Array<{ id: string; to: string; body: string }>> {
  const ids = await db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      with picked as (
        select m.id from ${smsMessages} m
        where m.state = 'queued' and m.deleted_at is null
          and not exists (select 1 from ${smsDispatch} d where d.sms_message_id = m.id)
        order by m.created_at, m.id
        limit ${limit}
        for update of m skip locked
      )
      insert into ${smsDispatch} (sms_message_id, provider, attempts, updated_at)
      select id, ${provider}, 1, ${at.toISOString()} from picked
      on conflict (sms_message_id) do nothing
      returning sms_message_id as id`);
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  });
  if (ids.length === 0) return [];
  const rows = await db.db
    .select({ id: smsMessages.id, to: smsMessages.to, body: smsMessages.body, createdAt: smsMessages.createdAt })
    .from(smsMessages)
    .where(inArray(smsMessages.id, ids));
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map(({ id, to, body }) => ({ id, to, body }));
}

/** Claims older than STALE_CLAIM_MS whose message is still queued and has no outcome. */
async function staleClaims(db: ServerDb, at: Date): Promise<string[]> {
  const rows = await db.db
    .select({ id: smsDispatch.smsMessageId })
    .from(smsDispatch)
    .innerJoin(smsMessages, eq(smsMessages.id, smsDispatch.smsMessageId))
    .where(
      and(
        eq(smsMessages.state, 'queued'),
        isNull(smsDispatch.providerMessageId),
        isNull(smsDispatch.lastError),
        lt(smsDispatch.updatedAt, new Date(at.getTime() - STALE_CLAIM_MS).toISOString()),
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * Step 3: the outcome of one message, with its history row, in one write transaction. The row is
 * read again under the version counter's lock: one that is no longer queued (another process
 * recorded it) is left alone. Returns the state written, or null when nothing was.
 */
async function recordOutcome(deps: SmsDispatchDeps, id: string, outcome: Outcome): Promise<'sent' | 'failed' | null> {
  const at = deps.now();
  const now = at.toISOString();
  const { result } = await deps.db.writeTransaction(async (tx, versions) => {
    const [current] = await tx.select().from(smsMessages).where(eq(smsMessages.id, id));
    if (current === undefined || current.state !== 'queued') return null;
    const message = current as SmsMessage;
    const next: SmsMessage = outcome.ok
      ? { ...message, state: 'sent', sentAt: now, error: null, updatedAt: now }
      : { ...message, state: 'failed', error: outcome.message, updatedAt: now };
    const ctx = { actor: SYSTEM_ACTOR, now, newId };
    const after: Record<string, unknown> = { smsId: id, state: next.state, provider: deps.provider.name };
    if (!outcome.ok) after['error'] = outcome.message;
    const puts: Put[] = [
      { table: 'sms_messages', row: next },
      historyPut(ctx, message.leadId, { kind: 'sms_status', before: { state: 'queued' }, after }),
    ];
    // The number's other leads are marked too (a lead typed after the STOP was answered).
    if (!outcome.ok && outcome.optOut !== undefined) puts.push(...(await optOutPuts(tx, message.to, outcome.optOut, at)));
    await writePuts(tx, versions, puts);
    await tx
      .insert(smsDispatch)
      .values({
        smsMessageId: id,
        provider: deps.provider.name,
        attempts: 1,
        providerMessageId: outcome.ok ? outcome.providerId : null,
        lastError: outcome.ok ? null : outcome.message,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: smsDispatch.smsMessageId,
        set: { providerMessageId: outcome.ok ? outcome.providerId : null, lastError: outcome.ok ? null : outcome.message, updatedAt: now },
      });
    return next.state as 'sent' | 'failed';
  });
  if (result === 'sent') deps.log.info({ smsId: id, provider: deps.provider.name }, 'SMS envoyé');
  if (result === 'failed') deps.log.warn({ smsId: id, provider: deps.provider.name, code: outcome.ok ? null : outcome.code }, 'SMS non envoyé');
  return result;
}

export interface SmsDispatcherOptions extends SmsDispatchDeps {
  /** Fallback for messages queued by another server process (this one's commits wake it at once). */
  intervalMs?: number | null;
}

/**
 * The dispatcher of a running server: woken after every commit of this process (a pushed sms.send
 * goes out within a fraction of a second), and every `intervalMs` for the other processes' ones.
 */
export function startSmsDispatcher(options: SmsDispatcherOptions): JobLoop {
  const stopping = new AbortController();
  const loop = startJobLoop({
    name: 'sms',
    intervalMs: options.intervalMs === undefined ? 5_000 : options.intervalMs,
    wakeDelayMs: 200,
    log: options.log,
    run: async () => {
      await dispatchQueuedSms({ ...options, signal: stopping.signal });
    },
  });
  const unsubscribe = options.db.onCommit(() => void loop.wake());
  return {
    runOnce: loop.runOnce,
    wake: loop.wake,
    async stop() {
      unsubscribe();
      stopping.abort();
      await loop.stop();
    },
  };
}
