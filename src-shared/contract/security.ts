import { z } from 'zod';
import { passwordConfirmBody, securityPolicyBody, twoFactorEnableBody, type RecoveryCodesAnswer, type SecurityPolicyBody, type TwoFactorSetupAnswer, type TwoFactorStatusAnswer } from './auth';
import type { WorkstationAnswer } from './workstations';

// The IPC channels of issue 14's points 3 and 4: a user's own second factor (Paramètres →
// Validation en deux étapes), the office's rule and a user's reset (Administration → Sécurité),
// and the workstations (Administration → Postes de travail). They all go to the office server at
// once (src-main/services/session/security.ts), never through the outbox: nothing of them is
// synced. The bodies are the server's own (contract/auth.ts), checked here before they leave.

const uuid = z.uuid({ message: 'Identifiant invalide.' });

export const SECURITY_CONTRACT = {
  'twoFactor:status': { input: z.object({}).default({}) },
  /** A new secret; the renderer draws its QR code itself, from `uri`, on this workstation. */
  'twoFactor:setup': { input: z.object({}).default({}) },
  'twoFactor:enable': { input: twoFactorEnableBody },
  'twoFactor:recoveryCodes': { input: passwordConfirmBody },
  'twoFactor:disable': { input: passwordConfirmBody },
  'security:get': { input: z.object({}).default({}) },
  'security:set': { input: securityPolicyBody },
  /** A lost phone (admins): the user's second factor removed, their sessions ended. */
  'twoFactor:reset': { input: z.object({ userId: uuid }) },
  'workstations:list': { input: z.object({}).default({}) },
  'workstations:revoke': { input: z.object({ clientId: uuid }) },
} as const;

export interface SecurityOutput {
  'twoFactor:status': TwoFactorStatusAnswer;
  'twoFactor:setup': TwoFactorSetupAnswer;
  'twoFactor:enable': { recoveryCodes: string[] };
  'twoFactor:recoveryCodes': RecoveryCodesAnswer;
  'twoFactor:disable': { enabled: false };
  'security:get': SecurityPolicyBody;
  'security:set': SecurityPolicyBody;
  'twoFactor:reset': { enabled: false };
  'workstations:list': WorkstationAnswer[];
  'workstations:revoke': WorkstationAnswer[];
}
