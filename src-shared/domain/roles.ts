export const ROLES = ['admin', 'director', 'counselor', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, { fr: string; en: string }>> = {
  admin: { fr: 'Administrateur', en: 'Administrator' },
  director: { fr: 'Directeur', en: 'Director' },
  counselor: { fr: 'Conseillère', en: 'Counselor' },
  secretary: { fr: 'Secrétaire', en: 'Secretary' },
};

/** Admins and directors run the office: they assign, import and may force a transition. */
export function isManager(role: Role): boolean {
  return role === 'admin' || role === 'director';
}
