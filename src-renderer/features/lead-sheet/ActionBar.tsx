import { useTranslation } from 'react-i18next';
import { Button, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useFormat } from '../../lib/useFormat';
import { hasAnyAction, type LeadActions } from './availableActions';
import { TONE } from '../../app/theme';

export type SheetDialog = 'contact' | 'book' | 'move' | 'cancel' | 'done' | 'missed' | 'evaluate' | 'convert' | 'assign' | 'status' | 'force';

/** The lead's next steps, only those the graph and the permissions allow now (issue 5). */
export function ActionBar({ actions, onAction }: { actions: LeadActions; onAction: (dialog: SheetDialog) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!hasAnyAction(actions)) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-actions">
        {t('sheet.noActions')}
      </Text>
    );
  }
  const button = (dialog: SheetDialog, label: string, variant: 'filled' | 'light' | 'default' = 'light', color?: string) => (
    <Button key={dialog} size="sm" variant={variant} color={color} onClick={() => onAction(dialog)}>
      {label}
    </Button>
  );
  return (
    <Group gap="xs" role="group" aria-label={t('sheet.actions')} data-testid="action-bar">
      {actions.contact.length > 0 && button('contact', t('sheet.logContact'), 'filled')}
      {actions.book !== null && button('book', t('sheet.book'), 'filled')}
      {actions.close !== null && button('done', t('sheet.markDone'), 'filled', TONE.success)}
      {actions.close !== null && button('missed', t('sheet.markMissed'), 'light', 'red')}
      {actions.closesAt !== null && <NotYet label={t('sheet.markDone')} why={t('sheet.closeFrom', { when: format.dateTime(actions.closesAt) })} />}
      {actions.closesAt !== null && <NotYet label={t('sheet.markMissed')} why={t('sheet.closeFrom', { when: format.dateTime(actions.closesAt) })} />}
      {actions.reschedule && button('move', t('sheet.move'))}
      {actions.cancel !== null && button('cancel', t('sheet.cancelAppointment'), 'default')}
      {actions.evaluate.length > 0 && button('evaluate', t('sheet.evaluate'), 'filled')}
      {actions.convert && button('convert', t('sheet.convert'), 'filled', TONE.gold)}
      {actions.handToCounselor && button('assign', t('sheet.handToCounselor'), 'filled')}
      {actions.assign && button('assign', t('sheet.assign'), 'default')}
      {actions.statusChanges.length > 0 && button('status', t('sheet.changeStatus'), 'default')}
      {actions.force.length > 0 && button('force', t('sheet.force'), 'default')}
    </Group>
  );
}

/**
 * A closing button before the consultation has begun (issue 15, point 9): shown, disabled, and
 * saying from when it opens, in a tooltip and, for screen readers, in the button itself.
 * `data-disabled` rather than `disabled`: a disabled button gets no hover, so no tooltip.
 */
function NotYet({ label, why }: { label: string; why: string }) {
  return (
    <Tooltip label={why}>
      <Button size="sm" variant="light" color="gray" data-disabled aria-disabled="true" onClick={(e) => e.preventDefault()}>
        {label}
        <VisuallyHidden> — {why}</VisuallyHidden>
      </Button>
    </Tooltip>
  );
}
