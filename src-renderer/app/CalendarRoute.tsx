import { memo, useEffect, useState } from 'react';
import { CalendarScreen, type SmsTarget } from '../features/calendar/CalendarScreen';
import { SmsDialog } from '../features/sms/SmsDialog';

/**
 * The calendar, with « Envoyer un SMS » on an appointment opening the SMS feature's dialog on it.
 * `active`: shown (the Shell keeps the calendar mounted, hidden, while another screen shows).
 * Memoized, as the Shell's screen is: drawn again when shown or hidden, not at each Shell render.
 */
export const CalendarRoute = memo(function CalendarRoute({ active = true }: { active?: boolean }) {
  const [sms, setSms] = useState<SmsTarget | null>(null);
  // Another screen shown: the dialog closes, as it did when the calendar went away.
  useEffect(() => {
    if (!active) setSms(null);
  }, [active]);
  return (
    <>
      <CalendarScreen onSendSms={setSms} active={active} />
      {sms && <SmsDialog leadId={sms.leadId} appointmentId={sms.appointmentId} opened onClose={() => setSms(null)} />}
    </>
  );
});
