import { z } from "zod";

// What the scanner sends (/work/briefs/checkin-api.md). Messages name the field, so a 400 says
// exactly what to fix. The token's own size limit is a verdict (NOT_VALID MALFORMED), not a 400.

const id = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .max(64, `${name} is at most 64 characters`);

export const nonceSchema = z
  .string({ error: "nonce is required" })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "nonce must be 8 to 64 letters, digits, - or _");

const scannedAt = z.iso
  .datetime({ offset: true, error: "scannedAt must be an ISO 8601 time, like 2027-09-27T13:05:00Z" })
  .transform((value) => new Date(value));

/** The QR text, up to a generous bound: the verdict refuses anything over 256 characters. */
const token = z.string({ error: "token must be the QR code's text" }).max(4096, "token is far too long to be a badge");

const oneOf = <T extends { token?: string; registrationId?: string }>(v: T, ctx: z.RefinementCtx) => {
  if ((v.token === undefined) === (v.registrationId === undefined))
    ctx.addIssue({ code: "custom", message: "Send either token (the QR code's text) or registrationId, not both" });
};

export const scanRequestSchema = z
  .object({
    listId: id("listId"),
    deviceId: id("deviceId"),
    nonce: nonceSchema,
    scannedAt: scannedAt.optional(),
    token: token.optional(),
    registrationId: id("registrationId").optional(),
  })
  .superRefine(oneOf);

export const MAX_SYNC_SCANS = 500;

export const syncRequestSchema = z.object({
  deviceId: id("deviceId"),
  scans: z
    .array(
      z
        .object({
          listId: id("listId"),
          nonce: nonceSchema,
          scannedAt,
          token: token.optional(),
          registrationId: id("registrationId").optional(),
        })
        .superRefine(oneOf),
      { error: "scans must be a list of scans" },
    )
    .max(MAX_SYNC_SCANS, `At most ${MAX_SYNC_SCANS} scans per sync`),
});

export const undoRequestSchema = z.object({ deviceId: id("deviceId"), nonce: nonceSchema });

export const MAX_DEVICE_NAME = 60;

export const deviceRequestSchema = z.object({
  eventId: id("eventId"),
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, "Name the device, like “Door 1 — Main hall”")
    .max(MAX_DEVICE_NAME, `A device name is at most ${MAX_DEVICE_NAME} characters`),
});

export const searchQuerySchema = z.object({
  listId: id("listId"),
  q: z
    .string({ error: "q is required" })
    .trim()
    .min(2, "Type at least 2 characters to search")
    .max(100, "Search terms are at most 100 characters"),
});
