import { DateTimePicker } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useOffice } from '../app/office';
import { instantToWall, wallToInstant } from '../lib/officeTime';

/**
 * A date and time picked on the office's clock, given and answered as a UTC instant, so that a
 * workstation in another zone still books 14 h 00 in Montréal (domain.md, "Times").
 */
export function OfficeDateTimeInput({
  label,
  value,
  onChange,
  error,
  required,
  minDate,
  description,
}: {
  label: string;
  value: string | null;
  onChange: (instant: string | null) => void;
  error?: string | undefined;
  required?: boolean;
  minDate?: Date;
  description?: string;
}) {
  const { t } = useTranslation();
  const { timeZone } = useOffice();
  return (
    <DateTimePicker
      label={label}
      description={description}
      value={value ? instantToWall(value, timeZone) : null}
      onChange={(wall) => onChange(wall ? wallToInstant(wall, timeZone) : null)}
      valueFormat="D MMMM YYYY, HH:mm"
      error={error}
      required={required}
      minDate={minDate}
      clearable={!required}
      timePickerProps={{ format: '24h', hoursInputLabel: t('common.dates.hours'), minutesInputLabel: t('common.dates.minutes') }}
    />
  );
}
