import type { TFunction } from 'i18next';
import type { User } from '~shared/domain/entities';

/**
 * A person's role as the person says it (issue 15, point 9): « Directrice » or « Directeur »,
 * « Conseillère » or « Conseiller », as chosen in Administration; the role's usual word otherwise.
 */
export function roleTitle(t: TFunction, user: Pick<User, 'role'> & Partial<Pick<User, 'titleForm'>>): string {
  return user.titleForm ? t(`role.${user.role}_${user.titleForm}`) : t(`role.${user.role}`);
}
