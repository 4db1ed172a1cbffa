// What a password must be, shared by the admin endpoints, the CLI, the first administrator and
// the desktop's account screen (which says it before the server has to).
// Long passphrases are welcome; the upper bound only keeps argon2 from being fed megabytes.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

export const PASSWORD_TOO_SHORT = `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`;
export const PASSWORD_TOO_LONG = `Le mot de passe doit compter au plus ${PASSWORD_MAX_LENGTH} caractères.`;

/** The French refusal for a password that breaks the rules, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return PASSWORD_TOO_SHORT;
  if (password.length > PASSWORD_MAX_LENGTH) return PASSWORD_TOO_LONG;
  return null;
}
