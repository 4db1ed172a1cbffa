// The default procedure catalogue of a new office (domain.md, "qualified / not_qualified"): the
// immigration procedures an evaluation recommends. Admins and directors edit it afterwards
// (procedure.upsert); codes are stable identifiers, names what people read.

export interface DefaultProcedure {
  code: string;
  nameFr: string;
  nameEn: string;
}

export const DEFAULT_PROCEDURES: readonly DefaultProcedure[] = [
  { code: 'express_entry', nameFr: 'Entrée express', nameEn: 'Express Entry' },
  {
    code: 'pstq',
    nameFr: 'Programme de sélection des travailleurs qualifiés (PSTQ)',
    nameEn: 'Skilled Worker Selection Program (PSTQ)',
  },
  {
    code: 'peq',
    nameFr: 'Programme de l’expérience québécoise (PEQ)',
    nameEn: 'Québec Experience Program (PEQ)',
  },
  { code: 'study_permit', nameFr: 'Permis d’études', nameEn: 'Study permit' },
  { code: 'caq', nameFr: 'Certificat d’acceptation du Québec (CAQ)', nameEn: 'Québec Acceptance Certificate (CAQ)' },
  { code: 'work_permit', nameFr: 'Permis de travail', nameEn: 'Work permit' },
  { code: 'pgwp', nameFr: 'Permis de travail postdiplôme', nameEn: 'Post-graduation work permit' },
  { code: 'family_sponsorship', nameFr: 'Parrainage familial', nameEn: 'Family sponsorship' },
  { code: 'visitor_visa', nameFr: 'Visa de visiteur', nameEn: 'Visitor visa' },
  { code: 'super_visa', nameFr: 'Super visa (parents et grands-parents)', nameEn: 'Super visa (parents and grandparents)' },
  { code: 'business_immigration', nameFr: 'Immigration d’affaires', nameEn: 'Business immigration' },
  { code: 'pnp', nameFr: 'Programme des candidats des provinces', nameEn: 'Provincial Nominee Program' },
  { code: 'pr_card', nameFr: 'Carte de résident permanent (renouvellement)', nameEn: 'Permanent resident card (renewal)' },
  { code: 'citizenship', nameFr: 'Citoyenneté canadienne', nameEn: 'Canadian citizenship' },
];
