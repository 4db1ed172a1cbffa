// What the sign-in form checks before asking the main process (which checks again with the
// contract's zod schema): an http(s) server address, an e-mail, a password.

export interface LoginValues {
  serverUrl: string;
  email: string;
  password: string;
}

export type LoginErrors = Partial<Record<keyof LoginValues, 'serverUrlRequired' | 'serverUrlInvalid' | 'emailRequired' | 'emailInvalid' | 'passwordRequired'>>;

export function validateLogin(values: LoginValues): LoginErrors {
  const errors: LoginErrors = {};
  const url = values.serverUrl.trim();
  if (url === '') errors.serverUrl = 'serverUrlRequired';
  else if (!isHttpUrl(url)) errors.serverUrl = 'serverUrlInvalid';
  const email = values.email.trim();
  if (email === '') errors.email = 'emailRequired';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = 'emailInvalid';
  if (values.password === '') errors.password = 'passwordRequired';
  return errors;
}

/** An http(s) address with a host: one worth asking for its demo accounts too. */
export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
