import { z } from 'zod';
import { userSchema } from '../domain/entities';
import { isValidEmail } from '../domain/email';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_TOO_LONG, PASSWORD_TOO_SHORT } from '../domain/password';
import { ROLES, TITLE_FORMS } from '../domain/roles';

// The bodies and answers of /api/auth/* and /api/admin/users (server-api.md), and the account
// rules they share: written once, with their French messages, for the office server's routes,
// the desktop's HTTP client (which parses the answers) and the IPC contract (users:create,
// users:update, session:login), so that the desktop says what the server would.

export const ACCOUNT_NAME_MAX_LENGTH = 200;
/** RFC 5321's limit for a forward path; isValidEmail holds to it too. */
export const EMAIL_MAX_LENGTH = 254;

export const EMAIL_REQUIRED = 'Le courriel est obligatoire.';
export const EMAIL_INVALID = 'Adresse courriel invalide.';
export const EMAIL_TOO_LONG = `Le courriel compte au plus ${EMAIL_MAX_LENGTH} caractères.`;
export const PASSWORD_REQUIRED = 'Le mot de passe est obligatoire.';
export const NAME_REQUIRED = 'Le nom est obligatoire.';
export const NAME_TOO_LONG = `Le nom compte au plus ${ACCOUNT_NAME_MAX_LENGTH} caractères.`;
export const ROLE_REQUIRED = 'Choisissez un rôle.';
export const ROLE_UNKNOWN = `Rôle inconnu\u00a0: ${ROLES.join(', ')}.`;

/** A string the request must carry; a value of another type gets zod's own French (« nombre reçu »). */
function requiredString(message: string) {
  return z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? message : undefined) });
}

/** An account's e-mail: required, and deliverable by the domain's own rule (the server stores it normalised). */
export const accountEmail = requiredString(EMAIL_REQUIRED)
  .trim()
  .min(1, { error: EMAIL_REQUIRED, abort: true })
  .refine(isValidEmail, { error: EMAIL_INVALID });

export const accountName = requiredString(NAME_REQUIRED)
  .trim()
  .min(1, { error: NAME_REQUIRED })
  .max(ACCOUNT_NAME_MAX_LENGTH, { error: NAME_TOO_LONG });

export const accountPassword = requiredString(PASSWORD_REQUIRED)
  .min(PASSWORD_MIN_LENGTH, { error: PASSWORD_TOO_SHORT })
  .max(PASSWORD_MAX_LENGTH, { error: PASSWORD_TOO_LONG });

/** How the role is said for this person; null (or absent at creation) is the role's usual word. */
export const accountTitleForm = z.enum(TITLE_FORMS, { error: 'Forme du titre inconnue\u00a0: feminine, masculine ou null.' }).nullable();

/** Nothing chosen in the form, or a role this version does not know (an API caller's typo). */
export const accountRole = z.enum(ROLES, {
  error: (issue) => (issue.input === undefined || issue.input === null || issue.input === '' ? ROLE_REQUIRED : ROLE_UNKNOWN),
});

// ---- /api/auth ------------------------------------------------------------------------------

/** POST /api/auth/login. The e-mail is not judged here: a wrong one simply fails to sign in. */
export const loginBody = z.object({
  email: requiredString(EMAIL_REQUIRED)
    .trim()
    .min(1, { error: EMAIL_REQUIRED })
    .max(EMAIL_MAX_LENGTH, { error: EMAIL_TOO_LONG }),
  password: requiredString(PASSWORD_REQUIRED).min(1, { error: PASSWORD_REQUIRED }).max(PASSWORD_MAX_LENGTH, { error: PASSWORD_TOO_LONG }),
});
export type LoginBody = z.infer<typeof loginBody>;

/** Who is signed in: the login answer's `user`, and GET /api/auth/me's whole answer. */
export const sessionUserSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** At least 128 bits of randomness, in base64url (server-api.md). */
export const loginAnswer = z.object({ token: z.string().min(16), user: sessionUserSchema });
export type LoginAnswer = z.infer<typeof loginAnswer>;

export const meAnswer = sessionUserSchema;
export type MeAnswer = z.infer<typeof meAnswer>;

/**
 * GET /api/auth/demo: on the demo office only (`seed:demo`), its accounts and their shared
 * password, so that the sign-in screen can offer them; a real office answers 404.
 */
export const demoOfficeAnswer = z.object({
  accounts: z.array(sessionUserSchema.pick({ email: true, name: true, role: true }).extend({ titleForm: z.enum(TITLE_FORMS).nullable() })).max(100),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type DemoOfficeAnswer = z.infer<typeof demoOfficeAnswer>;

// ---- /api/admin/users -----------------------------------------------------------------------

/** POST /api/admin/users. */
export const adminUserCreateBody = z.object({
  email: accountEmail,
  name: accountName,
  role: accountRole,
  titleForm: accountTitleForm.optional(),
  password: accountPassword,
});
export type AdminUserCreateBody = z.infer<typeof adminUserCreateBody>;

/** What PATCH /api/admin/users/:id may change; users:update adds the account's id. */
export const accountPatchFields = {
  name: accountName.optional(),
  role: accountRole.optional(),
  titleForm: accountTitleForm.optional(),
  active: z.boolean({ error: 'Actif\u00a0: oui (true) ou non (false).' }).optional(),
  password: accountPassword.optional(),
};

/** PATCH /api/admin/users/:id: only these fields, and at least one. */
export const adminUserPatchBody = z
  .strictObject(accountPatchFields, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'Champ non modifiable\u00a0: seuls name, role, titleForm, active et password le sont.' : undefined),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: 'Aucun champ à modifier.' });
export type AdminUserPatchBody = z.infer<typeof adminUserPatchBody>;

/** What both admin endpoints answer about the user: the synced row, never a secret. */
export const adminUserAnswer = userSchema.pick({
  id: true,
  email: true,
  name: true,
  role: true,
  titleForm: true,
  active: true,
  createdAt: true,
  updatedAt: true,
  version: true,
});
export type AdminUserAnswer = z.infer<typeof adminUserAnswer>;
