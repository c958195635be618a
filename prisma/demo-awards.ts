// Scholarship decisions for the demo: the committee worked down its ranking of fully reviewed
// applications and made awards in every state — accepted (with their complimentary
// registrations; one couple on one order of two seats), one stipend paid with its receipt,
// offered and awaiting a reply, declined by the awardee, lapsed — plus a waiting list and one
// application not awarded. Everything else (the other couple too) stays undecided, with money
// left in the fund, for people trying the committee. Built with the test factories inside the
// seed's transaction; the order is by score, then name, so every seed decides the same people.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { parseCommitteeFilter } from "~/modules/scholarships/award.schema.ts";
import { waiverValue } from "~/modules/scholarships/awards.server.ts";
import { type CommitteeMember, committeeView } from "~/modules/scholarships/committee.server.ts";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import type { DbTx } from "~/shared/db.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { awardFactory, orderFactory, stipendPayoutFactory } from "../tests/factories/index.ts";

const DAY = 24 * 60 * 60_000;

type SingleDecision = "accepted-paid" | "accepted" | "offered" | "declined" | "lapsed" | "waitlisted" | "not-awarded";
/** In ranking order: the best-scored get the awards, the next wait, one is not awarded. */
const SINGLES: SingleDecision[] = [
  "accepted-paid",
  "accepted",
  "offered",
  "declined",
  "lapsed",
  "waitlisted",
  "waitlisted",
  "not-awarded",
];

/** A one-page PDF receipt, as an awardee would send one in. */
async function receiptPdf(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([420, 300]);
  lines.forEach((line, i) => {
    page.drawText(line, { x: 32, y: 250 - i * 22, size: i === 0 ? 16 : 11, font });
  });
  return pdf.save();
}

export async function seedDemoAwards(db: DbTx, { cycleId }: { cycleId: string }) {
  const now = Date.now();
  const cycle = await db.scholarshipCycle.findUniqueOrThrow({ where: { id: cycleId }, include: { event: true } });
  const organiser = await db.user.findUniqueOrThrow({ where: { email: "organizer@summit.test" } });
  const waiverCents = await waiverValue(db, cycle.eventId);

  const undecided = [];
  for (let page = 1; ; page++) {
    const view = await committeeView(
      db,
      cycleId,
      parseCommitteeFilter(new URLSearchParams({ status: "UNDECIDED", page: String(page) })),
    );
    undecided.push(...view.groups);
    if (page >= view.pageCount) break;
  }
  const fullyReviewed = undecided
    .filter((g) => g.members.every((m) => m.reviews >= cycle.reviewersPerApplication))
    .sort((a, b) => (b.groupMean ?? 0) - (a.groupMean ?? 0) || a.members[0].name.localeCompare(b.members[0].name));

  const amounts = (m: CommitteeMember) => ({
    waiverCents: m.prefill.waiver ? waiverCents : 0,
    travelCents: m.prefill.travelCents,
    lodgingCents: m.prefill.lodgingCents,
    decidedById: organiser.id,
    createdAt: new Date(now - 9 * DAY),
  });
  const replied = new Date(now - 4 * DAY);
  const singles = [...SINGLES];
  // The best-ranked couple accepted together; the other is left for the demo committee.
  let coupleAccepted = false;
  for (const group of fullyReviewed) {
    if (group.members.length === 2 && !coupleAccepted) {
      coupleAccepted = true;
      // Both accepted: one order of two seats, in the patient's name, like acceptAward makes it.
      const people = await db.scholarshipApplication.findMany({
        where: { id: { in: group.members.map((m) => m.id) } },
        orderBy: { role: "asc" },
        include: { applicant: true },
      });
      const order = await orderFactory(db, {
        eventId: cycle.eventId,
        traits: ["complimentary"],
        source: "SCHOLARSHIP",
        buyerId: people[0].applicantId,
        buyerName: people[0].applicant.name,
        buyerEmail: people[0].applicant.email,
        createdAt: replied,
        attendees: people.map((p) => ({
          ticketTypeId: cycle.ticketTypeId as string,
          attendeeName: p.applicant.name,
          attendeeEmail: p.applicant.email,
          userId: p.applicantId,
          accessibilityNeeds: p.accessibilityNeeds,
          accessibilityNotes: p.accessibilityNotes,
        })),
      });
      for (const [i, p] of people.entries()) {
        const member = group.members.find((m) => m.id === p.id) as CommitteeMember;
        await awardFactory(db, {
          applicationId: p.id,
          traits: ["accepted"],
          registrationId: order.registrations[i].id,
          respondedAt: replied,
          ...amounts(member),
        });
      }
      continue;
    }
    if (group.members.length !== 1 || singles.length === 0) continue;
    const [member] = group.members;
    let decision = singles.shift() as SingleDecision;
    // The paid stipend needs an award with a stipend: an award of the waiver alone passes it on.
    if (decision === "accepted-paid" && member.prefill.travelCents + member.prefill.lodgingCents === 0) {
      singles.unshift(decision);
      decision = "accepted";
    }
    if (decision === "waitlisted" || decision === "not-awarded") {
      await db.scholarshipApplication.update({
        where: { id: member.id },
        data: { status: decision === "waitlisted" ? "WAITLISTED" : "DECLINED", decidedAt: new Date(now - 9 * DAY) },
      });
      continue;
    }
    if (decision === "offered") {
      await awardFactory(db, { applicationId: member.id, ...amounts(member) });
      continue;
    }
    if (decision === "declined" || decision === "lapsed") {
      await awardFactory(db, {
        applicationId: member.id,
        traits: [decision],
        ...amounts(member),
        // The lapsed one had an early offer with a short deadline, and was reminded first.
        ...(decision === "lapsed"
          ? { replyBy: new Date(now - 2 * DAY), remindedAt: new Date(now - 5 * DAY) }
          : { respondedAt: replied }),
      });
      continue;
    }
    const award = await awardFactory(db, {
      applicationId: member.id,
      traits: ["accepted"],
      respondedAt: replied,
      ...amounts(member),
    });
    if (decision === "accepted-paid") {
      const applicant = await db.user.findFirstOrThrow({ where: { applications: { some: { id: member.id } } } });
      const flight = award.travelCents > 0;
      const amountCents = flight ? award.travelCents : award.lodgingCents;
      const lines = flight
        ? ["Coastline Air — e-ticket receipt", `Passenger: ${applicant.name}`, "Return flight to Jacksonville (JAX)"]
        : ["Harbor Inn Jacksonville — receipt", `Guest: ${applicant.name}`, "Three nights, 26–29 September 2027"];
      await stipendPayoutFactory(db, {
        awardId: award.id,
        amountCents,
        paidOn: new Date(now - DAY),
        note: flight ? "Return flight, reimbursed by bank transfer" : "Hotel, reimbursed by bank transfer",
        recordedById: organiser.id,
        receipts: [
          {
            fileName: flight ? "airfare-receipt.pdf" : "hotel-receipt.pdf",
            contentType: "application/pdf",
            content: await receiptPdf([...lines, `Paid: ${formatMoney(amountCents)}`, "Card ending 4242"]),
          },
        ],
      });
    }
  }
  // The factories don't check the balance (commitAward does): the demo must stay within it.
  const fund = await fundBalance(db);
  if (fund.availableCents < 0) throw new Error(`The demo awards exceed the demo fund by ${formatMoney(-fund.availableCents)}`);
}
