import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { CURRENCIES, PAYMENT_METHODS, type Lead } from '~shared/domain/entities';
import { officeDate, officeInstant } from '~shared/domain/office-time';
import { newId } from '~shared/ids';
import { useMutation } from '../../../lib/api';
import { parseDollarsToCents } from '../../../lib/format';
import { useFormat } from '../../../lib/useFormat';
import { useOffice } from '../../../app/office';
import { useSession } from '../../../app/session';
import { argsOf, oneOf, str } from './prefill';

type Method = (typeof PAYMENT_METHODS)[number];
type Currency = (typeof CURRENCIES)[number];

/** Noon office time of the payment day (the day stays the same in any zone); now if paid today. */
const PAYMENT_MINUTE = 12 * 60;
function paidAtOf(day: string, timeZone: string): string {
  const now = new Date().toISOString();
  return day === officeDate(now, timeZone) ? now : officeInstant(day, PAYMENT_MINUTE, timeZone);
}

/**
 * Converts a qualified lead into a client with its initial payment (domain.md: amount in cents,
 * currency, date, method, a counselor as owner). Confirmed before saving: it cannot be undone.
 */
export function ConvertDialog({ lead, opened, prefill, onClose, onSaved }: { lead: Lead; opened: boolean; prefill?: unknown; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { users, usersById, timeZone } = useOffice();
  const { user } = useSession();
  const { run, running } = useMutation();
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<Currency>('CAD');
  const [method, setMethod] = useState<Method | null>(null);
  const [paidOn, setPaidOn] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  // domain.md, "The secretary rule": only a counselor owns a client.
  const counselors = users.filter((u) => u.role === 'counselor' && u.active && !u.deletedAt);

  useEffect(() => {
    if (!opened) return;
    const a = argsOf(prefill);
    const p = argsOf(a.payment);
    // Typed back as the person would type it: "1234,56" in French, "1234.56" in English.
    const decimal = format.locale.startsWith('en') ? '.' : ',';
    setAmount(typeof p.amountCents === 'number' ? (p.amountCents / 100).toFixed(2).replace('.', decimal) : '');
    setCurrency(oneOf(p, 'currency', CURRENCIES, 'CAD'));
    setMethod(oneOf<Method | ''>(p, 'method', PAYMENT_METHODS, '') || null);
    const paidAt = str(p, 'paidAt');
    setPaidOn(officeDate(paidAt ?? new Date().toISOString(), timeZone));
    const assignee = lead.assigneeId ? usersById.get(lead.assigneeId) : undefined;
    setOwnerId(str(a, 'ownerId') ?? (assignee?.role === 'counselor' ? assignee.id : user.role === 'counselor' ? user.id : null));
    setConfirming(false);
    setErrors({});
    setFailure(null);
  }, [opened, prefill, lead.assigneeId, usersById, user, timeZone, format.locale]);

  const cents = parseDollarsToCents(amount);

  function check(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (cents === null || cents <= 0) found.amount = t('convert.errors.amount');
    if (!method) found.method = t('convert.errors.method');
    if (!paidOn) found.paidAt = t('convert.errors.date');
    if (!ownerId) found.ownerId = t('convert.errors.owner');
    setErrors(found);
    if (Object.keys(found).length === 0) setConfirming(true);
  }

  async function save() {
    if (cents === null || !method || !paidOn || !ownerId) return;
    const outcome = await run('lead.convert', {
      leadId: lead.id,
      clientId: newId(),
      ownerId,
      payment: { amountCents: cents, currency, method, paidAt: paidAtOf(paidOn.slice(0, 10), timeZone) },
      paymentId: newId(),
    });
    if (!outcome.ok) {
      setConfirming(false);
      setFailure(outcome.error.message);
      return;
    }
    onSaved();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('convert.title')} size="lg">
      {confirming ? (
        <Stack gap="md">
          <Text>
            {t('convert.confirm', {
              amount: cents !== null ? format.money(cents, currency) : '',
              owner: ownerId ? (usersById.get(ownerId)?.name ?? '') : '',
            })}
          </Text>
          <Alert color="yellow" variant="light">
            {t('convert.irreversible')}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.back')}
            </Button>
            <Button onClick={() => void save()} loading={running}>
              {t('convert.save')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={check} noValidate>
          <Stack gap="md">
            {failure && (
              <Alert color="red" variant="light" role="alert">
                {failure}
              </Alert>
            )}
            <SimpleGrid cols={2}>
              <TextInput
                label={t('convert.amount')}
                description={t('convert.amountHint')}
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                error={errors.amount}
                required
                inputMode="decimal"
                rightSection={<Text size="sm">$</Text>}
                data-autofocus
              />
              <Select label={t('convert.currency')} data={[...CURRENCIES]} value={currency} onChange={(v) => v && setCurrency(v as Currency)} allowDeselect={false} />
              <Select
                label={t('convert.method')}
                data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`payment.method.${m}`) }))}
                value={method}
                onChange={(v) => setMethod(v as Method | null)}
                error={errors.method}
                required
              />
              <DatePickerInput label={t('convert.paidAt')} value={paidOn} onChange={setPaidOn} valueFormat="D MMMM YYYY" error={errors.paidAt} required maxDate={new Date()} />
            </SimpleGrid>
            <Select
              label={t('convert.owner')}
              description={t('convert.ownerHint')}
              data={counselors.map((u) => ({ value: u.id, label: u.name }))}
              value={ownerId}
              onChange={setOwnerId}
              error={errors.ownerId}
              required
              searchable
            />
            {cents !== null && cents > 0 && (
              <Text size="sm" c="dimmed" aria-live="polite">
                {t('convert.amountRead', { amount: format.money(cents, currency) })}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit">{t('convert.next')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
