import type { AgendaMailSettings } from "~/modules/agenda/releases.server.ts";
import type { StoryKeys } from "~/modules/scholarships/story-crypto.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { CAMPUSES, campusFactory, eventFactory, userFactory } from "../tests/factories/index.ts";
import { DEMO_SUMMIT_SLUG, releaseDemoAgenda, seedDemoAgenda } from "./demo-agenda.ts";
import { seedDemoAwards } from "./demo-awards.ts";
import { seedDemoCheckIn } from "./demo-checkin.ts";
import { seedDemoFund } from "./demo-fund.ts";
import { seedDemoRegistration } from "./demo-registration.ts";
import { seedDemoApplications } from "./demo-scholarships.ts";

export const DEMO_PASSWORD = "summit-demo-2027";

export const DEMO_ACCOUNTS = [
  { role: "Admin", email: "admin@summit.test", name: "Avery Admin", traits: ["verified", "admin"] },
  { role: "Organizer", email: "organizer@summit.test", name: "Olivia Organizer", traits: ["verified", "organizer"] },
  { role: "Reviewer", email: "reviewer@summit.test", name: "Riley Reviewer", traits: ["verified", "reviewer"] },
  { role: "Staff", email: "staff@summit.test", name: "Sam Staff", traits: ["verified", "staff"] },
  { role: "Attendee", email: "attendee@summit.test", name: "Alex Attendee", traits: ["verified"] },
] as const;

/** The fictional Center for Social Media in Health Care, its campuses, events and one account per role. */
/** `storyKeys`: the app's SCHOLARSHIP_STORY_KEYS, so it can read the demo's stories. */
export async function seedDemo(db: DbTx, storyKeys: StoryKeys) {
  const rochester = await campusFactory(db, CAMPUSES.rochester);
  const jacksonville = await campusFactory(db, CAMPUSES.jacksonville);
  const scottsdale = await campusFactory(db, CAMPUSES.scottsdale);

  const summit = await eventFactory(db, {
    traits: ["published"],
    campusId: jacksonville.id,
    slug: DEMO_SUMMIT_SLUG,
    name: "Social Media Summit 2027",
    kind: "SUMMIT",
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
    description:
      "Three days on how health care organisations, clinicians, patients and caregivers use social media well: keynotes, panels and hands-on workshops.\n\nPatients and caregivers can apply for scholarships funded by the net proceeds of our book.",
  });
  await seedDemoAgenda(db, summit.id);
  const bootCamp = await eventFactory(db, {
    traits: ["published"],
    campusId: rochester.id,
    slug: "social-media-boot-camp-2027",
    name: "Social Media Boot Camp",
    kind: "BOOTCAMP",
    localStart: "2027-05-10T08:30",
    localEnd: "2027-05-14T16:30",
    description: "A week-long, hands-on boot camp: strategy, content, measurement and policy for health care communicators.",
  });
  await eventFactory(db, {
    traits: ["published"],
    campusId: scottsdale.id,
    slug: "patient-voices-workshop-2027",
    name: "Patient Voices Workshop",
    kind: "WORKSHOP",
    localStart: "2027-03-06T09:00",
    localEnd: "2027-03-06T16:00",
    description: "One day for patients and caregivers who want to share their stories online safely and effectively.",
  });

  for (const account of DEMO_ACCOUNTS) {
    await userFactory(db, { email: account.email, name: account.name, traits: [...account.traits], password: DEMO_PASSWORD });
  }
  await seedDemoRegistration(db, { summitId: summit.id, bootCampId: bootCamp.id });
  await seedDemoFund(db);
  const { cycleId } = await seedDemoApplications(db, { summitId: summit.id, storyKeys, password: DEMO_PASSWORD });
  await seedDemoAwards(db, { cycleId });
  await seedDemoCheckIn(db, { summitId: summit.id });
}

/** Seeds only an empty database, so restarts keep whatever people have changed. */
export async function seedIfEmpty(db: Db, storyKeys: StoryKeys, mail?: AgendaMailSettings): Promise<boolean> {
  const empty = (await db.user.count()) === 0 && (await db.campus.count()) === 0;
  // One transaction: a crash mid-seed leaves an empty database that seeds again next start.
  if (empty) await db.$transaction((tx) => seedDemo(tx, storyKeys), { timeout: 120_000 });
  // Releases are published in their own transactions; this resumes where a crash left them.
  const released = await releaseDemoAgenda(db, mail);
  return empty || released;
}
