export const ROLES = ['admin', 'director', 'counselor', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, { fr: string; en: string }>> = {
  admin: { fr: 'Administrateur', en: 'Administrator' },
  director: { fr: 'Directeur', en: 'Director' },
  counselor: { fr: 'Conseillère', en: 'Counselor' },
  secretary: { fr: 'Secrétaire', en: 'Secretary' },
};

/**
 * How a person's role is said (issue 15, point 9): « Directrice » or « Directeur », « Conseillère »
 * or « Conseiller ». Chosen per user in Administration; null says the role's usual word.
 */
export const TITLE_FORMS = ['feminine', 'masculine'] as const;
export type TitleForm = (typeof TITLE_FORMS)[number];

/** Admins and directors run the office: they assign, import and may force a transition. */
export function isManager(role: Role): boolean {
  return role === 'admin' || role === 'director';
}
