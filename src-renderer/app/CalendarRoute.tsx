import { useState } from 'react';
import { CalendarScreen, type SmsTarget } from '../features/calendar/CalendarScreen';
import { SmsDialog } from '../features/sms/SmsDialog';

/** The calendar, with « Envoyer un SMS » on an appointment opening the SMS feature's dialog on it. */
export function CalendarRoute() {
  const [sms, setSms] = useState<SmsTarget | null>(null);
  return (
    <>
      <CalendarScreen onSendSms={setSms} />
      {sms && <SmsDialog leadId={sms.leadId} appointmentId={sms.appointmentId} opened onClose={() => setSms(null)} />}
    </>
  );
}
