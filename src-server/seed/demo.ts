import { count } from 'drizzle-orm';
import {
  SETTINGS_ID,
  SYNCED_TABLE_NAMES,
  type Put,
  type Settings,
  type SyncedTable,
  type User,
} from '~shared/domain/entities';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { loadState, memoryOffice, writeInto, type MemoryOffice, type MemoryRows } from '~shared/domain/mutations/memory-state';
import { perform } from '~shared/domain/mutations/pipeline';
import type { Actor } from '~shared/domain/mutations/types';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { officeDate, officeInstant } from '~shared/domain/office-time';
import type { Role, TitleForm } from '~shared/domain/roles';
import type { LeadStatus } from '~shared/domain/statuses';
import { newId } from '~shared/ids';
import { createUser, hasAnyUser } from '../auth/users';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { leads, schedulerRuns, syncedTables } from '../db/schema';
import { seedDefaults } from './defaults';
import {
  demoPeople,
  LEAD_NOTES,
  NOT_QUALIFIED_NOTES,
  PROGRAMS,
  QUALIFIED_NOTES,
  randomSource,
  type DemoPerson,
  type Random,
} from './demo-people';

// `npm run office -- seed:demo` (server-api.md): a demo office in an empty database — six users,
// the procedure catalogue, about 200 leads over every status with the history, appointments,
// evaluations, clients and payments their path implies, this week's appointments, a few clients.
//
// Every lead's path is a series of named mutations run through the shared mutators (the same
// rules the server enforces on a push), in time order, by the users permissions.md allows; an
// in-memory office answers their needs (memory-state.ts, the loaders' reference), and the
// rows they produce are written in one writeTransaction, so every row has a version and syncs.

export const DEMO_PASSWORD = 'demo-bureau';

/**
 * The server-only mark of a demo office: a row of the scheduler's ledger (`scheduler_runs`, never
 * synced), written once when seed:demo has finished. GET /api/auth/demo answers only where it is.
 */
export const DEMO_OFFICE_MARK = 'seed:demo';

/** Each says her or his role as the person does: Danielle Fortin is « Directrice ». */
export const DEMO_USERS: ReadonlyArray<{ key: DemoUserKey; email: string; name: string; role: Role; titleForm: TitleForm }> = [
  { key: 'admin', email: 'admin@bureau.demo', name: 'Alexandre Roy', role: 'admin', titleForm: 'masculine' },
  { key: 'direction', email: 'direction@bureau.demo', name: 'Danielle Fortin', role: 'director', titleForm: 'feminine' },
  { key: 'marie', email: 'marie@bureau.demo', name: 'Marie Tremblay', role: 'counselor', titleForm: 'feminine' },
  { key: 'julie', email: 'julie@bureau.demo', name: 'Julie Gagnon', role: 'counselor', titleForm: 'feminine' },
  { key: 'sophie', email: 'sophie@bureau.demo', name: 'Sophie Bouchard', role: 'counselor', titleForm: 'feminine' },
  { key: 'accueil', email: 'accueil@bureau.demo', name: 'Chantal Lavoie', role: 'secretary', titleForm: 'feminine' },
];
type DemoUserKey = 'admin' | 'direction' | 'marie' | 'julie' | 'sophie' | 'accueil';

const DEMO_OFFICE = {
  officeName: 'Cabinet Horizon Immigration (démo)',
  address: '1200, boulevard Exemple, bureau 410, Montréal (Québec) H3B 0A0',
  phone: '514 555-0100',
};

/** How 200 leads spread over the ten statuses (scaled for another count). */
const STATUS_SHARES: Readonly<Record<LeadStatus, number>> = {
  new: 24,
  contacted: 20,
  to_recontact: 24,
  appointment_booked: 30,
  consultation_done: 12,
  consultation_missed: 12,
  qualified: 20,
  not_qualified: 14,
  not_interested: 24,
  client: 20,
};

export class DemoRefusedError extends Error {
  constructor() {
    super(
      'La base n’est pas vide (elle a déjà des utilisateurs ou des leads) : le bureau de démonstration ' +
        'ne s’installe que dans une base vide.',
    );
    this.name = 'DemoRefusedError';
  }
}

export interface DemoSummary {
  users: number;
  leads: number;
  byStatus: Record<LeadStatus, number>;
  appointmentsThisWeek: number;
  clients: number;
  rows: number;
  lastVersion: number | null;
}

export interface DemoOptions {
  now?: Date;
  /** Number of leads (default 200). */
  leads?: number;
  /** Time zone when the database has no settings yet (default: America/Toronto). */
  timeZone?: string;
}

/** True when the database holds no user and no lead (the office defaults may be there). */
export async function isDemoReady(db: ServerDb): Promise<boolean> {
  if (await hasAnyUser(db)) return false;
  const [row] = await db.db.select({ n: count() }).from(leads);
  return (row?.n ?? 0) === 0;
}

/** `seedDemo` when the database is empty; false (and nothing written) otherwise. */
export async function seedDemoIfEmpty(db: ServerDb, options: DemoOptions = {}): Promise<boolean> {
  if (!(await isDemoReady(db))) return false;
  await seedDemo(db, options);
  return true;
}

export async function seedDemo(db: ServerDb, options: DemoOptions = {}): Promise<DemoSummary> {
  if (!(await isDemoReady(db))) throw new DemoRefusedError();
  const now = options.now ?? new Date();
  await seedDefaults(db, { timeZone: options.timeZone ?? 'America/Toronto' }, new Date(now.getTime() - 120 * DAY));

  const users = {} as Record<DemoUserKey, User>;
  for (const person of DEMO_USERS) {
    const { user } = await createUser(db, { ...person, password: DEMO_PASSWORD }, new Date(now.getTime() - 100 * DAY));
    users[person.key] = user;
  }

  const office = await loadOffice(db);
  const plan = new DemoPlan(office, users, now, randomSource(20_260_315));
  plan.build(options.leads ?? 200);
  const puts = plan.run();

  const { lastVersion } = await db.writeTransaction((tx, versions) => writePuts(tx, versions, puts));
  // Last, so that only a finished demo is one: the sign-in screen may then offer its accounts.
  await db.db.insert(schedulerRuns).values({ jobKey: DEMO_OFFICE_MARK, ranAt: now.toISOString() });
  const byStatus = Object.fromEntries(Object.keys(STATUS_SHARES).map((s) => [s, 0])) as Record<LeadStatus, number>;
  for (const lead of office.leads.values()) byStatus[lead.status]++;
  return {
    users: DEMO_USERS.length,
    leads: office.leads.size,
    byStatus,
    appointmentsThisWeek: plan.appointmentsThisWeek(),
    clients: office.clients.size,
    rows: new Set(puts.map((put) => `${put.table}:${put.row.id}`)).size,
    lastVersion,
  };
}

/** The synced rows already in the database (users, settings, catalogue), as an in-memory office. */
async function loadOffice(db: ServerDb): Promise<MemoryOffice> {
  const rows: MemoryRows = {};
  for (const table of SYNCED_TABLE_NAMES) {
    (rows as Record<SyncedTable, unknown>)[table] = await db.db.select().from(syncedTables[table]);
  }
  return memoryOffice(rows);
}

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Consultation times the counselors offer (minutes after midnight, office time). */
const SLOTS = [9 * 60, 10 * 60, 11 * 60, 13 * 60 + 30, 14 * 60 + 30, 15 * 60 + 30, 16 * 60 + 30];

interface Step {
  at: number;
  seq: number;
  name: MutationName;
  input: unknown;
  actor: Actor;
  /** For the error message should the mutator refuse (a bug in this plan). */
  about: string;
}

class DemoPlan {
  private readonly steps: Step[] = [];
  private readonly tz: string;
  private readonly today: string;
  private readonly booked = new Set<string>();
  private readonly weekStart: number;
  private readonly weekEnd: number;
  private readonly procedureIds: string[];
  private seq = 0;

  constructor(
    private readonly office: MemoryOffice,
    private readonly users: Record<DemoUserKey, User>,
    private readonly now: Date,
    private readonly random: Random,
  ) {
    this.tz = (office.settings.get(SETTINGS_ID) as Settings | undefined)?.timeZone ?? 'America/Toronto';
    this.today = officeDate(now.toISOString(), this.tz);
    const weekday = (new Date(`${this.today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    this.weekStart = this.at(-weekday, 0);
    this.weekEnd = this.at(7 - weekday, 0);
    this.procedureIds = [...office.procedures.values()].filter((p) => p.active && p.deletedAt === null).map((p) => p.id);
  }

  // ---- time, in office days relative to today ----

  private date(dayOffset: number): string {
    const [y, m, d] = this.today.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + dayOffset)).toISOString().slice(0, 10);
  }

  private at(dayOffset: number, minute: number): number {
    return Date.parse(officeInstant(this.date(dayOffset), minute, this.tz));
  }

  private dayOf(instant: number): number {
    const [y, m, d] = officeDate(new Date(instant).toISOString(), this.tz).split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = this.today.split('-').map(Number) as [number, number, number];
    return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(ty, tm - 1, td)) / DAY);
  }

  private officeMinute(): number {
    return this.random.int(9 * 12, 17 * 12 + 6) * 5; // 9:00 to 17:30, every 5 minutes
  }

  /** An office-hours instant 0..maxDays before `before` (never at or after it). */
  private earlier(before: number, minDays: number, maxDays: number): number {
    for (let attempt = 0; attempt < 12; attempt++) {
      const candidate = this.at(this.dayOf(before) - this.random.int(minDays, maxDays), this.officeMinute());
      if (candidate < before - 20 * MINUTE) return candidate;
    }
    return before - this.random.int(2, 6) * HOUR;
  }

  /** An office-hours instant after `after` and before now, within maxDays when possible. */
  private later(after: number, maxDays: number): number {
    const limit = this.now.getTime() - 15 * MINUTE;
    for (let attempt = 0; attempt < 12; attempt++) {
      const candidate = this.at(this.dayOf(after) + this.random.int(0, maxDays), this.officeMinute());
      if (candidate > after + 10 * MINUTE && candidate < limit) return candidate;
    }
    return after + Math.max(MINUTE, (limit - after) / 2);
  }

  /** A recent past instant in office hours, 0..maxDays ago. */
  private recent(minDays: number, maxDays: number): number {
    return this.earlier(this.now.getTime(), minDays, maxDays);
  }

  // ---- steps ----

  private add<N extends MutationName>(at: number, name: N, input: MutationInput<N>, actor: Actor, about: string): void {
    this.steps.push({ at, seq: this.seq++, name, input, actor, about });
  }

  private actor(key: DemoUserKey): Actor {
    return { id: this.users[key].id, role: this.users[key].role };
  }

  build(total: number): void {
    const first = this.now.getTime() - 95 * DAY;
    this.add(first, 'settings.update', DEMO_OFFICE, this.actor('admin'), 'paramètres');

    const statuses = spread(total);
    const people = demoPeople(total, this.random);
    // An Excel import from an information session: thirty leads of the early statuses, in one batch.
    const importable = statuses
      .map((status, index) => ({ status, index }))
      .filter(({ status }) => status === 'new' || status === 'contacted' || status === 'to_recontact' || status === 'not_interested')
      .slice(0, Math.min(30, Math.floor(total / 7)));
    const imported = new Set(importable.map(({ index }) => index));
    if (importable.length > 0) this.importBatch(importable.map(({ status, index }) => ({ status, person: people[index]! })));

    statuses.forEach((status, index) => {
      if (!imported.has(index)) this.lead(status, people[index]!);
    });
    this.tasksThisWeek();
  }

  private counselor(): DemoUserKey {
    return this.random.pick(['marie', 'marie', 'julie', 'julie', 'sophie'] as const);
  }

  private leadInput(id: string, person: DemoPerson, source: 'manual' | 'web_form' | 'import' | 'referral') {
    const web = source === 'web_form';
    return {
      id,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phone: person.phone,
      language: person.language,
      city: person.city,
      country: person.country,
      programOfInterest: this.random.chance(0.8) ? this.random.pick(PROGRAMS) : null,
      notes: this.random.pick(LEAD_NOTES),
      source,
      consent: web || this.random.chance(0.5),
      utmSource: web ? this.random.pick(['google', 'facebook', 'instagram', null]) : null,
      utmMedium: web ? this.random.pick(['cpc', 'social', null]) : null,
      utmCampaign: web ? this.random.pick(['rp-2026', 'etudiants-automne', null]) : null,
    };
  }

  private importBatch(rows: Array<{ status: LeadStatus; person: DemoPerson }>): void {
    const importedAt = this.at(-24, 10 * 60 + 15);
    const assignedAt = importedAt + 50 * MINUTE;
    const batchId = newId();
    const ids = rows.map(() => newId());
    this.add(
      importedAt,
      'lead.createMany',
      {
        importBatchId: batchId,
        fileName: 'seance-information-mars.xlsx',
        leads: rows.map(({ person }, i) => this.leadInput(ids[i]!, person, 'import')),
      },
      this.actor('direction'),
      'import',
    );
    // The director distributes the batch at once: most to counselors, a few to the reception.
    const assignees = rows.map(({ status }) => (status !== 'not_interested' && this.random.chance(0.15) ? 'accueil' : this.counselor()));
    this.add(
      assignedAt,
      'lead.assign',
      { assignments: ids.map((leadId, i) => ({ leadId, assigneeId: this.users[assignees[i]!].id })) },
      this.actor('direction'),
      'répartition de l’import',
    );
    rows.forEach(({ status, person }, i) => {
      const id = ids[i]!;
      const who = assignees[i]!;
      const contactAt = this.later(assignedAt, 20);
      this.contactPath(status, id, who, contactAt, person);
    });
  }

  /** One lead from its creation to its status. */
  private lead(status: LeadStatus, person: DemoPerson): void {
    const id = newId();
    const about = `${person.firstName} ${person.lastName} (${status})`;
    const early = status === 'new' || status === 'contacted' || status === 'to_recontact' || status === 'appointment_booked';
    const who: DemoUserKey = early && this.random.chance(0.15) ? 'accueil' : this.counselor();

    if (status === 'new') {
      const createdAt = this.recent(0, 6);
      this.create(id, person, createdAt, about);
      const assignAt = createdAt + this.random.int(10, 120) * MINUTE;
      if (this.random.chance(0.6) && assignAt < this.now.getTime()) this.assign(id, who, assignAt, about);
      return;
    }

    if (status === 'contacted' || status === 'to_recontact' || status === 'not_interested') {
      const contactAt = status === 'not_interested' ? this.recent(1, 50) : this.recent(0, 22);
      const createdAt = this.earlier(contactAt, 1, 5);
      this.create(id, person, createdAt, about);
      this.assign(id, who, createdAt + (contactAt - createdAt) / 3, about);
      this.contactPath(status, id, who, contactAt, person);
      return;
    }

    // From here on the lead meets someone: an appointment with the counselor (or, for the
    // reception's leads still waiting for theirs, with whoever the reception booked).
    const host: DemoUserKey = who === 'accueil' ? (this.random.chance(0.5) ? 'accueil' : this.counselor()) : who;
    const appointmentId = newId();
    let startsAt: number;
    if (status === 'appointment_booked') {
      startsAt = this.freeSlot(host, this.window());
    } else {
      const daysAgo = status === 'client' ? [12, 75] : status === 'qualified' || status === 'not_qualified' ? [5, 60] : [2, 45];
      startsAt = this.freeSlot(host, () => this.at(-this.random.int(daysAgo[0]!, daysAgo[1]!), this.random.pick(SLOTS)));
    }
    const bookAt = this.earlier(Math.min(startsAt, this.now.getTime() - HOUR), 1, 8);
    const contactAt = this.earlier(bookAt, 0, 3);
    const createdAt = this.earlier(contactAt, 1, 5);
    this.create(id, person, createdAt, about);
    this.assign(id, who, createdAt + (contactAt - createdAt) / 3, about);
    this.add(contactAt, 'lead.logContact', { id: newId(), leadId: id, channel: 'phone', outcome: 'reached', note: null }, this.actor(who), about);
    // The reception keeps the calendar: she books for the counselors about a third of the time.
    const booker: DemoUserKey = who === 'accueil' || this.random.chance(0.3) ? 'accueil' : who;
    const kind = this.random.pick(['in_person', 'in_person', 'in_person', 'phone', 'video'] as const);
    this.add(
      bookAt,
      'appointment.book',
      {
        id: appointmentId,
        leadId: id,
        hostId: this.users[host].id,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 60 * MINUTE).toISOString(),
        kind,
        location: kind === 'in_person' ? DEMO_OFFICE.address : kind === 'video' ? 'Lien de visioconférence envoyé par courriel' : null,
        note: null,
      },
      this.actor(booker),
      about,
    );
    if (status === 'appointment_booked') return;

    const closeAt = startsAt + 75 * MINUTE;
    const missed = status === 'consultation_missed';
    this.add(closeAt, 'appointment.close', { id: appointmentId, outcome: missed ? 'missed' : 'attended' }, this.actor(host), about);
    if (status === 'consultation_done' || missed) return;

    const evaluateAt = this.later(closeAt, 3);
    const qualified = status !== 'not_qualified';
    const procedures = qualified ? this.random.shuffle(this.procedureIds).slice(0, this.random.int(1, 2)) : [];
    this.add(
      evaluateAt,
      'lead.evaluate',
      {
        id: newId(),
        leadId: id,
        result: qualified ? 'qualified' : 'not_qualified',
        procedureIds: procedures,
        notes: this.random.pick(qualified ? QUALIFIED_NOTES : NOT_QUALIFIED_NOTES),
      },
      this.actor(who),
      about,
    );
    if (status !== 'client') return;

    const convertAt = this.later(evaluateAt, 8);
    this.add(
      convertAt,
      'lead.convert',
      {
        leadId: id,
        clientId: newId(),
        ownerId: this.users[who].id,
        paymentId: newId(),
        payment: {
          amountCents: this.random.pick([75_000, 150_000, 250_000, 350_000]),
          currency: 'CAD',
          method: this.random.pick(['card', 'interac', 'interac', 'cheque', 'wire', 'cash'] as const),
          paidAt: new Date(convertAt).toISOString(),
        },
      },
      this.actor(who),
      about,
    );
  }

  /** The steps after assignment for the statuses reached by calling the lead. */
  private contactPath(status: LeadStatus, id: string, who: DemoUserKey, contactAt: number, person: DemoPerson): void {
    const about = `${person.firstName} ${person.lastName} (${status})`;
    const log = (at: number, outcome: 'reached' | 'no_answer' | 'callback_requested' | 'not_interested', callbackAt: number | null = null) =>
      this.add(
        at,
        'lead.logContact',
        {
          id: newId(),
          leadId: id,
          channel: this.random.pick(['phone', 'phone', 'phone', 'email', 'sms'] as const),
          outcome,
          note: outcome === 'not_interested' ? 'A choisi de ne pas poursuivre pour le moment.' : null,
          callbackAt: callbackAt === null ? null : new Date(callbackAt).toISOString(),
        },
        this.actor(who),
        about,
      );
    switch (status) {
      case 'new':
        return;
      case 'contacted':
        return log(contactAt, 'reached');
      case 'to_recontact': {
        // Callbacks from a few days ago (due now: the reminders show) to two weeks ahead.
        const callbackAt = this.at(this.dayOf(contactAt) + this.random.int(1, 14), this.officeMinute());
        return log(contactAt, this.random.chance(0.5) ? 'no_answer' : 'callback_requested', callbackAt);
      }
      case 'not_interested':
        if (this.random.chance(0.4)) {
          log(contactAt, 'reached');
          return log(this.later(contactAt, 10), 'not_interested');
        }
        return log(contactAt, 'not_interested');
      default:
        throw new Error(`Parcours de démo sans contact pour ${status}`);
    }
  }

  private create(id: string, person: DemoPerson, at: number, about: string): void {
    const source = this.random.pick(['web_form', 'web_form', 'web_form', 'manual', 'manual', 'referral'] as const);
    // The web form is the server itself; by hand, whoever answered the phone or the door.
    const actor =
      source === 'web_form'
        ? SYSTEM_ACTOR
        : source === 'referral'
          ? this.actor(this.counselor())
          : this.actor(this.random.pick(['accueil', 'accueil', 'admin'] as const));
    this.add(at, 'lead.create', this.leadInput(id, person, source), actor, about);
  }

  private assign(leadId: string, who: DemoUserKey, at: number, about: string): void {
    const by = this.random.pick(['admin', 'direction'] as const);
    this.add(at, 'lead.assign', { assignments: [{ leadId, assigneeId: this.users[who].id }] }, this.actor(by), about);
  }

  /** Consultation slots of this week and next (weekdays), from two days ago on. */
  private window(): () => number {
    const slots: number[] = [];
    const from = this.now.getTime() - 2 * DAY;
    for (let day = this.dayOf(this.weekStart); day < this.dayOf(this.weekStart) + 12; day++) {
      const weekday = new Date(`${this.date(day)}T12:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      for (const minute of SLOTS) {
        const slot = this.at(day, minute);
        if (slot >= from) slots.push(slot);
      }
    }
    return () => this.random.pick(slots);
  }

  /** A slot the host has free (no two consultations at once in anyone's calendar). */
  private freeSlot(host: DemoUserKey, pick: () => number): number {
    for (let attempt = 0; attempt < 40; attempt++) {
      const slot = pick();
      const key = `${host}:${slot}`;
      if (!this.booked.has(key)) {
        this.booked.add(key);
        return slot;
      }
    }
    return pick();
  }

  private tasksThisWeek(): void {
    const titles = ['Préparer le dossier de parrainage', 'Vérifier les relevés de notes', 'Relancer pour les pièces manquantes', 'Réunion d’équipe du lundi'];
    for (const key of ['marie', 'julie', 'sophie'] as const) {
      for (let i = 0; i < 2; i++) {
        const due = this.at(this.dayOf(this.weekStart) + this.random.int(0, 4), this.officeMinute());
        this.add(
          this.earlier(Math.min(due, this.now.getTime()), 1, 4),
          'task.create',
          { id: newId(), leadId: null, ownerId: this.users[key].id, dueAt: new Date(due).toISOString(), title: this.random.pick(titles) },
          this.actor(key),
          'tâche',
        );
      }
    }
  }

  appointmentsThisWeek(): number {
    let n = 0;
    for (const a of this.office.appointments.values()) {
      const start = Date.parse(a.startsAt);
      if (start >= this.weekStart && start < this.weekEnd) n++;
    }
    return n;
  }

  /** Runs every step in time order against the in-memory office; returns every row written. */
  run(): Put[] {
    const puts: Put[] = [];
    const ordered = [...this.steps].sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const step of ordered) puts.push(...this.perform(step));
    puts.push(...this.readOldNotifications());
    return puts;
  }

  private perform(step: Step): Put[] {
    const now = new Date(step.at).toISOString();
    const result = perform(step.name, step.input, step.actor, { now, timeZone: this.tz, newId }, (needs) => loadState(this.office, needs));
    if (!result.ok) {
      const what = result.refusal.code === 'invalid_args' ? 'invalide' : `refusée (${result.refusal.code})`;
      throw new Error(`Démo : ${step.name} ${what} pour ${step.about} : ${result.refusal.message}`);
    }
    writeInto(this.office, result.puts);
    return result.puts;
  }

  /** Managers have read what is older than two days: the demo opens with a believable unread count. */
  private readOldNotifications(): Put[] {
    const puts: Put[] = [];
    const before = new Date(this.now.getTime() - 2 * DAY).toISOString();
    for (const key of DEMO_USERS.map((u) => u.key)) {
      const ids = [...this.office.notifications.values()]
        .filter((n) => n.userId === this.users[key].id && n.readAt === null && n.createdAt < before)
        .map((n) => n.id);
      for (let start = 0; start < ids.length; start += 5000) {
        puts.push(
          ...this.perform({
            at: this.now.getTime() - HOUR,
            seq: this.seq++,
            name: 'notification.markRead',
            input: { ids: ids.slice(start, start + 5000) },
            actor: this.actor(key),
            about: 'notifications lues',
          }),
        );
      }
    }
    return puts;
  }
}

/** `total` statuses in the proportions of STATUS_SHARES, every status at least once. */
function spread(total: number): LeadStatus[] {
  const entries = Object.entries(STATUS_SHARES) as Array<[LeadStatus, number]>;
  const sum = entries.reduce((a, [, n]) => a + n, 0);
  const counts = entries.map(([status, share]) => [status, Math.max(1, Math.round((share * total) / sum))] as const);
  const statuses = counts.flatMap(([status, n]) => Array<LeadStatus>(n).fill(status));
  return statuses.slice(0, Math.max(total, entries.length));
}

/** For the CLI's summary: the number of rows per synced table in the database. */
export async function countSyncedRows(db: ServerDb): Promise<Record<SyncedTable, number>> {
  const counts = {} as Record<SyncedTable, number>;
  for (const table of SYNCED_TABLE_NAMES) {
    const [row] = await db.db.select({ n: count() }).from(syncedTables[table]);
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

