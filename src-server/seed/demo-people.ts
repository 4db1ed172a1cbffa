// The made-up people of the demo office: Québécois names and the names of the people who come to
// an immigration office from elsewhere, Canadian phone numbers of the fictional 555-01xx range,
// and e-mails at the reserved example domains (RFC 2606), so that no real person is ever written.

/** A small deterministic random source (mulberry32): the demo is the same on every machine. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}
export type Random = ReturnType<typeof randomSource>;

const QUEBEC_FIRST = [
  'Mathieu', 'Gabriel', 'Félix', 'Samuel', 'Olivier', 'Émile', 'Louis', 'William', 'Jérôme', 'Marc-André',
  'Jean-François', 'Sébastien', 'Émilie', 'Camille', 'Léa', 'Chloé', 'Florence', 'Audrey', 'Geneviève',
  'Isabelle', 'Catherine', 'Marie-Ève', 'Valérie', 'Annie', 'Mélanie', 'Nathalie', 'Josée', 'Maxime', 'Alexis',
  'Rosalie',
];
const QUEBEC_LAST = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet',
  'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron',
  'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Lapointe', 'Leclerc', 'St-Pierre', 'Nadeau', 'Thibault',
];
/** People from elsewhere, with where they write from and the language they prefer. */
const ABROAD: ReadonlyArray<{ first: readonly string[]; last: readonly string[]; city: string; country: string; language: 'fr' | 'en' | 'es' | 'ar' | 'other' }> = [
  { first: ['Amina', 'Youssef', 'Karim', 'Salma'], last: ['Benali', 'El Amrani', 'Bennani'], city: 'Casablanca', country: 'Maroc', language: 'fr' },
  { first: ['Yacine', 'Nour', 'Sofiane'], last: ['Haddad', 'Boudiaf', 'Mansouri'], city: 'Alger', country: 'Algérie', language: 'ar' },
  { first: ['Moussa', 'Awa', 'Fatou', 'Mamadou'], last: ['Diallo', 'Ndiaye', 'Sow', 'Traoré'], city: 'Dakar', country: 'Sénégal', language: 'fr' },
  { first: ['Kouassi', 'Aya', 'Serge'], last: ['Kouamé', 'Yao', 'Koné'], city: 'Abidjan', country: 'Côte d’Ivoire', language: 'fr' },
  { first: ['Wideline', 'Jean-Robert', 'Marlène'], last: ['Joseph', 'Jean-Baptiste', 'Pierre'], city: 'Port-au-Prince', country: 'Haïti', language: 'fr' },
  { first: ['Thomas', 'Manon', 'Hugo', 'Inès'], last: ['Martin', 'Bernard', 'Dubois', 'Lefèvre'], city: 'Lyon', country: 'France', language: 'fr' },
  { first: ['Carlos', 'María', 'Alejandra', 'Diego'], last: ['Rodríguez', 'García', 'Mendoza', 'Hernández'], city: 'Bogotá', country: 'Colombie', language: 'es' },
  { first: ['Juan', 'Valeria', 'Luis'], last: ['Cruz', 'Ramírez', 'Flores'], city: 'Mexico', country: 'Mexique', language: 'es' },
  { first: ['Priya', 'Arjun', 'Ravi', 'Ananya'], last: ['Singh', 'Kaur', 'Patel', 'Sharma'], city: 'Mumbai', country: 'Inde', language: 'en' },
  { first: ['Linh', 'Minh', 'Thu'], last: ['Nguyen', 'Tran', 'Pham'], city: 'Hô Chi Minh-Ville', country: 'Viêt Nam', language: 'other' },
  { first: ['Chinedu', 'Ngozi', 'Emeka'], last: ['Okafor', 'Eze', 'Adeyemi'], city: 'Lagos', country: 'Nigeria', language: 'en' },
  { first: ['Reza', 'Leila', 'Sara'], last: ['Hosseini', 'Rahimi', 'Karimi'], city: 'Téhéran', country: 'Iran', language: 'other' },
  { first: ['Maria', 'Jose', 'Angelica'], last: ['Santos', 'Reyes', 'Dela Cruz'], city: 'Manille', country: 'Philippines', language: 'en' },
];
const QUEBEC_CITIES = ['Montréal', 'Montréal', 'Montréal', 'Laval', 'Longueuil', 'Québec', 'Gatineau', 'Sherbrooke', 'Trois-Rivières', 'Brossard', 'Terrebonne'];
const AREA_CODES = ['514', '438', '450', '579', '418', '581', '819', '873', '367'];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string | null;
  /** As the person typed it. */
  phone: string | null;
  language: 'fr' | 'en' | 'es' | 'ar' | 'other';
  city: string;
  country: string;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Phone numbers typed the ways people type them. */
function typedPhone(area: string, line: number, random: Random): string {
  const last4 = `01${String(line).padStart(2, '0')}`;
  return random.pick([
    `${area}-555-${last4}`,
    `(${area}) 555-${last4}`,
    `${area} 555 ${last4}`,
    `+1 ${area} 555 ${last4}`,
    `1-${area}-555-${last4}`,
    `${area}.555.${last4}`,
  ]);
}

/** `count` distinct people (distinct phones and e-mails: the demo's duplicates are made on purpose). */
export function demoPeople(count: number, random: Random): DemoPerson[] {
  const numbers = random.shuffle(AREA_CODES.flatMap((area) => Array.from({ length: 100 }, (_, line) => ({ area, line }))));
  const emails = new Set<string>();
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) {
    const fromQuebec = random.chance(0.45);
    const origin = random.pick(ABROAD);
    const firstName = fromQuebec ? random.pick(QUEBEC_FIRST) : random.pick(origin.first);
    const lastName = fromQuebec ? random.pick(QUEBEC_LAST) : random.pick(origin.last);
    // Most people from abroad already live here (students, workers) and call from a Québec number.
    const livesHere = fromQuebec || random.chance(0.6);
    const number = numbers[i % numbers.length]!;
    let email: string | null = null;
    if (random.chance(0.9)) {
      const local = `${ascii(firstName)}.${ascii(lastName)}`;
      email = `${local}@${random.pick(EMAIL_DOMAINS)}`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@${random.pick(EMAIL_DOMAINS)}`;
      emails.add(email);
    }
    people.push({
      firstName,
      lastName,
      email,
      phone: email === null || random.chance(0.93) ? typedPhone(number.area, number.line, random) : null,
      language: fromQuebec ? (random.chance(0.9) ? 'fr' : 'en') : origin.language,
      city: livesHere ? random.pick(QUEBEC_CITIES) : origin.city,
      country: livesHere ? 'Canada' : origin.country,
    });
  }
  return people;
}

export const PROGRAMS = [
  'Entrée express',
  'PSTQ (travailleur qualifié)',
  'PEQ',
  'Permis d’études',
  'Permis de travail',
  'Parrainage de mon conjoint',
  'Parrainage de mes parents',
  'Visa visiteur',
  'Citoyenneté',
  'Je ne sais pas encore',
];

export const LEAD_NOTES = [
  'Diplôme universitaire en génie, 4 ans d’expérience.',
  'Étudiante au cégep, permis d’études jusqu’en août.',
  'Souhaite venir avec sa conjointe et deux enfants.',
  'Test de français (TEF) prévu le mois prochain.',
  'Rappeler en fin de journée, travaille le matin.',
  'A déjà un CAQ, se renseigne pour la résidence permanente.',
  'Préfère être contacté par courriel.',
  'Infirmière, demande d’équivalence en cours.',
  null,
  null,
  null,
];

export const QUALIFIED_NOTES = [
  'Profil solide : diplôme universitaire, français avancé (NCLC 8), trois ans d’expérience qualifiée.',
  'Admissible au PEQ après son diplôme québécois ; dossier à monter avant l’été.',
  'Conjointe admissible au parrainage ; pièces d’état civil à réunir.',
  'Bon pointage Entrée express ; recommander aussi le PSTQ.',
];
export const NOT_QUALIFIED_NOTES = [
  'Expérience de travail insuffisante pour les programmes actuels ; réévaluer dans un an.',
  'Niveau de français en dessous du seuil ; suggérer des cours de francisation.',
  'Aucun programme ne correspond pour l’instant.',
];
