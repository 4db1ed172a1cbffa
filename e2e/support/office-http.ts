import type { Role } from '~shared/domain/roles';
import { officeServerUrl } from './paths';
import { PASSWORD, person, type PersonKey } from './people';

// What outside the desktop app talks to the office server (server-api.md): the office's website
// posting its form, and the administrator's HTTP endpoints.

async function send(path: string, init: { method: string; body?: unknown; token?: string }): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, officeServerUrl()), {
    method: init.method,
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error message.
  }
  return { status: response.status, body };
}

/** The office's website posts its form (JSON, French field names); answers the new lead's id. */
export async function postWebForm(fields: Record<string, string | boolean>): Promise<string> {
  const { status, body } = await send('/api/public/leads', { method: 'POST', body: fields });
  if (status !== 201) throw new Error(`Formulaire web refusé (${status}) : ${JSON.stringify(body)}`);
  return (body as { id: string }).id;
}

interface SignedIn {
  token: string;
  user: { id: string; name: string; email: string; role: Role };
}

export function signInOverHttp(key: PersonKey): Promise<SignedIn> {
  return signInWith(person(key).email, PASSWORD);
}

/** Signs in any account, as a workstation's login does; throws when the server refuses. */
export async function signInWith(email: string, password: string): Promise<SignedIn> {
  const { status, body } = await send('/api/auth/login', { method: 'POST', body: { email, password } });
  if (status !== 200) throw new Error(`Connexion de ${email} refusée (${status}) : ${JSON.stringify(body)}`);
  return body as SignedIn;
}

/** The administrator changes someone's role on the server (PATCH /api/admin/users/:id). */
export async function setRoleOnServer(key: PersonKey, role: Role): Promise<void> {
  const admin = await signInOverHttp('admin');
  const { user } = await signInOverHttp(key);
  const { status, body } = await send(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { role }, token: admin.token });
  if (status !== 200) throw new Error(`Changement de rôle refusé (${status}) : ${JSON.stringify(body)}`);
}
