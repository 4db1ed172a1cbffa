import { z } from 'zod';
import { fingerprintInput } from './tls';
import { ACCOUNT_NAME_MAX_LENGTH, accountEmail, accountName, accountPassword, accountTitleForm, adminUserAnswer } from './auth';

// Creating an office on this workstation and joining one from another (issue 12, point 2;
// server-api.md, "Setting up an office"): the office server's /api/host/* and /api/join bodies,
// and the desktop's office:* channels, with their French messages, written once for both sides.

export const OFFICE_NAME_REQUIRED = 'Le nom du cabinet est obligatoire.';
export const OFFICE_NAME_TOO_LONG = `Le nom du cabinet compte au plus ${ACCOUNT_NAME_MAX_LENGTH} caractères.`;

export const officeName = z
  .string({ error: OFFICE_NAME_REQUIRED })
  .trim()
  .min(1, { error: OFFICE_NAME_REQUIRED })
  .max(ACCOUNT_NAME_MAX_LENGTH, { error: OFFICE_NAME_TOO_LONG });

/** POST /api/host/setup: the office's name and its first administrator. */
export const officeSetupBody = z.object({
  officeName,
  admin: z.object({ name: accountName, email: accountEmail, password: accountPassword, titleForm: accountTitleForm.optional() }),
});
export type OfficeSetupBody = z.infer<typeof officeSetupBody>;

/** A code for one more workstation: single use, valid until `expiresAt`. */
export const joinCodeAnswer = z.object({ code: z.string().length(8), expiresAt: z.string() });
export type JoinCodeAnswer = z.infer<typeof joinCodeAnswer>;

export const officeSetupAnswer = z.object({ user: adminUserAnswer, joinCode: joinCodeAnswer });
export type OfficeSetupAnswer = z.infer<typeof officeSetupAnswer>;

export const JOIN_CODE_REQUIRED = 'Le code est obligatoire.';
export const JOIN_CODE_MALFORMED = 'Un code compte huit caractères, par exemple K7QF-2MZD.';

/** POST /api/join. */
export const joinBody = z.object({ code: z.string({ error: JOIN_CODE_REQUIRED }).trim().min(1, { error: JOIN_CODE_REQUIRED }).max(40, { error: JOIN_CODE_MALFORMED }) });
export const joinAnswer = z.object({ officeName: z.string() });
export type JoinAnswer = z.infer<typeof joinAnswer>;

// ---- the desktop's channels -------------------------------------------------------------------

/** How this workstation reaches its office: not chosen yet, hosting it, or joined to one elsewhere. */
export type OfficeMode = 'none' | 'host' | 'join';

export interface HostedOffice {
  state: 'starting' | 'running' | 'stopped' | 'failed';
  /** Where this workstation reaches it (loopback). */
  localUrl: string | null;
  /** Where the other workstations reach it: one per network address of this computer. */
  lanUrls: string[];
  port: number | null;
  /** SHA-256 of the certificate it serves (AB:CD:…), what joining workstations compare; null unless running. */
  fingerprint: string | null;
  /** French, when it failed. */
  message: string | null;
}

export interface OfficeState {
  mode: OfficeMode;
  officeName: string | null;
  /** The office server's address for this workstation's sign-in. */
  serverUrl: string | null;
  hosted: HostedOffice | null;
}

export interface OfficeCreated {
  officeName: string;
  serverUrl: string;
  lanUrls: string[];
  joinCode: JoinCodeAnswer;
  /** The certificate's SHA-256 fingerprint, to compare on each workstation that joins. */
  fingerprint: string | null;
}

/** The certificate an office presents, read before joining it, for the person to compare. */
export interface OfficeProbe {
  serverUrl: string;
  /** Null over plain HTTP (loopback development): nothing to pin. */
  fingerprint: string | null;
}

const serverAddress = z.string({ error: 'L’adresse du bureau est obligatoire.' }).trim().min(1, { error: 'L’adresse du bureau est obligatoire.' }).max(300);

export const OFFICE_CONTRACT = {
  'office:get': { input: z.object({}).default({}) },
  /** Starts the office server on this workstation, with its name and first administrator. */
  'office:create': { input: officeSetupBody },
  /** Reads the certificate the office at that address presents, to show its fingerprint before joining. */
  'office:probe': { input: z.object({ serverUrl: serverAddress }) },
  /**
   * Checks that the address is a Bureau office (and redeems the code when one is given); over
   * HTTPS, pins its certificate — the one whose fingerprint the person confirmed.
   */
  'office:join': { input: z.object({ serverUrl: serverAddress, code: z.string().trim().max(40).optional(), fingerprint: fingerprintInput.optional() }) },
  /** A new code for one more workstation (the hosting workstation only). */
  'office:joinCode': { input: z.object({}).default({}) },
} as const;

export interface OfficeOutput {
  'office:get': OfficeState;
  'office:create': OfficeCreated;
  'office:probe': OfficeProbe;
  'office:join': { serverUrl: string; officeName: string | null };
  'office:joinCode': JoinCodeAnswer & { lanUrls: string[] };
}
