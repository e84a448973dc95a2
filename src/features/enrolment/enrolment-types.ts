import { z } from 'zod';
import type { Actor } from '../../core/access.ts';
import { GROUP_ACCOUNT_TYPES } from '../../core/group-accounts.ts';

/** Who acts, for the checks and the audit log. */
export interface Caller {
  /** None when the system acts (a command run on the server). */
  actor: Actor | null;
  ip?: string | null;
}

/** How many of a Pemda's latest batches or responses a list shows. */
export const RECENT = 50;

export const BATCH_STATUSES = ['open', 'complete', 'closed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

const outcomeCounts = {
  pending: z.number().int().meta({ description: 'Awaiting the branch’s answer' }),
  enrolled: z.number().int().meta({ description: 'Registered; membership starts on a later day' }),
  active: z.number().int().meta({ description: 'Registered; membership has started' }),
  rejected: z.number().int().meta({ description: 'Refused by the branch, with its reason' }),
  activeElsewhere: z
    .number()
    .int()
    .meta({ description: 'Already active participants somebody else pays for: not enrolled' }),
};

export const batchGroupSchema = z.object({
  groupAccountType: z
    .enum(GROUP_ACCOUNT_TYPES)
    .nullable()
    .meta({ description: 'SC corporate, SB banking, SG government, SD/SA/SL village; null: individual' }),
  holder: z.string().meta({ description: 'The group account holder: the Pemda, the company, the donor' }),
  members: z.number().int(),
  ...outcomeCounts,
});

export const enrolmentBatchSchema = z
  .object({
    id: z.number().int(),
    reference: z.string().meta({ example: 'ASUH-REG-3502-000001' }),
    pemdaCode: z.string().meta({ example: '35.02' }),
    status: z.enum(BATCH_STATUSES).meta({
      description:
        'open: answers awaited; complete: every line answered; closed: closed by hand, its unanswered lines may go in a later batch',
    }),
    members: z.number().int(),
    ...outcomeCounts,
    groups: z.array(batchGroupSchema),
    createdAt: z.string(),
    firstSentAt: z.string().nullable().meta({ description: 'When the file was first written or downloaded' }),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    fileUrls: z.object({ csv: z.string(), xlsx: z.string() }),
  })
  .meta({ id: 'EnrolmentBatch' });
export type EnrolmentBatch = z.infer<typeof enrolmentBatchSchema>;
export type BatchGroup = z.infer<typeof batchGroupSchema>;

export const enrolmentBatchListSchema = z.object({ items: z.array(enrolmentBatchSchema) });

export const responseCountsSchema = z
  .object({
    read: z.number().int().meta({ description: 'Lines read (blank lines skipped)' }),
    enrolled: z.number().int().meta({ description: 'Sponsorships now enrolled (membership starts later)' }),
    active: z.number().int().meta({ description: 'Sponsorships now active (membership has started)' }),
    rejected: z.number().int().meta({ description: 'Sponsorships rejected by the branch' }),
    activeElsewhere: z.number().int().meta({
      description: 'Workers already active and paid by someone else: sponsorship rejected, worker flagged',
    }),
    unchanged: z.number().int().meta({ description: 'Lines an earlier response had already applied' }),
    errors: z.number().int().meta({ description: 'Lines refused; see the error file' }),
    warnings: z.number().int().meta({ description: 'Lines applied with a warning; see the error file' }),
  })
  .meta({ id: 'EnrolmentResponseCounts' });
export type ResponseCounts = z.infer<typeof responseCountsSchema>;

export const enrolmentResponseSchema = z
  .object({
    id: z.number().int(),
    pemdaCode: z.string(),
    channel: z.string().meta({ example: 'file' }),
    fileName: z.string().nullable(),
    createdAt: z.string(),
    counts: responseCountsSchema,
    duplicate: z.boolean().meta({
      description:
        'True when the file just sent had already been imported: nothing changed, and this is the earlier import',
    }),
    errorFileUrls: z
      .object({ csv: z.string(), xlsx: z.string() })
      .nullable()
      .meta({ description: 'When some lines were refused or warned' }),
  })
  .meta({ id: 'EnrolmentResponse' });
export type EnrolmentResponse = z.infer<typeof enrolmentResponseSchema>;

export const enrolmentResponseListSchema = z.object({ items: z.array(enrolmentResponseSchema) });

export const closeBatchSchema = z.object({
  reason: z.string().trim().min(1).max(500).meta({ example: 'Tidak ada jawaban dari kantor cabang' }),
});
