import { z } from 'zod';
import type { CURRENCIES, LEAD_SOURCES, PAYMENT_METHODS} from '../domain/entities';
import { instant } from '../domain/entities';
import type { LeadStatus } from '../domain/statuses';

// The « Rapports » screen's channel (issue 13): one report at a time, over a period [from, to) of
// the office's calendar (src-shared/domain/report-period.ts). Figures come from the replica's SQL
// (src-node/reports), scoped by who asks: the whole office for administrators and directors, her
// own figures for a counselor, the office's appointments only for the secretary.

export const REPORT_KINDS = ['funnel', 'consultations', 'conversion', 'delays', 'payments', 'waiting'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A year and a bit: the longest custom range, which keeps « by week » readable. */
export const MAX_REPORT_DAYS = 400;

export const reportInput = z
  .object({
    report: z.enum(REPORT_KINDS),
    from: instant,
    to: instant,
    /** `waiting`: leads without any contact for more than this many days. */
    waitingDays: z.number().int().min(1).max(365).default(7),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'La fin de la période doit suivre son début.', path: ['to'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_REPORT_DAYS * 86_400_000, {
    message: `Choisissez une période de ${MAX_REPORT_DAYS} jours au plus.`,
    path: ['to'],
  });
export type ReportInput = z.input<typeof reportInput>;

/** Whose figures: the office, one counselor's own, or the office's appointments only (secretary). */
export type ReportScope = { kind: 'office' } | { kind: 'own'; userId: string } | { kind: 'appointments' };

export const FUNNEL_STAGES = ['created', 'contacted', 'booked', 'attended', 'qualified', 'client'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface FunnelReport {
  kind: 'funnel';
  /** Leads created in the period that reached each stage (by its record: a contact that reached the person, an appointment…). */
  stages: Array<{ stage: FunnelStage; count: number }>;
  /** The same leads by their status now. */
  byStatus: Array<{ status: LeadStatus; count: number }>;
}

export interface ConsultationCounts {
  done: number;
  missed: number;
  /** missed / (done + missed), null when none. */
  noShowRate: number | null;
}

export interface ConsultationsReport {
  kind: 'consultations';
  total: ConsultationCounts;
  byCounselor: Array<ConsultationCounts & { userId: string; name: string }>;
  byWeek: Array<ConsultationCounts & { monday: string }>;
}

export interface ConversionRow {
  leads: number;
  clients: number;
  /** clients / leads, null when no lead. */
  rate: number | null;
}

export interface ConversionReport {
  kind: 'conversion';
  total: ConversionRow;
  /** Web form by UTM campaign, each import batch, manual, referral. */
  bySource: Array<ConversionRow & { source: (typeof LEAD_SOURCES)[number]; campaign: string | null; batchId: string | null; batchName: string | null }>;
  byCounselor: Array<ConversionRow & { userId: string | null; name: string | null }>;
  byProgramme: Array<ConversionRow & { programme: string | null }>;
}

export interface DelayFigures {
  /** Leads of the period that reached the step. */
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface DelaysReport {
  kind: 'delays';
  /** From creation to the first contact attempt logged. */
  firstContact: DelayFigures;
  /** From creation to the first appointment booked. */
  appointment: DelayFigures;
}

export interface PaymentsReport {
  kind: 'payments';
  /** One line per currency. */
  total: Array<{ currency: (typeof CURRENCIES)[number]; count: number; sumCents: number }>;
  byMethod: Array<{ method: (typeof PAYMENT_METHODS)[number]; currency: (typeof CURRENCIES)[number]; count: number; sumCents: number }>;
}

export interface WaitingLead {
  id: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface WaitingReport {
  kind: 'waiting';
  days: number;
  /** Oldest first, at most `WAITING_LIST_MAX`. */
  leads: WaitingLead[];
  total: number;
}

export const WAITING_LIST_MAX = 500;

export type Report = FunnelReport | ConsultationsReport | ConversionReport | DelaysReport | PaymentsReport | WaitingReport;
