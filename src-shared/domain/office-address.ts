// What a person types as the office's address on « Rejoindre un bureau »: the hosting
// workstation shows `https://192.168.1.20:8787`, but `192.168.1.20` or `192.168.1.20:8787` mean the
// same, so the scheme (https: an office on the network speaks TLS, issue 14) and the office
// server's usual port are added when missing.

export const OFFICE_DEFAULT_PORT = 8787;

/** The address as a URL the workstation can call, or null when it cannot be one. */
export function officeAddress(typed: string): string | null {
  const text = typed.trim();
  if (text === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  // Only a bare host gets the usual port: a typed https:// names its own (a reverse proxy's 443).
  if (url.port === '' && !/^https?:\/\//i.test(text)) url.port = String(OFFICE_DEFAULT_PORT);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
