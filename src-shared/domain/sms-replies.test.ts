import { describe, expect, it } from 'vitest';
import { readSmsReply } from './sms-replies';

// The keywords of server-api.md (POST /api/sms/twilio/inbound), whatever the case and accents.

describe('readSmsReply', () => {
  it.each([
    ['OUI', 'confirm'],
    ['oui', 'confirm'],
    ['Oui, merci !', 'confirm'],
    ['  confirmé.', 'confirm'],
    ['CONFIRME', 'confirm'],
    ['yes', 'confirm'],
    ['NON', 'rebook'],
    ['non merci', 'rebook'],
    ['Annuler', 'rebook'],
    ['no', 'rebook'],
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['Arrêt', 'stop'],
    ['ARRÊT', 'stop'],
    ['arret', 'stop'],
    ['Je serai en retard de 10 minutes', 'other'],
    ['', 'other'],
    ['🙂', 'other'],
    ['Nonante', 'other'],
    ['Ouistiti', 'other'],
  ] as const)('reads « %s » as %s', (body, kind) => {
    expect(readSmsReply(body)).toBe(kind);
  });
});
