import type { Lead } from '../domain/entities';
import { LEAD_STATUSES, type LeadStatus } from '../domain/statuses';
import { lead } from './builders';

// Made-up leads for tests and benchmarks (benchmarks.md: "seeded, French names, Canadian phones"):
// the same seed gives the same leads, so a failing run can be replayed and two runs compared.

const FIRST_NAMES = [
  'Hélène', 'Éric', 'Zoë', 'François', 'Anaïs', 'Chloé', 'Noël', 'Marie', 'Julie', 'Sophie', 'Jean', 'Luc',
  'Mathieu', 'Geneviève', 'Stéphane', 'Amélie', 'Benoît', 'Élodie', 'Gaël', 'Maëlle', 'Raphaël', 'Léa',
  'Olivier', 'Camille', 'Nathalie', 'Sébastien', 'Isabelle', 'Frédéric', 'Josée', 'Martin', 'Karim',
  'Fatima', 'Yasmine', 'Mohamed', 'Aïcha', 'Ousmane', 'Mariam', 'Carlos', 'Lucía', 'José', 'Nguyen',
  'Wei', 'Priya', 'Arjun', 'Ana', 'Pierre', 'Louise', 'Gabriel', 'Emma', 'Félix', 'Jérôme', 'Céline',
];
const LAST_NAMES = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné',
  'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard',
  'Boucher', 'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'Leclerc',
  'Lefebvre', 'Poulin', 'Thibault', "D'Amours", 'St-Pierre', 'Émond', 'Éthier', 'Diallo', 'Traoré',
  'Benali', 'Haddad', 'García', 'Rodríguez', 'Tran', 'Li', 'Patel', 'Sharma', 'Nguyen', 'Da Silva',
];
const CITIES = ['Montréal', 'Québec', 'Laval', 'Gatineau', 'Longueuil', 'Sherbrooke', 'Paris', 'Casablanca', 'Dakar', 'Alger'];
const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.fr', 'videotron.ca', 'yahoo.fr', 'icloud.com', 'sympatico.ca'];
const AREA_CODES = ['514', '438', '450', '579', '418', '581', '819', '873', '367'];
const NOTES = [
  'Intéressée par le PEQ',
  'Veut immigrer avec sa famille',
  'Rappeler après 17 h',
  'Permis d’études pour l’automne',
  'Entrée express, score élevé',
  null,
  null,
  null,
];

/** mulberry32: small, fast, seeded; good enough to make test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');

/** A UUID-shaped id from a number (v7 layout), stable across runs. */
export function fakeId(n: number, prefix = '0192f6a0'): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix}-0000-7000-8000-${hex}`;
}

export interface FakeLeadOptions {
  seed: number;
  /** Users leads may be assigned to. */
  assignees?: readonly string[];
  /** First createdAt; each lead is a few minutes after the previous one. */
  start?: string;
  idPrefix?: string;
}

/** `count` leads with French names, Canadian phones (E.164 and as typed), statuses of every kind. */
export function fakeLeads(count: number, options: FakeLeadOptions): Lead[] {
  const random = prng(options.seed);
  const start = Date.parse(options.start ?? '2025-01-01T12:00:00.000Z');
  const leads: Lead[] = [];
  for (let i = 0; i < count; i += 1) {
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const area = pick(random, AREA_CODES);
    // North American exchanges never start with 0 or 1.
    const line = `${2 + Math.floor(random() * 8)}${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
    const national = `${area}${line}`;
    const status: LeadStatus = pick(random, LEAD_STATUSES);
    // Some leads share a creation minute, so sorts by date must break ties.
    const createdAt = new Date(start + Math.floor(i / 2) * 180_000).toISOString();
    const callbackAt = status === 'to_recontact' ? new Date(start + i * 180_000 + 86_400_000).toISOString() : null;
    const hasEmail = random() < 0.8;
    leads.push(
      lead({
        id: fakeId(i + 1, options.idPrefix),
        version: i + 1,
        createdAt,
        updatedAt: createdAt,
        firstName,
        lastName,
        email: hasEmail ? `${ascii(firstName)}.${ascii(lastName)}${i % 1000}@${pick(random, EMAIL_DOMAINS)}` : null,
        phoneE164: `+1${national}`,
        phoneRaw: random() < 0.5 ? `(${area}) ${line.slice(0, 3)}-${line.slice(3)}` : `${area} ${line.slice(0, 3)} ${line.slice(3)}`,
        language: random() < 0.7 ? 'fr' : 'en',
        city: pick(random, CITIES),
        country: 'CA',
        notes: pick(random, NOTES),
        status,
        statusChangedAt: createdAt,
        assigneeId: options.assignees && options.assignees.length > 0 && random() < 0.8 ? pick(random, options.assignees) : null,
        source: pick(random, ['manual', 'web_form', 'import', 'referral'] as const),
        consent: true,
        callbackAt,
        createdById: null,
      }),
    );
  }
  return leads;
}

export const SEARCH_WORDS = [...FIRST_NAMES, ...LAST_NAMES, ...CITIES];
