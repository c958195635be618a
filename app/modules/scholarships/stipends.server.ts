// Travel and lodging stipends paid against an accepted award, with their receipts. Each payout
// moves its amount from committed to paid in the fund (STIPEND_PAID), never beyond the award.
import { DateTime } from "luxon";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { MAX_RECEIPT_BYTES, MAX_RECEIPTS } from "./award.schema.ts";
import { appendFundEntry, MAX_ENTRY_CENTS } from "./fund-ledger.server.ts";

export const RECEIPT_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];

export type ReceiptUpload = { fileName: string; bytes: Uint8Array };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/**
 * The file's real type from its first bytes; the name and the browser's declared type are the
 * sender's word and prove nothing. Null for anything but a PDF, PNG or JPEG.
 */
export function sniffReceiptType(bytes: Uint8Array): ReceiptType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

/** A file name safe to store and to send back: no folders, no control characters, not too long. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\p{Cc}"]/gu, "")
    .trim()
    .slice(-120);
  return cleaned || "receipt";
}

function checkReceipts(receipts: ReceiptUpload[]) {
  if (receipts.length > MAX_RECEIPTS)
    throw new RuleViolation(`Attach at most ${MAX_RECEIPTS} receipts to one payout.`, "receipts");
  return receipts.map((r) => {
    const fileName = cleanFileName(r.fileName);
    if (r.bytes.byteLength === 0) throw new RuleViolation(`“${fileName}” is empty.`, "receipts");
    if (r.bytes.byteLength > MAX_RECEIPT_BYTES)
      throw new RuleViolation(`“${fileName}” is larger than 5 MB; scan it at a lower resolution.`, "receipts");
    const contentType = sniffReceiptType(r.bytes);
    if (!contentType) throw new RuleViolation(`“${fileName}” is not a PDF, PNG or JPEG file.`, "receipts");
    // A copy on its own ArrayBuffer, as Prisma's Bytes wants.
    return { fileName, contentType, size: r.bytes.byteLength, content: Uint8Array.from(r.bytes) };
  });
}

export type PayoutInput = {
  awardId: string;
  amountCents: number;
  /** The day it was paid, "2027-09-20", in the event's zone. */
  paidOn: string;
  note: string;
  receipts: ReceiptUpload[];
  recordedById: string;
  now?: Date;
};

/**
 * Records a stipend payout. The award's row is locked first, so two organisers recording at
 * once can't together pay more than its travel and lodging.
 */
export async function recordPayout(db: Db, input: PayoutInput) {
  const now = input.now ?? new Date();
  const { amountCents } = input;
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0)
    throw new RuleViolation("Enter the amount paid in whole cents, more than zero.", "amount");
  if (amountCents > MAX_ENTRY_CENTS) throw new RuleViolation("That amount is far larger than any stipend can be.", "amount");
  const receipts = checkReceipts(input.receipts);
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Award" WHERE id = ${input.awardId} FOR UPDATE`;
    if (!locked) throw new NotFoundError("That award doesn't exist.");
    const award = await tx.award.findUniqueOrThrow({
      where: { id: input.awardId },
      include: {
        application: {
          select: { applicant: { select: { name: true } }, cycle: { select: { event: { select: { timeZone: true } } } } },
        },
      },
    });
    const zone = award.application.cycle.event.timeZone;
    const paidOn = DateTime.fromISO(input.paidOn, { zone });
    if (!paidOn.isValid) throw new RuleViolation("Enter the day it was paid, like 2027-09-20.", "paidOn");
    if (paidOn > DateTime.fromJSDate(now, { zone }).endOf("day"))
      throw new RuleViolation("Record a payout once it's paid: choose today or an earlier day.", "paidOn");
    if (paidOn < DateTime.fromJSDate(award.createdAt, { zone }).startOf("day"))
      throw new RuleViolation("That day is before the award was made.", "paidOn");
    if (award.status !== "ACCEPTED")
      throw new RuleViolation("Stipends are paid only on accepted awards; this one hasn't been accepted.", "amount");
    const stipendCents = award.travelCents + award.lodgingCents;
    const sums = await tx.stipendPayout.aggregate({ where: { awardId: award.id }, _sum: { amountCents: true } });
    const paidSoFar = sums._sum.amountCents ?? 0;
    if (paidSoFar + amountCents > stipendCents)
      throw new RuleViolation(
        `That is more than the award's travel and lodging: ${formatMoney(stipendCents)} in all, ${formatMoney(paidSoFar)} paid, ${formatMoney(stipendCents - paidSoFar)} left.`,
        "amount",
      );
    const payout = await tx.stipendPayout.create({
      data: {
        awardId: award.id,
        amountCents,
        paidOn: paidOn.startOf("day").toJSDate(),
        note: input.note.trim(),
        recordedById: input.recordedById,
        receipts: { create: receipts },
      },
    });
    await appendFundEntry(tx, {
      kind: "STIPEND_PAID",
      amountCents,
      awardId: award.id,
      payoutId: payout.id,
      memo: `Stipend to ${award.application.applicant.name}`,
      createdById: input.recordedById,
    });
    await tx.award.update({ where: { id: award.id }, data: { paidCents: { increment: amountCents } } });
    await recordAudit(tx, {
      actorId: input.recordedById,
      action: "scholarship.stipend.paid",
      subjectType: "Award",
      subjectId: award.id,
      detail: { payoutId: payout.id, amountCents, paidOn: input.paidOn, receipts: receipts.length },
    });
    return payout;
  });
}

/** One receipt's file, for an organiser's download. */
export async function receiptForAdmin(db: Db, awardId: string, receiptId: string) {
  const receipt = await db.stipendReceipt.findFirst({
    where: { id: receiptId, payout: { awardId } },
    select: { fileName: true, contentType: true, content: true },
  });
  if (!receipt) throw new NotFoundError("That receipt doesn't exist.");
  return receipt;
}
