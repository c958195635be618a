import { z } from "zod";
import { pageQuerySchema } from "~/shared/pagination.ts";

export const EMAIL_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED"] as const;

export const outboxQuerySchema = pageQuerySchema.extend({
  status: z.enum(EMAIL_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});

export const EMAIL_STATUS_TONES = { PENDING: "amber", SENDING: "blue", SENT: "green", FAILED: "red" } as const;
