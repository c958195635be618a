import { z } from "zod";

export const EMAIL_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED"] as const;

export const outboxQuerySchema = z.object({
  status: z.enum(EMAIL_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const EMAIL_STATUS_TONES = { PENDING: "amber", SENDING: "blue", SENT: "green", FAILED: "red" } as const;
