// Scholarship demo data: a cycle for the summit, open now, with about forty applications from
// patients and caregivers in every applicant-side state — drafts, submitted and waiting,
// under review, fully reviewed, withdrawn — two paired patient–caregiver couples and one
// invitation still pending. Three reviewers (reviewer@summit.test and two more) have
// assignments, some scored, one recused; a few story reads are on the audit log. Stories are
// fictional and sealed with the app's own keys. Decisions and awards come from demo-awards.ts.
// Everything comes from one seeded generator; dates are relative to today, like the sales.
import { DateTime } from "luxon";
import type { AccessibilityNeed, ApplicantRole, Role } from "~/generated/prisma/enums.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { readStory } from "~/modules/scholarships/story-access.server.ts";
import type { StoryKeys } from "~/modules/scholarships/story-crypto.server.ts";
import type { DbTx } from "~/shared/db.server.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
import { reviewAssignmentFactory, scholarshipApplicationFactory, scholarshipCycleFactory } from "../tests/factories/index.ts";
import { FIRST_NAMES, generator, LAST_NAMES, type Random } from "./demo-registration.ts";

export const DEMO_CYCLE_NAME = "2027 Summit scholarships";
/** reviewer@summit.test is one of DEMO_ACCOUNTS; these two review alongside. */
export const DEMO_REVIEWERS = [
  { email: "jamie.reviewer@summit.test", name: "Jamie Reviewer" },
  { email: "priya.reviewer@summit.test", name: "Priya Reviewer" },
] as const;

const DAY = 24 * 60 * 60_000;
/** The first application under review (see plans()) is the demo attendee's. */
const ATTENDEE_INDEX = 14;

const CONDITIONS = [
  "type 1 diabetes",
  "multiple sclerosis",
  "a rare kidney disease",
  "long COVID",
  "metastatic breast cancer",
  "Crohn's disease",
  "sickle cell disease",
  "early-onset Parkinson's",
  "cystic fibrosis",
  "lupus",
];
const OPENINGS = [
  "Since my diagnosis with {c}, online communities have been where I learn the most.",
  "I have lived with {c} for eleven years, and I moderate a support group of about 2,000 members.",
  "When I was diagnosed with {c}, the first people who really helped me were other patients on social media.",
  "I write a small blog about life with {c}; some clinicians now send their patients to it.",
];
const CAREGIVER_OPENINGS = [
  "I care for my partner, who lives with {c}; I handle the appointments, the insurance calls and the bad nights.",
  "My son was diagnosed with {c} at six. I run a parents' group that answers questions at three in the morning.",
  "I look after my mother, who has {c}, and I share what we learn with other caregivers online.",
];
const HOPES = [
  "At the summit I want to learn how to share our stories safely, without giving away more than we mean to.",
  "I hope to bring back practical skills for our group: short video, plain language, and handling misinformation kindly.",
  "Meeting clinicians who use social media well would help me build bridges between our community and the clinic.",
  "I want to learn how to measure whether what we post actually helps people, and how to keep going when it doesn't.",
];
const NEEDS = [
  "I work part-time because of my treatment, and the registration fee alone is more than a month of my medication co-pays.",
  "Our household runs on one income since I became a full-time caregiver; travel and a hotel are out of reach.",
  "I am on disability benefits. I can manage meals, but not the flight or three nights of lodging.",
  "Medical bills took our savings last year. The summit would be my first trip in four years.",
];
const NEEDS_MIX: AccessibilityNeed[][] = [[], [], [], ["STEP_FREE"], ["QUIET_ROOM"], ["CAPTIONING_ASL"], ["DIETARY"]];

function storyFor(random: Random, role: ApplicantRole) {
  const condition = random.pick(CONDITIONS);
  const opening = random.pick(role === "PATIENT" ? OPENINGS : CAREGIVER_OPENINGS).replace("{c}", condition);
  const first = random.int(HOPES.length);
  const second = (first + 1 + random.int(HOPES.length - 1)) % HOPES.length;
  return `${opening} ${HOPES[first]}\n\n${HOPES[second]}`;
}

/** What each applicant is at: how far they got, and how far their reviews got. */
type Plan = {
  role: ApplicantRole;
  state: "draft" | "submitted" | "reviewing" | "reviewed" | "withdrawn";
  pairWith?: number;
};

/** 40 applications: 8 drafts, 6 waiting for reviewers, 8 part-reviewed, 14 fully reviewed, 4 withdrawn. */
function plans(): Plan[] {
  const list: Plan[] = [];
  const add = (n: number, state: Plan["state"], caregiverEvery = 4) => {
    for (let i = 0; i < n; i++) list.push({ role: i % caregiverEvery === caregiverEvery - 1 ? "CAREGIVER" : "PATIENT", state });
  };
  add(8, "draft");
  add(6, "submitted");
  add(8, "reviewing", 3);
  add(10, "reviewed");
  add(4, "withdrawn");
  // Two couples, both fully reviewed: the committee decides each pair together.
  list.push({ role: "PATIENT", state: "reviewed" }, { role: "CAREGIVER", state: "reviewed", pairWith: list.length });
  list.push({ role: "PATIENT", state: "reviewed" }, { role: "CAREGIVER", state: "reviewed", pairWith: list.length });
  return list;
}

export async function seedDemoApplications(
  db: DbTx,
  { summitId, storyKeys, password }: { summitId: string; storyKeys: StoryKeys; password: string },
) {
  const random = generator(6_2027);
  const now = Date.now();
  const summit = await db.event.findUniqueOrThrow({ where: { id: summitId }, select: { startsAt: true, timeZone: true } });
  const [riley, organiser, attendee, regular] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: "reviewer@summit.test" } }),
    db.user.findUniqueOrThrow({ where: { email: "organizer@summit.test" } }),
    db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" } }),
    db.ticketType.findFirst({
      where: { eventId: summitId, visibility: "PUBLIC", archived: false },
      orderBy: { position: "asc" },
    }),
  ]);
  // Hashing is slow on purpose: one hash serves every demo login made here.
  const passwordHash = await hashPassword(password);
  const account = (data: { email: string; name: string }, roles: Role[] = ["ATTENDEE"]) =>
    db.user.create({ data: { ...data, roles, passwordHash, emailVerifiedAt: new Date(now - 40 * DAY) } });
  const reviewers = [riley];
  for (const r of DEMO_REVIEWERS) reviewers.push(await account(r, ["ATTENDEE", "REVIEWER"]));

  // Opened at 9:00 a month ago; closes at 17:00 in two months, but always well before the summit.
  const today = DateTime.fromMillis(now, { zone: summit.timeZone }).startOf("day");
  const opensAt = today.minus({ days: 30 }).set({ hour: 9 }).toJSDate();
  const closesAt = DateTime.min(
    today.plus({ days: 60 }),
    DateTime.fromJSDate(summit.startsAt, { zone: summit.timeZone }).startOf("day").minus({ days: 75 }),
  )
    .set({ hour: 17 })
    .toJSDate();
  const cycle = await scholarshipCycleFactory(db, {
    eventId: summitId,
    name: DEMO_CYCLE_NAME,
    opensAt,
    closesAt,
    decisionAt: new Date(closesAt.getTime() + 21 * DAY),
    replyBy: new Date(closesAt.getTime() + 35 * DAY),
    maxAwardCents: 150_000,
    reviewersPerApplication: 2,
    blindReview: true,
    retentionMonths: 12,
    seats: 30,
    ticketType: {
      name: `${regular?.name ?? "Registration"} (complimentary)`,
      description: `Seats for the awards of ${DEMO_CYCLE_NAME}: registered at no charge when an award is accepted.`,
      priceCents: regular?.priceCents ?? 0,
    },
    criteria: [
      { name: "Impact of attending", description: "How much attending would mean for them and their community.", weight: 3 },
      { name: "Financial need", description: "How much the support makes attending possible.", weight: 2 },
      { name: "Community contribution", description: "What they would bring back to patients and caregivers.", weight: 1 },
    ],
  });

  const taken = new Set<string>();
  const person = () => {
    for (;;) {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const email = `${first}.${last}@mail.example`
        .normalize("NFD")
        .replace(/[^A-Za-z.@]/g, "")
        .toLowerCase();
      if (taken.has(email)) continue;
      taken.add(email);
      return { name: `${first} ${last}`, email };
    }
  };

  const all = plans();
  const ids: string[] = [];
  const load = new Map(reviewers.map((r) => [r.id, 0]));
  const leastLoaded = (exclude: string[]) =>
    reviewers
      .filter((r) => !exclude.includes(r.id))
      .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.name.localeCompare(b.name));
  let rileyRecused = false;
  for (const [i, plan] of all.entries()) {
    // The demo attendee has a submitted application of their own, under review.
    const applicant = i === ATTENDEE_INDEX ? attendee : await account(person());
    const createdAt = new Date(now - random.between(2, 28) * DAY - random.int(12) * 3_600_000);
    const submitted = plan.state !== "draft";
    const partial = plan.state === "draft" && random.chance(0.5);
    const travel = random.pick([0, 25_000, 35_000, 45_000, 60_000]);
    const needs = random.pick(NEEDS_MIX);
    const pairId = plan.pairWith !== undefined ? ids[plan.pairWith] : undefined;
    const application = await scholarshipApplicationFactory(db, {
      cycleId: cycle.id,
      applicantId: applicant.id,
      role: plan.role,
      traits: plan.state === "withdrawn" ? ["withdrawn"] : submitted ? ["submitted"] : ["draft"],
      keys: storyKeys,
      story: partial ? null : storyFor(random, plan.role),
      financialNeed: partial ? null : random.pick(NEEDS),
      requestWaiver: true,
      requestTravelCents: travel,
      requestLodgingCents: random.pick([0, 30_000, 45_000, 60_000]),
      accessibilityNeeds: needs,
      accessibilityNotes: needs.includes("DIETARY") ? "Vegetarian" : "",
      consentReviewersRead: submitted || random.chance(0.5),
      consentPublicQuote: random.chance(0.4),
      pairId: pairId ?? null,
      createdAt,
      submittedAt: submitted ? new Date(createdAt.getTime() + random.between(1, 48) * 3_600_000) : null,
      withdrawnAt: plan.state === "withdrawn" ? new Date(createdAt.getTime() + 5 * DAY) : null,
    });
    ids.push(application.id);
    if (pairId) {
      await db.scholarshipApplication.update({ where: { id: pairId }, data: { pairId } });
      await db.caregiverInvitation.create({
        data: {
          applicationId: pairId,
          email: applicant.email,
          tokenHash: hashToken(randomToken()),
          expiresAt: new Date(createdAt.getTime() + 14 * DAY),
          acceptedAt: createdAt,
          createdAt: new Date(createdAt.getTime() - DAY),
        },
      });
    }

    if (plan.state !== "reviewing" && plan.state !== "reviewed") continue;
    const chosen = leastLoaded([applicant.id]).slice(0, 2);
    for (const [k, reviewer] of chosen.entries()) {
      load.set(reviewer.id, (load.get(reviewer.id) ?? 0) + 1);
      // Riley knows one applicant and steps aside; Priya takes the place.
      if (!rileyRecused && reviewer.id === riley.id && plan.state === "reviewed") {
        rileyRecused = true;
        await reviewAssignmentFactory(db, {
          applicationId: application.id,
          reviewerId: riley.id,
          traits: ["recused"],
          conflictReason: "We volunteer in the same support group.",
        });
        const stand = leastLoaded([applicant.id, ...chosen.map((c) => c.id)])[0];
        load.set(stand.id, (load.get(stand.id) ?? 0) + 1);
        await reviewAssignmentFactory(db, {
          applicationId: application.id,
          reviewerId: stand.id,
          traits: ["scored"],
          scores: [random.between(2, 5), random.between(2, 5), random.between(1, 5)],
        });
        continue;
      }
      const done = plan.state === "reviewed" || k === 0;
      const base = random.between(2, 4);
      await reviewAssignmentFactory(db, {
        applicationId: application.id,
        reviewerId: reviewer.id,
        traits: done ? ["scored"] : [],
        scores: [base + random.int(2), base + random.int(2) - (random.chance(0.3) ? 1 : 0), random.between(1, 5)],
        comment: done ? random.pick(REVIEW_COMMENTS) : "",
      });
    }
  }

  // One patient has invited a caregiver who hasn't answered yet.
  const waiting = all.findIndex((p) => p.role === "PATIENT" && p.state === "submitted");
  await db.caregiverInvitation.create({
    data: {
      applicationId: ids[waiting],
      email: "a.caregiver@mail.example",
      tokenHash: hashToken(randomToken()),
      expiresAt: new Date(now + 10 * DAY),
      createdAt: new Date(now - 4 * DAY),
    },
  });

  // Reads leave their trace like in real use: Riley's reviews, and the organiser checking two.
  const rileys = await db.reviewAssignment.findMany({
    where: { reviewerId: riley.id, conflictDeclaredAt: null },
    orderBy: { createdAt: "asc" },
    take: 4,
    select: { applicationId: true },
  });
  for (const { applicationId } of rileys)
    await readStory(db, { applicationId, reader: riley, purpose: "review", keys: storyKeys });
  for (const applicationId of ids.slice(30, 32))
    await readStory(db, { applicationId, reader: organiser, purpose: "organiser", keys: storyKeys });
  return { cycleId: cycle.id, applicationIds: ids };
}

const REVIEW_COMMENTS = [
  "Clear, concrete plans for what they would bring back.",
  "Strong need; the story is moving but light on what they'd do afterwards.",
  "Already a community leader — high impact.",
  "Would benefit greatly; travel estimate looks realistic.",
  "Good case. Lodging request seems high for three nights.",
];
