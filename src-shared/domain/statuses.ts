// The ten lead statuses of domain.md, exactly these, in the office's own order
// (processus-leads.fr.md, "Statuts des leads").
export const LEAD_STATUSES = [
  'new',
  'contacted',
  'to_recontact',
  'appointment_booked',
  'consultation_done',
  'consultation_missed',
  'qualified',
  'not_qualified',
  'not_interested',
  'client',
] as const;

export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface StatusInfo {
  readonly fr: string;
  readonly en: string;
  /** Name of the colour in domain.md, and a hex value that reads on white with white text. */
  readonly colour: string;
  readonly hex: string;
}

export const STATUS_INFO: Readonly<Record<LeadStatus, StatusInfo>> = {
  new: { fr: 'Nouveau', en: 'New', colour: 'blue', hex: '#1c64d8' },
  contacted: { fr: 'Contacté', en: 'Contacted', colour: 'teal', hex: '#0b7a75' },
  to_recontact: { fr: 'À recontacter', en: 'To call back', colour: 'amber', hex: '#b45309' },
  appointment_booked: {
    fr: 'Rendez-vous pris',
    en: 'Appointment booked',
    colour: 'violet',
    hex: '#6d28d9',
  },
  consultation_done: {
    fr: 'Consultation effectuée',
    en: 'Consultation held',
    colour: 'green',
    hex: '#15803d',
  },
  consultation_missed: {
    fr: 'Consultation manquée',
    en: 'Consultation missed',
    colour: 'red',
    hex: '#c81e1e',
  },
  qualified: { fr: 'Qualifié', en: 'Qualified', colour: 'dark green', hex: '#14532d' },
  not_qualified: { fr: 'Non qualifié', en: 'Not qualified', colour: 'grey', hex: '#5b6472' },
  not_interested: { fr: 'Pas intéressé', en: 'Not interested', colour: 'dark grey', hex: '#374151' },
  client: { fr: 'Client', en: 'Client', colour: 'gold', hex: '#8a6100' },
};

export function statusLabel(status: LeadStatus, locale: 'fr' | 'en' = 'fr'): string {
  return STATUS_INFO[status][locale];
}

/** A lead in one of these is no longer "open": it is not a duplicate target and leaves only by force. */
export const FINAL_STATUSES: ReadonlySet<LeadStatus> = new Set([
  'not_qualified',
  'not_interested',
  'client',
]);

export function isFinal(status: LeadStatus): boolean {
  return FINAL_STATUSES.has(status);
}
