// The lead list's columns (issue 15, point 8): the name and the status always show; the others
// are chosen per user in « Colonnes » and remembered on this workstation, so that a 1280-pixel
// window shows whole names and statuses instead of cutting its last column.

export const OPTIONAL_COLUMNS = ['phone', 'email', 'assignee', 'source', 'created', 'callback', 'appointment'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

/**
 * Grid tracks. The fixed ones fit their longest French value (« Consultation effectuée »,
 * « Sophie Bouchard », « Recommandation », « 22 nov. 2025 », « 7 déc., 17 h 30 »); the name keeps
 * room for a long full name and the e-mail takes what is left (a cut one shows whole on hover).
 */
const TRACKS: Record<'select' | 'name' | 'status' | OptionalColumn, { track: string; min: number }> = {
  select: { track: '44px', min: 44 },
  name: { track: 'minmax(200px, 1.4fr)', min: 200 },
  status: { track: '168px', min: 168 },
  phone: { track: '124px', min: 124 },
  email: { track: 'minmax(120px, 1fr)', min: 120 },
  assignee: { track: '136px', min: 136 },
  source: { track: '124px', min: 124 },
  created: { track: '104px', min: 104 },
  callback: { track: '132px', min: 132 },
  appointment: { track: '132px', min: 132 },
};

/** What a user sees before choosing: what a counselor's day needs, within a 1280-pixel window. */
export const DEFAULT_COLUMNS: readonly OptionalColumn[] = ['phone', 'assignee', 'callback', 'appointment'];

export interface ColumnLayout {
  /** grid-template-columns of every row. */
  template: string;
  /** Below this width the list scrolls sideways rather than crushing its columns. */
  minWidth: number;
}

export function columnLayout(shown: readonly OptionalColumn[]): ColumnLayout {
  const keys = ['select', 'name', 'status', ...OPTIONAL_COLUMNS.filter((c) => shown.includes(c))] as const;
  return { template: keys.map((k) => TRACKS[k].track).join(' '), minWidth: keys.reduce((sum, k) => sum + TRACKS[k].min, 0) };
}

const storageKey = (userId: string) => `bureau.leads.columns.${userId}`;

/** The columns this user chose on this workstation, in the list's order; the default otherwise. */
export function loadColumns(userId: string): OptionalColumn[] {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(storageKey(userId)) ?? 'null');
    if (Array.isArray(saved)) return OPTIONAL_COLUMNS.filter((c) => saved.includes(c));
  } catch {
    // Unreadable (or refused) storage: the default columns.
  }
  return [...DEFAULT_COLUMNS];
}

export function saveColumns(userId: string, shown: readonly OptionalColumn[]): void {
  try {
    window.localStorage.setItem(storageKey(userId), JSON.stringify(OPTIONAL_COLUMNS.filter((c) => shown.includes(c))));
  } catch {
    // A locked-down profile may refuse storage: the choice then lasts for this session only.
  }
}
