import type { User } from '~shared/domain/entities';
import type { Actor } from '~shared/domain/mutations/types';

/**
 * Who may receive leads from this actor (permissions.md, "assign / reassign / distribute"):
 * managers hand leads to counselors and the secretary; the secretary hands hers to counselors only.
 */
export function assignableUsers(users: readonly User[], actor: Actor): User[] {
  const roles = actor.role === 'secretary' ? ['counselor'] : ['counselor', 'secretary'];
  return users
    .filter((u) => u.active && !u.deletedAt && roles.includes(u.role))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr-CA'));
}
