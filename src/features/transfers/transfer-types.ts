import { z } from 'zod';

export const transferRequestSchema = z
  .object({
    nik: z.string().max(40).meta({ example: '3324014101900001' }),
    name: z.string().trim().min(1).max(200).meta({ description: 'The worker as you know them' }),
    birthDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .meta({ example: '1990-01-01' }),
    note: z.string().trim().max(1_000).optional(),
  })
  .meta({ id: 'WorkerTransferRequestInput' });
export type TransferRequestInput = z.infer<typeof transferRequestSchema>;

/** The same answer whether the NIK is held by another Pemda or registered nowhere. */
export const transferRecordedSchema = z
  .object({
    id: z.number().int(),
    status: z.literal('pending'),
    message: z.string().meta({
      description:
        'Recorded; if the NIK is registered in another Pemda, its administrator is asked. You learn the outcome when it is accepted.',
    }),
  })
  .meta({ id: 'WorkerTransferRecorded' });

export const transferDecisionSchema = z
  .object({
    decision: z.enum(['accept', 'reject']),
    reason: z.string().trim().max(1_000).optional().meta({ description: 'Required to reject' }),
  })
  .meta({ id: 'WorkerTransferDecision' });
export type TransferDecisionInput = z.infer<typeof transferDecisionSchema>;

export const transferQuerySchema = z.object({
  direction: z.enum(['incoming', 'outgoing']).default('incoming').meta({
    description:
      "incoming: requests for workers your Pemda holds; outgoing: your Pemda's requests (pending until accepted)",
  }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TransferQuery = z.infer<typeof transferQuerySchema>;

export const transferSchema = z
  .object({
    id: z.number().int(),
    nik: z.string(),
    name: z.string().meta({ description: 'As the requesting Pemda typed it' }),
    birthDate: z.string().nullable(),
    note: z.string().nullable(),
    toPemdaCode: z.string(),
    requestedBy: z.string().nullable(),
    requestedAt: z.string(),
    status: z.enum(['pending', 'accepted', 'rejected']).meta({
      description: 'A requester sees `pending` until the request is accepted',
    }),
    fromPemdaCode: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'WorkerTransfer' });
export type TransferRecord = z.infer<typeof transferSchema>;
