import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';

// A person with a whole file, for the suites of a person's rights (issue 14, point 5): a lead whose
// name was corrected once (the old name lives in the history), contacted, booked, evaluated, sent
// an SMS, converted with a payment, given a task — every kind of row the export must hold and the
// anonymisation must scrub. `otherPerson` is someone else, who must be in neither.

export interface PersonValues {
  firstName: string;
  lastName: string;
  /** The name before the correction: only the history remembers it. */
  formerLastName: string;
  email: string;
  phone: string;
  phoneE164: string;
  city: string;
}

export const PERSON: PersonValues = {
  firstName: 'Zéphirine',
  lastName: 'Vandermeulen-Roy',
  formerLastName: 'Vandermeulen',
  email: 'zephirine.vandermeulen@exemple.ca',
  phone: '514 555 0199',
  phoneE164: '+15145550199',
  city: 'Chicoutimi',
};

export const OTHER_PERSON: PersonValues = {
  firstName: 'Bartholomé',
  lastName: 'Okonkwo',
  formerLastName: 'Okonkwo',
  email: 'bartholome.okonkwo@exemple.ca',
  phone: '438 555 0123',
  phoneE164: '+14385550123',
  city: 'Rimouski',
};

/** The values that must be gone after anonymisation (the E.164 number included). */
export function personalStrings(p: PersonValues): string[] {
  return [p.firstName, p.lastName, p.formerLastName, p.email, p.phone, p.phoneE164, p.city];
}

export type Step = { [N in MutationName]: { name: N; args: MutationInput<N> } }[MutationName];

/** The mutations that build the person's file, in order; `counselorId` hosts and owns. */
export function personFileSteps(p: PersonValues, ids: { leadId: string; counselorId: string; procedureId: string }, now: Date): Step[] {
  const { leadId, counselorId, procedureId } = ids;
  const day = 24 * 60 * 60 * 1000;
  const startsAt = new Date(now.getTime() + 2 * day).toISOString();
  const endsAt = new Date(now.getTime() + 2 * day + 3_600_000).toISOString();
  const appointmentId = newId();
  return [
    {
      name: 'lead.create',
      args: {
        id: leadId,
        firstName: p.firstName,
        lastName: p.formerLastName,
        email: p.email,
        phone: p.phone,
        city: p.city,
        programOfInterest: 'PEQ',
        notes: `${p.firstName} ${p.formerLastName} souhaite immigrer avec sa famille.`,
        source: 'manual',
        consent: true,
        consentWording: 'La personne a consenti à ce que le cabinet conserve ses renseignements.',
      },
    },
    { name: 'lead.update', args: { id: leadId, patch: { lastName: p.lastName }, note: `Nom corrigé : ${p.lastName}` } },
    { name: 'lead.logContact', args: { id: newId(), leadId, channel: 'phone', outcome: 'reached', note: `${p.firstName} rappellera depuis le ${p.phone}.` } },
    {
      name: 'appointment.book',
      args: { id: appointmentId, leadId, hostId: counselorId, startsAt, endsAt, kind: 'in_person', note: `Apporter le passeport de ${p.firstName}.` },
    },
    { name: 'sms.send', args: { id: newId(), leadId, appointmentId, to: p.phone, body: `Bonjour ${p.firstName}, votre rendez-vous est confirmé.` } },
    { name: 'task.create', args: { id: newId(), leadId, ownerId: counselorId, dueAt: startsAt, title: `Préparer le dossier de ${p.firstName} ${p.lastName}` } },
    { name: 'lead.setStatus', args: { leadId, status: 'consultation_done', reason: `Consultation tenue avec ${p.firstName}.`, force: true } },
    { name: 'lead.evaluate', args: { leadId, result: 'qualified', procedureIds: [procedureId], notes: `${p.firstName} ${p.lastName} : dossier solide.` } },
    {
      name: 'lead.convert',
      args: { leadId, clientId: newId(), ownerId: counselorId, payment: { amountCents: 150_000, currency: 'CAD', method: 'card', paidAt: now.toISOString() } },
    },
  ];
}

/** Someone else: a lead with a contact attempt of their own. */
export function otherPersonSteps(p: PersonValues, leadId: string): Step[] {
  return [
    { name: 'lead.create', args: { id: leadId, firstName: p.firstName, lastName: p.lastName, email: p.email, phone: p.phone, city: p.city, source: 'manual' } },
    { name: 'lead.logContact', args: { id: newId(), leadId, channel: 'phone', outcome: 'no_answer', note: `${p.firstName} ne répond pas.`, callbackAt: new Date(Date.now() + 86_400_000).toISOString() } },
  ];
}

/** Every string in `haystack` (rows, as JSON) that contains one of `needles`, case-insensitively. */
export function findValues(haystack: unknown, needles: readonly string[]): string[] {
  const text = JSON.stringify(haystack).toLowerCase();
  return needles.filter((n) => text.includes(n.toLowerCase()));
}
