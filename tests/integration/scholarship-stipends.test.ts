// Stipend payouts: never more than the award's travel and lodging (also when two organisers
// record at once), receipts judged by their bytes, and the ledger moving committed → paid.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { MAX_RECEIPT_BYTES } from "~/modules/scholarships/award.schema.ts";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import { type ReceiptUpload, recordPayout, sniffReceiptType } from "~/modules/scholarships/stipends.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  awardFactory,
  eventFactory,
  fundEntryFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  TINY_PNG,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");

async function acceptedAward(traits: ("accepted" | "declined")[] = ["accepted"]) {
  const event = await eventFactory(t.db, { traits: ["published"] });
  const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"] });
  await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 500_000, reason: "A gift for the fund" });
  const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
  const award = await awardFactory(t.db, {
    applicationId: application.id,
    traits,
    waiverCents: 29_500,
    travelCents: 40_000,
    lodgingCents: 30_000,
  });
  const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
  return { award, organiser };
}

/** Today where the (factory default, Chicago) event is: payouts are dated in the event's zone. */
const today = () => DateTime.now().setZone("America/Chicago").toFormat("yyyy-LL-dd");

const snapshot = () =>
  Promise.all([
    t.db.stipendPayout.findMany({ orderBy: { id: "asc" } }),
    t.db.stipendReceipt.count(),
    t.db.fundEntry.findMany({ orderBy: { id: "asc" } }),
    t.db.award.findMany({ orderBy: { id: "asc" } }),
  ]);

describe("receipt types", () => {
  it("are read from the bytes, whatever the name says", () => {
    expect(sniffReceiptType(PDF)).toBe("application/pdf");
    expect(sniffReceiptType(TINY_PNG)).toBe("image/png");
    expect(sniffReceiptType(JPEG)).toBe("image/jpeg");
    expect(sniffReceiptType(GIF)).toBeNull();
    expect(sniffReceiptType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffReceiptType(new Uint8Array())).toBeNull();
  });
});

describe("recording payouts", () => {
  it("records a payout with receipts and moves its amount from committed to paid", async () => {
    const { award, organiser } = await acceptedAward();
    const before = await fundBalance(t.db);
    const payout = await recordPayout(t.db, {
      awardId: award.id,
      amountCents: 25_000,
      paidOn: today(),
      note: "  Flights  ",
      receipts: [
        { fileName: "C:\\Users\\me\\flight.pdf", bytes: PDF },
        { fileName: "hotel.png", bytes: TINY_PNG },
      ],
      recordedById: organiser.id,
    });
    expect(payout.note).toBe("Flights");
    const receipts = await t.db.stipendReceipt.findMany({ where: { payoutId: payout.id }, orderBy: { fileName: "asc" } });
    expect(receipts.map((r) => [r.fileName, r.contentType, r.size])).toEqual([
      ["flight.pdf", "application/pdf", PDF.byteLength],
      ["hotel.png", "image/png", TINY_PNG.byteLength],
    ]);
    expect(Buffer.from(receipts[0].content)).toEqual(Buffer.from(PDF));
    expect(await t.db.fundEntry.findFirstOrThrow({ where: { payoutId: payout.id } })).toMatchObject({
      kind: "STIPEND_PAID",
      amountCents: 25_000,
      awardId: award.id,
    });
    expect((await t.db.award.findUniqueOrThrow({ where: { id: award.id } })).paidCents).toBe(29_500 + 25_000);
    expect(await fundBalance(t.db)).toEqual({
      ...before,
      committedCents: before.committedCents - 25_000,
      paidCents: before.paidCents + 25_000,
    });
    expect(await t.db.auditLog.count({ where: { action: "scholarship.stipend.paid", subjectId: award.id } })).toBe(1);
  });

  it("refuses bad amounts, dates, files and awards with a clear message, changing nothing", async () => {
    const { award, organiser } = await acceptedAward();
    const offered = await acceptedAward([]);
    const receipts: ReceiptUpload[] = [];
    const base = { awardId: award.id, amountCents: 10_000, paidOn: today(), note: "", receipts, recordedById: organiser.id };
    const tomorrow = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const big: ReceiptUpload = { fileName: "scan.pdf", bytes: new Uint8Array(MAX_RECEIPT_BYTES + 1).fill(0x25) };
    big.bytes.set(PDF.subarray(0, 5));
    const before = await snapshot();
    const attempts: [Partial<typeof base>, string][] = [
      [{ amountCents: 0 }, "more than zero"],
      [{ amountCents: -500 }, "more than zero"],
      [{ amountCents: 12.5 }, "whole cents"],
      [{ amountCents: 10 ** 12 }, "far larger than any stipend"],
      [{ amountCents: 70_001 }, "more than the award's travel and lodging: $700.00 in all, $0.00 paid, $700.00 left"],
      [{ paidOn: "2027-02-30" }, "Enter the day it was paid"],
      [{ paidOn: tomorrow }, "choose today or an earlier day"],
      [{ paidOn: "2001-01-01" }, "before the award was made"],
      [{ receipts: [{ fileName: "receipt.pdf", bytes: GIF }] }, "“receipt.pdf” is not a PDF, PNG or JPEG file."],
      [{ receipts: [{ fileName: "empty.pdf", bytes: new Uint8Array() }] }, "“empty.pdf” is empty."],
      [{ receipts: [big] }, "“scan.pdf” is larger than 5 MB"],
      [{ receipts: Array.from({ length: 6 }, (_, i) => ({ fileName: `r${i}.png`, bytes: TINY_PNG })) }, "at most 5 receipts"],
      [{ awardId: offered.award.id }, "only on accepted awards"],
    ];
    for (const [change, message] of attempts) {
      const attempt = recordPayout(t.db, { ...base, ...change });
      await expect(attempt).rejects.toThrow(RuleViolation);
      await expect(attempt).rejects.toThrow(message);
    }
    await expect(recordPayout(t.db, { ...base, awardId: "no-such-award" })).rejects.toThrow(NotFoundError);
    expect(await snapshot()).toEqual(before);
  });

  it("two organisers recording at once can't pay more than the stipend", async () => {
    const { award, organiser } = await acceptedAward();
    const pay = () =>
      recordPayout(t.db, {
        awardId: award.id,
        amountCents: 40_000,
        paidOn: today(),
        note: "",
        receipts: [],
        recordedById: organiser.id,
      });
    const results = await Promise.allSettled([pay(), pay(), pay()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const sums = await t.db.stipendPayout.aggregate({ where: { awardId: award.id }, _sum: { amountCents: true } });
    expect(sums._sum.amountCents).toBe(40_000);
    expect(await t.db.fundEntry.count({ where: { kind: "STIPEND_PAID", payoutId: { not: null } } })).toBe(1);
  });
});
