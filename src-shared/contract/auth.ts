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

export const SECOND_FACTOR_REQUIRED = 'Entrez le code à six chiffres de votre application d’authentification (ou un code de secours).';

/** A code from the authenticator app (6 digits) or a recovery code (XXXXX-XXXXX), as typed. */
export const secondFactorCode = z.string().trim().min(1, { error: SECOND_FACTOR_REQUIRED }).max(20, { error: 'Code trop long\u00a0: six chiffres, ou un code de secours.' });

/** POST /api/auth/login. The e-mail is not judged here: a wrong one simply fails to sign in. */
export const loginBody = z.object({
  email: requiredString(EMAIL_REQUIRED)
    .trim()
    .min(1, { error: EMAIL_REQUIRED })
    .max(EMAIL_MAX_LENGTH, { error: EMAIL_TOO_LONG }),
  password: requiredString(PASSWORD_REQUIRED).min(1, { error: PASSWORD_REQUIRED }).max(PASSWORD_MAX_LENGTH, { error: PASSWORD_TOO_LONG }),
  /** The second factor, for an account that has one (issue 14): six digits, or a recovery code. */
  code: secondFactorCode.optional(),
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
export const loginAnswer = z.object({
  token: z.string().min(16),
  user: sessionUserSchema,
  /** True when the office requires a second factor this account must set up before anything else. */
  twoFactorSetup: z.boolean().optional(),
});
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

// ---- /api/auth/two-factor and /api/admin/security (issue 14) -------------------------------

/** GET /api/auth/two-factor. */
export const twoFactorStatusAnswer = z.object({
  enabled: z.boolean(),
  required: z.boolean(),
  recoveryCodesLeft: z.number().int().min(0),
});
export type TwoFactorStatusAnswer = z.infer<typeof twoFactorStatusAnswer>;

/** POST /api/auth/two-factor/setup: the secret to scan (as a QR code of `uri`) or to type. */
export const twoFactorSetupAnswer = z.object({ secret: z.string().regex(/^[A-Z2-7]+$/), uri: z.string().startsWith('otpauth://totp/') });
export type TwoFactorSetupAnswer = z.infer<typeof twoFactorSetupAnswer>;

/** POST /api/auth/two-factor/enable. */
export const twoFactorEnableBody = z.object({ code: secondFactorCode });
/** The recovery codes, shown once (enable, and POST /api/auth/two-factor/recovery-codes). */
export const recoveryCodesAnswer = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export type RecoveryCodesAnswer = z.infer<typeof recoveryCodesAnswer>;

/** POST /api/auth/two-factor/disable and /recovery-codes: the password again, as a stolen session has none. */
export const passwordConfirmBody = z.object({
  password: requiredString(PASSWORD_REQUIRED).min(1, { error: PASSWORD_REQUIRED }).max(PASSWORD_MAX_LENGTH, { error: PASSWORD_TOO_LONG }),
});

/** GET and PUT /api/admin/security. */
export const securityPolicyBody = z.strictObject({ requireTwoFactor: z.boolean({ error: 'requireTwoFactor\u00a0: oui (true) ou non (false).' }) });
export type SecurityPolicyBody = z.infer<typeof securityPolicyBody>;
