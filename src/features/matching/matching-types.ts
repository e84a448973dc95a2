import { z } from 'zod';
import { MATCH_LEVELS, type MatchLevel } from '../../core/matching.ts';
import type { Message } from '../../core/message.ts';
import { daySchema } from '../../platform/schemas.ts';

/**
 * min: obliged ASN are proposed workers up to the policy's minimum, what compliance asks (the
 * default); max: up to its maximum, for a Pemda that wants every ASN at the upper end (a policy
 * without a maximum, Kendal's "at least one", fills to its minimum). Either way only obliged ASN
 * are matched: a voluntary programme invites, and a proposal is not an invitation.
 */
export const MATCH_FILLS = ['min', 'max'] as const;
export type MatchFill = (typeof MATCH_FILLS)[number];

export const PROPOSAL_STATUSES = ['open', 'accepted', 'rejected', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const message = z.object({ id: z.string(), en: z.string() });
const levelSchema = z.enum(MATCH_LEVELS);

export type LevelCounts = Record<MatchLevel, number>;
export const levelCountsSchema = z.object({
  village: z.number().int(),
  district: z.number().int(),
  regency: z.number().int(),
  province: z.number().int(),
  other: z.number().int(),
});

export const matchRequestSchema = z
  .object({
    programme: z
      .string()
      .optional()
      .meta({ description: "A programme's key; absent: every programme with quota" }),
    on: daySchema
      .optional()
      .meta({ description: "The day matched; today in the Pemda's time zone when absent" }),
    fill: z.enum(MATCH_FILLS).default('min').meta({
      description: "`min`: obliged ASN up to the policy's minimum (compliance); `max`: up to its maximum",
    }),
    save: z.boolean().default(false).meta({
      description:
        'false: a dry run that only counts; true: store the proposals, withdrawing the open ones of earlier runs',
    }),
  })
  .meta({ id: 'MatchRequest' });

export const programmeMatchSchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['asn_policy', 'csr']),
  sponsors: z.number().int().meta({ description: 'Sponsors with quota left' }),
  quota: z.number().int().meta({ description: 'Workers those sponsors could still take' }),
  proposals: z.number().int(),
  byLevel: levelCountsSchema,
  /** Why a programme proposes nothing, when that is so. */
  note: message.nullable(),
});

export const matchSummarySchema = z
  .object({
    pemda: z.string(),
    on: z.string(),
    fill: z.enum(MATCH_FILLS),
    widest: levelSchema.meta({ description: 'The widest level a proposal may be made at' }),
    pool: z.number().int().meta({ description: 'Eligible workers nobody pays for that month' }),
    sponsors: z.number().int(),
    quota: z.number().int(),
    proposals: z.number().int(),
    byLevel: levelCountsSchema,
    /** ASN short of workers whose home village is not recorded: no nearness to match them by. */
    sponsorsWithoutVillage: z.number().int(),
    programmes: z.array(programmeMatchSchema),
    run: z
      .object({ id: z.number().int(), withdrawn: z.number().int(), durationMs: z.number().int() })
      .nullable()
      .meta({ description: 'The stored run; null for a dry run' }),
  })
  .meta({ id: 'MatchSummary' });

export const matchRunSchema = z
  .object({
    id: z.number().int(),
    pemdaCode: z.string(),
    programme: z.object({ id: z.number().int(), key: z.string(), name: z.string() }).nullable(),
    on: z.string(),
    fill: z.enum(MATCH_FILLS),
    pool: z.number().int(),
    sponsors: z.number().int(),
    quota: z.number().int(),
    proposals: z.number().int(),
    byLevel: levelCountsSchema,
    withdrawn: z.number().int(),
    durationMs: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    statusCounts: z.object({
      open: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      withdrawn: z.number().int(),
    }),
  })
  .meta({ id: 'MatchRun' });

export const proposalSchema = z
  .object({
    id: z.number().int(),
    runId: z.number().int(),
    position: z.number().int(),
    status: z.enum(PROPOSAL_STATUSES),
    level: levelSchema,
    reason: message,
    programme: z.object({ id: z.number().int(), key: z.string(), name: z.string() }),
    sponsor: z.object({
      id: z.number().int(),
      kind: z.enum(['asn', 'apbd', 'organisation', 'individual']),
      name: z.string(),
      nip: z.string().nullable(),
      opd: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    }),
    worker: z.object({
      nik: z.string().meta({ description: 'Full only for roles that need it; otherwise masked' }),
      nikMasked: z.boolean(),
      name: z.string(),
      village: z.object({ code: z.string(), name: z.string() }).nullable(),
      welfareDecile: z.number().int().nullable(),
      occupation: z.string().nullable(),
    }),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    sponsorshipId: z.number().int().nullable(),
  })
  .meta({ id: 'MatchProposal' });

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const proposalQuerySchema = z.object({
  status: z.enum(PROPOSAL_STATUSES).optional(),
  level: levelSchema.optional(),
  opd: z.coerce.number().int().optional().meta({ description: "The sponsoring ASN's OPD" }),
  ...page,
});

export const myProposalQuerySchema = z.object({
  status: z.enum(PROPOSAL_STATUSES).default('open'),
  ...page,
});

export const decisionBodySchema = z.object({
  reason: z.string().trim().max(500).optional().meta({ description: 'Why, for a rejection' }),
});

export const bulkAcceptSchema = z.object({
  ids: z
    .array(z.number().int().positive())
    .max(50_000)
    .optional()
    .meta({ description: 'The proposals of the run to accept; absent: every open one' }),
});

export const decisionResultSchema = z
  .object({
    accepted: z.number().int(),
    rejected: z.number().int(),
    refused: z.number().int(),
    results: z.array(
      z.object({
        id: z.number().int(),
        outcome: z.enum(['accepted', 'rejected', 'refused']),
        sponsorshipId: z.number().int().nullable(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'MatchDecision' });

export type MatchRequest = z.infer<typeof matchRequestSchema>;
export type MatchSummary = z.infer<typeof matchSummarySchema>;
export type ProgrammeMatch = z.infer<typeof programmeMatchSchema>;
export type MatchRun = z.infer<typeof matchRunSchema>;
export type Proposal = z.infer<typeof proposalSchema>;
export type ProposalQuery = z.infer<typeof proposalQuerySchema>;
export type DecisionResult = z.infer<typeof decisionResultSchema>;

/** One proposal of a plan, before it is stored: natural keys only, so the output is the same every run. */
export interface PlannedProposal {
  programme: string;
  sponsor: { kind: 'asn'; nip: string; name: string } | { kind: 'organisation'; name: string };
  nik: string;
  name: string;
  villageCode: string;
  level: MatchLevel;
  reason: Message;
}
