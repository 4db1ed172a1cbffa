import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A record's state in a list (active, inactive, revoked…), in words, lightly coloured. */
export function StateBadge({ color, children, ...rest }: { color: BadgeProps['color']; children: ReactNode } & Omit<BadgeProps, 'color' | 'children' | 'variant'>) {
  return (
    <Badge variant="light" color={color} radius="sm" tt="none" {...rest}>
      {children}
    </Badge>
  );
}

/** Active or not, in the screen's own words. */
export function ActiveBadge({ active, activeLabel, inactiveLabel }: { active: boolean; activeLabel: string; inactiveLabel: string }) {
  return <StateBadge color={active ? 'teal' : 'gray'}>{active ? activeLabel : inactiveLabel}</StateBadge>;
}
