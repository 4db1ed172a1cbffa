// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Appointment, Lead, Settings, SmsTemplate, User } from '~shared/domain/entities';
import { renderScreen, missingKeys } from '../../testing/render';
import { MARIE, JULIE, SETTINGS, lead, sheetOf, uid } from '../../testing/fixtures';
import { SmsDialog } from './SmsDialog';

// The SMS dialog (issue 11, point 3): the template rendered in the lead's language with its
// segment count, editable, and what forbids sending said before anyone types.

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const TEMPLATE: SmsTemplate = {
  id: uid(9001),
  version: 1,
  deletedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  key: 'appointment_confirmation',
  name: 'Confirmation de rendez-vous',
  bodyFr: 'Bonjour {prenom}, rendez-vous avec {conseillere} le {date} à {heure}. Répondez OUI.',
  bodyEn: 'Hello {prenom}, appointment with {conseillere} on {date} at {heure}. Reply YES.',
  active: true,
};

function appointmentOf(l: Lead): Appointment {
  return {
    id: uid(8001),
    version: 1,
    deletedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    leadId: l.id,
    hostId: MARIE.id,
    bookedById: MARIE.id,
    startsAt: '2099-03-10T15:00:00.000Z',
    endsAt: '2099-03-10T16:00:00.000Z',
    kind: 'in_person',
    location: null,
    note: null,
    state: 'scheduled',
    cancelReason: null,
    closedAt: null,
    reminderSentAt: null,
  };
}

function open(l: Lead, as: User, settings: Partial<Settings> = {}) {
  const appointment = appointmentOf(l);
  return renderScreen(<SmsDialog leadId={l.id} appointmentId={appointment.id} opened onClose={() => {}} />, {
    as,
    handlers: {
      'leads:get': () => sheetOf(l, { appointments: [appointment] }),
      'smsTemplates:list': () => [TEMPLATE],
      'settings:get': () => ({ ...SETTINGS, smsProvider: 'twilio', ...settings }),
      'mutations:run': () => ({ mutationId: 7 }),
    },
  });
}

const withPhone = (n: number, patch: Partial<Lead> = {}) => lead(n, { assigneeId: MARIE.id, phoneE164: '+15145550123', phoneRaw: '514 555 0123', ...patch });

describe('SmsDialog', () => {
  it('shows the template in the lead’s language with its parts, and sends the edited text', async () => {
    const l = withPhone(1, { language: 'en', firstName: 'Zoe' });
    const { api } = open(l, MARIE);
    const dialog = await screen.findByRole('dialog', { name: /SMS de confirmation à Zoe/ });
    const body = await within(dialog).findByTestId('sms-body');
    await waitFor(() => expect((body as HTMLTextAreaElement).value).toMatch(/^Hello Zoe, appointment with Marie .* Reply YES\.$/));
    expect(within(dialog).getByTestId('sms-segments').textContent).toMatch(/1 partie.*GSM-7/);
    await userEvent.clear(body);
    await userEvent.type(body, 'Hello Zoe, see you tomorrow!');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Envoyer le SMS' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]).toMatchObject({
      name: 'sms.send',
      args: { leadId: l.id, appointmentId: uid(8001), templateId: TEMPLATE.id, to: '+15145550123', body: 'Hello Zoe, see you tomorrow!' },
    });
  });

  it('says there is no SMS provider before anyone types, and sends nothing', async () => {
    const { api } = open(withPhone(2), MARIE, { smsProvider: 'none' });
    const dialog = await screen.findByRole('dialog');
    expect((await within(dialog).findByTestId('sms-no-provider')).textContent).toMatch(/Aucun fournisseur SMS/);
    await waitFor(() => expect((within(dialog).getByTestId('sms-body') as HTMLTextAreaElement).value).toMatch(/^Bonjour/));
    expect(within(dialog).getByRole('button', { name: 'Envoyer le SMS' }).hasAttribute('disabled')).toBe(true);
    expect(api.mutations()).toEqual([]);
  });

  it('says in French that the number answered STOP, and offers no text to type', async () => {
    open(withPhone(3, { smsOptOutAt: '2026-03-01T15:00:00.000Z' }), MARIE);
    const dialog = await screen.findByRole('dialog');
    expect((await within(dialog).findByTestId('sms-blocked')).textContent).toMatch(/^Ce numéro a répondu STOP/);
    expect(within(dialog).queryByTestId('sms-body')).toBeNull();
  });

  it('tells another counselor the lead is not hers', async () => {
    open(withPhone(4), JULIE);
    const dialog = await screen.findByRole('dialog');
    expect((await within(dialog).findByTestId('sms-blocked')).textContent).toMatch(/Vous ne pouvez pas envoyer de SMS à ce lead/);
  });
});
