import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { STATUS_INFO, type LeadStatus } from '~shared/domain/statuses';

/** A lead status in domain.md's colour, white text (contrast checked in lib/contrast.test.ts). */
export function StatusBadge({ status, ...rest }: { status: LeadStatus } & Omit<BadgeProps, 'color' | 'children'>) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="filled"
      radius="sm"
      tt="none"
      fw={600}
      styles={{ root: { backgroundColor: STATUS_INFO[status].hex, color: '#ffffff' } }}
      data-status={status}
      {...rest}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
