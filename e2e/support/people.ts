import { DEMO_PASSWORD, DEMO_USERS } from '~server/seed/demo';

// The demo office's people (src-server/seed/demo.ts), by the key the tests use.

export type PersonKey = (typeof DEMO_USERS)[number]['key'];

export interface Person {
  key: PersonKey;
  email: string;
  name: string;
  role: (typeof DEMO_USERS)[number]['role'];
}

export const PASSWORD = DEMO_PASSWORD;

export function person(key: PersonKey): Person {
  const found = DEMO_USERS.find((u) => u.key === key);
  if (!found) throw new Error(`Personne inconnue du bureau de démonstration : ${key}`);
  return { key: found.key, email: found.email, name: found.name, role: found.role };
}
