// What a person's answer to the office's SMS means (issue 11, point 5; server-api.md,
// POST /api/sms/twilio/inbound): OUI / CONFIRME / YES confirm the appointment, NON / ANNULER / NO
// ask to rebook it, STOP / ARRET / ARRÊT stop every further SMS to the number; anything else is a
// message for the host. Accents, case, spaces and punctuation around the word are ignored, and the
// first word decides ("Oui, merci !" confirms), so a polite answer is still understood.

export const SMS_REPLY_KINDS = ['confirm', 'rebook', 'stop', 'other'] as const;
export type SmsReplyKind = (typeof SMS_REPLY_KINDS)[number];

const KEYWORDS: Readonly<Record<string, Exclude<SmsReplyKind, 'other'>>> = {
  OUI: 'confirm',
  CONFIRME: 'confirm',
  CONFIRMER: 'confirm',
  YES: 'confirm',
  NON: 'rebook',
  ANNULER: 'rebook',
  NO: 'rebook',
  STOP: 'stop',
  ARRET: 'stop',
  // Carriers' usual opt-out words: honoured too, so nobody is written to after asking not to be.
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  END: 'stop',
  QUIT: 'stop',
  CANCEL: 'stop',
};

/** Upper case without accents: "arrêt" and "Arret" read the same. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

export function readSmsReply(body: string): SmsReplyKind {
  const first = fold(body).trim().split(/[^\p{L}]+/u).find((word) => word !== '');
  return (first !== undefined ? KEYWORDS[first] : undefined) ?? 'other';
}
