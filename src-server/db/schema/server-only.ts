import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { counterColumn, instantColumn, uuidColumn } from './columns';
import { users } from './synced';

// Tables that never leave the server (sync-protocol.md, "What is never synced"): secrets, sessions,
// the sync bookkeeping, the version counter, the scheduler's ledger. The users table itself holds
// exactly the synced columns, so pulling it can never leak a secret.

/** A user's secrets: argon2id hash, login throttling, the calendar feed's secret. */
export const userCredentials = pgTable('user_credentials', {
  userId: uuidColumn('user_id')
    .primaryKey()
    .references(() => users.id),
  passwordHash: text('password_hash').notNull(),
  /** The `<secret>` of `/calendar/<secret>.ics`. */
  calendarSecret: text('calendar_secret').notNull().unique('user_credentials_calendar_secret_unique'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: instantColumn('locked_until'),
  updatedAt: instantColumn('updated_at').notNull().default(sql`now()`),
  /** Two-factor sign-in (issue 14): the TOTP secret in base32, set once confirmed by a first code. */
  totpSecret: text('totp_secret'),
  /** A secret shown to the user and not yet confirmed: replaced by each new set-up. */
  totpPendingSecret: text('totp_pending_secret'),
  totpEnabledAt: instantColumn('totp_enabled_at'),
  /** The 30-second step of the last code accepted: a code is never accepted twice. */
  totpLastStep: counterColumn('totp_last_step'),
});

/** Ten single-use recovery codes per user with two-factor sign-in, stored as SHA-256 hashes. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: uuidColumn('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    usedAt: instantColumn('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** The office's security rules that no workstation needs to hold (one row, id 1). */
export const securityPolicy = pgTable(
  'security_policy',
  {
    id: smallint('id').primaryKey(),
    /** Every account must sign in with a second factor; those without one set it up first. */
    requireTwoFactor: boolean('require_two_factor').notNull().default(false),
    updatedAt: instantColumn('updated_at').notNull(),
    updatedById: uuidColumn('updated_by_id').references(() => users.id),
  },
  (t) => [check('security_policy_one_row', sql`${t.id} = 1`)],
);

/** Bearer tokens, stored hashed (server-api.md); revoked on logout and on deactivation. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuidColumn('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: instantColumn('created_at').notNull().default(sql`now()`),
    lastUsedAt: instantColumn('last_used_at').notNull().default(sql`now()`),
    /** Null: the token lasts until revoked. */
    expiresAt: instantColumn('expires_at'),
    revokedAt: instantColumn('revoked_at'),
    /** The workstation the token was used from for sync, when known. */
    clientId: uuidColumn('client_id'),
    /**
     * 'full', or 'two_factor_setup': signed in with the right password while the office requires a
     * second factor this account has not set up yet; such a token only reaches the set-up.
     */
    scope: text('scope').notNull().default('full'),
  },
  // Deactivating a user revokes every token of that user at once; revoking a workstation, its own.
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_client_idx').on(t.clientId)],
);

/**
 * The workstations an administrator can see and revoke (issue 14, point 4): one row per replica
 * (`clientId`), its user and the name it gives (the computer's name), known from its first sync.
 * A revoked row, or one whose user was deactivated, is told `workstation_wiped` at its next
 * contact and deletes its replica and its token (docs/decisions.md, "Remote wipe").
 */
export const workstations = pgTable(
  'workstations',
  {
    clientId: uuidColumn('client_id').primaryKey(),
    userId: uuidColumn('user_id')
      .notNull()
      .references(() => users.id),
    /** As the workstation says it (its host name), at most 100 characters. */
    name: text('name').notNull().default(''),
    createdAt: instantColumn('created_at').notNull(),
    lastContactAt: instantColumn('last_contact_at').notNull(),
    /** Set once: from then on every request of this workstation answers `workstation_wiped`. */
    wipeRequestedAt: instantColumn('wipe_requested_at'),
    /** 'revoked' by an administrator, or 'user_deactivated'. */
    wipeReason: text('wipe_reason', { enum: ['revoked', 'user_deactivated'] }),
    wipeRequestedById: uuidColumn('wipe_requested_by_id').references(() => users.id),
    /** When the workstation was first told to wipe itself (it then stops contacting the server). */
    wipeSentAt: instantColumn('wipe_sent_at'),
  },
  (t) => [index('workstations_user_idx').on(t.userId)],
);

/** One row per replica (`clientId`): its owner and the highest mutation id processed. */
export const syncClients = pgTable(
  'sync_clients',
  {
    clientId: uuidColumn('client_id').primaryKey(),
    /** A clientId belongs to the user who first used it (sync-protocol.md). */
    userId: uuidColumn('user_id')
      .notNull()
      .references(() => users.id),
    lastMutationId: counterColumn('last_mutation_id').notNull().default(0),
    createdAt: instantColumn('created_at').notNull().default(sql`now()`),
    updatedAt: instantColumn('updated_at').notNull().default(sql`now()`),
  },
  (t) => [index('sync_clients_user_idx').on(t.userId)],
);

/** The result of every processed mutation, so pull can repeat it (refusals are never lost). */
export const syncResults = pgTable(
  'sync_results',
  {
    clientId: uuidColumn('client_id')
      .notNull()
      .references(() => syncClients.clientId),
    mutationId: counterColumn('mutation_id').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['applied', 'refused'] }).notNull(),
    code: text('code'),
    message: text('message'),
    at: instantColumn('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.mutationId] })],
);

/**
 * The office-wide version counter: one row (id 1). Every transaction that writes synced rows
 * takes it with SELECT … FOR UPDATE and holds it to commit, so versions become visible in order
 * (sync-protocol.md, "Identities and counters"). The row is created by a migration.
 */
export const versionCounter = pgTable(
  'version_counter',
  {
    id: smallint('id').primaryKey().default(1),
    value: counterColumn('value').notNull().default(0),
  },
  (t) => [check('version_counter_single_row', sql`${t.id} = 1`)],
);

/** Jobs that must run exactly once across restarts and server processes (issue 3, point 6). */
export const schedulerRuns = pgTable('scheduler_runs', {
  /** e.g. `reminder:<appointmentId>:<startsAt>`; inserting it claims the job. */
  jobKey: text('job_key').primaryKey(),
  ranAt: instantColumn('ran_at').notNull().default(sql`now()`),
});

/**
 * The provider side of each SMS (sms_messages holds what users see): the provider's message id
 * for delivery reports, and retries. Provider credentials come from the environment, never here.
 */
export const smsDispatch = pgTable(
  'sms_dispatch',
  {
    smsMessageId: uuidColumn('sms_message_id').primaryKey(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instantColumn('next_attempt_at'),
    lastError: text('last_error'),
    updatedAt: instantColumn('updated_at').notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('sms_dispatch_provider_message_unique').on(t.provider, t.providerMessageId),
    index('sms_dispatch_next_attempt_idx').on(t.nextAttemptAt),
  ],
);

/**
 * Numbers that answered STOP / ARRET (or that Twilio reports as unsubscribed, error 21610): the
 * dispatcher sends them nothing more, whichever lead carries the number now (domain.md, "SMS").
 */
export const smsOptOuts = pgTable('sms_opt_outs', {
  phoneE164: text('phone_e164').primaryKey(),
  at: instantColumn('at').notNull(),
  /** What said so: the reply's keyword, or `twilio_21610`. */
  source: text('source').notNull(),
});

// ---- a person's rights (issue 14, point 5; docs/decisions.md, "A person's rights") ----------------

/**
 * One row per anonymised lead: inserting it claims the anonymisation, so a request and the
 * retention job, or two of either at once, scrub a person once. Holds no personal value.
 */
export const anonymisations = pgTable('anonymisations', {
  leadId: uuidColumn('lead_id').primaryKey(),
  at: instantColumn('at').notNull(),
  /** The admin who asked; null for the retention job. */
  byId: uuidColumn('by_id'),
  /** `request` (an admin, for the person) or `retention` (a rule of « Conservation »). */
  reason: text('reason', { enum: ['request', 'retention'] }).notNull(),
});

/** A legal hold stops the retention rules for one lead (and a request to anonymise it) until lifted. */
export const legalHolds = pgTable('legal_holds', {
  leadId: uuidColumn('lead_id').primaryKey(),
  reason: text('reason').notNull(),
  setById: uuidColumn('set_by_id').notNull(),
  setAt: instantColumn('set_at').notNull(),
});

/** « Conservation »: per final status, the months after which its leads are anonymised (no row: never). */
export const retentionRules = pgTable('retention_rules', {
  status: text('status').primaryKey(),
  months: integer('months').notNull(),
  updatedAt: instantColumn('updated_at').notNull(),
  updatedById: uuidColumn('updated_by_id'),
});

/** The office's privacy texts: the consent wording its web form shows (one row, id 1). */
export const privacySettings = pgTable(
  'privacy_settings',
  {
    id: smallint('id').primaryKey().default(1),
    webFormConsentWording: text('web_form_consent_wording').notNull(),
    updatedAt: instantColumn('updated_at').notNull(),
  },
  (t) => [check('privacy_settings_single_row', sql`${t.id} = 1`)],
);
