// The demo summit's programme: three days, three tracks, four rooms, 25 fictional
// speakers (no real people or organisations). Release 1 publishes it; release 2 moves a
// session, changes a room and cancels one, so the change list and emails show something.
import { DateTime } from "luxon";
import type { SessionKind } from "~/generated/prisma/enums.ts";
import { rsvp, starSession } from "~/modules/agenda/attendee.server.ts";
import { type AgendaMailSettings, publishAgenda } from "~/modules/agenda/releases.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { agendaSessionFactory, roomFactory, speakerFactory, trackFactory } from "../tests/factories/index.ts";

export const DEMO_SUMMIT_SLUG = "social-media-summit-2027";
const DAYS = { 1: "2027-09-27", 2: "2027-09-28", 3: "2027-09-29" } as const;

const TRACKS = {
  strategy: { name: "Strategy & Leadership", color: "#0b5cad" },
  clinicians: { name: "Clinicians Online", color: "#a23b72" },
  patients: { name: "Patients & Caregivers", color: "#1f7a4d" },
} as const;

const ROOMS = {
  harbor: { name: "Harbor Auditorium", capacity: 400, stepFree: true, hearingLoop: true, liveCaptioning: true },
  riverside: { name: "Riverside Hall", capacity: 150, stepFree: true, hearingLoop: true, liveCaptioning: false },
  palmetto: { name: "Palmetto Room (mezzanine)", capacity: 80, stepFree: false, hearingLoop: false, liveCaptioning: true },
  studio: { name: "Studio 3", capacity: 30, stepFree: true, hearingLoop: false, liveCaptioning: false },
} as const;

type Speaker = { name: string; title: string; organisation: string; bio: string; handles?: Record<string, string> };

const SPEAKERS = {
  okafor: {
    name: "Dr. Amara Okafor",
    title: "Chief medical officer",
    organisation: "Lakeshore Regional Health",
    bio: "Amara is an internist who has led her health system's move from press releases to conversations. She writes about trust, plain language and the ethics of clinicians in public.",
    handles: { mastodon: "@amara@med.social.example", bluesky: "amara-okafor.example" },
  },
  alvarez: {
    name: "Mateo Alvarez",
    title: "Director of digital communication",
    organisation: "Coastal Children's Hospital",
    bio: "Mateo runs a team of six that answers families around the clock. Before health care he was a local news producer.",
    handles: { bluesky: "mateo-alvarez.example" },
  },
  raman: {
    name: "Priya Raman",
    title: "Nurse educator",
    organisation: "Northfield College of Nursing",
    bio: "Priya teaches digital professionalism to nursing students and still works weekend shifts on a surgical ward.",
  },
  goldberg: {
    name: "Hannah Goldberg",
    title: "Patient advocate",
    organisation: "",
    bio: "Hannah has lived with type 1 diabetes for thirty years and writes a newsletter read by thousands of people managing chronic illness.",
    handles: { mastodon: "@hannah@patients.example" },
  },
  mensah: {
    name: "Dr. Kwame Mensah",
    title: "Family physician",
    organisation: "Riverbend Family Clinic",
    bio: "Kwame makes short explainer videos between appointments and talks about how to do it without burning out.",
  },
  lindqvist: {
    name: "Sofia Lindqvist",
    title: "Social media manager",
    organisation: "Pinecrest Health",
    bio: "Sofia built Pinecrest's community guidelines and moderation playbook, now used by a dozen partner hospitals.",
  },
  chen: {
    name: "Dr. Wei Chen",
    title: "Oncologist",
    organisation: "Bayside Cancer Institute",
    bio: "Wei shares what's new in cancer research in plain language and studies how patients use what they read online.",
    handles: { bluesky: "weichen-onc.example" },
  },
  kahale: {
    name: "Leilani Kahale",
    title: "Caregiver and writer",
    organisation: "",
    bio: "Leilani cared for her father through eight years of dementia and now moderates an online group for caregivers.",
  },
  nowak: {
    name: "Tomasz Nowak",
    title: "Health privacy counsel",
    organisation: "Meridian Law Group",
    bio: "Tomasz advises hospitals on privacy law and social media policy, and believes a good policy fits on two pages.",
  },
  rahman: {
    name: "Aisha Rahman",
    title: "Community pharmacist",
    organisation: "Crescent Community Pharmacy",
    bio: "Aisha answers medicine questions on video every Thursday and has opinions about memes.",
  },
  robinson: {
    name: "Dr. Jamal Robinson",
    title: "Emergency physician",
    organisation: "Ironwood Medical Center",
    bio: "Jamal led his hospital's public communication during two hurricanes and a measles outbreak.",
  },
  petrova: {
    name: "Dr. Elena Petrova",
    title: "Professor of health communication",
    organisation: "Eastbrook University",
    bio: "Elena studies how health information spreads online and what helps corrections stick.",
    handles: { mastodon: "@epetrova@scholar.example" },
  },
  mendoza: {
    name: "Carlos Mendoza",
    title: "Community health worker",
    organisation: "Valle Verde Health Collective",
    bio: "Carlos reaches Spanish-speaking families through messaging groups, local radio and a very popular cooking channel.",
  },
  whitfield: {
    name: "Grace Whitfield",
    title: "Chief marketing officer",
    organisation: "Willow Creek Health",
    bio: "Grace reports to her board on social media with one page of numbers and has stopped counting followers.",
  },
  desai: {
    name: "Dr. Ravi Desai",
    title: "Cardiologist",
    organisation: "Lakeshore Regional Health",
    bio: "Ravi has posted about heart health for ten years and has seen every kind of reply.",
  },
  haddad: {
    name: "Nadia Haddad",
    title: "Patient advocate and founder",
    organisation: "Rare Together Network",
    bio: "Nadia founded an online community for families living with rare diseases; it now has members in forty countries.",
    handles: { bluesky: "nadia-haddad.example" },
  },
  adeyemi: {
    name: "Dr. Oluwaseun Adeyemi",
    title: "Internal medicine resident",
    organisation: "Eastbrook University Hospital",
    bio: "Seun co-wrote his residency's curriculum on professionalism online and hosts a journal club on video.",
  },
  tanaka: {
    name: "Mei Tanaka",
    title: "Video producer",
    organisation: "Pinecrest Health",
    bio: "Mei has filmed more than 400 short health videos, most of them on a phone, all of them captioned.",
  },
  benali: {
    name: "Dr. Fatima Benali",
    title: "Paediatrician",
    organisation: "Coastal Children's Hospital",
    bio: "Fatima answers parents' questions online and helps families decide what to share about a sick child.",
  },
  oconnor: {
    name: "Liam O'Connor",
    title: "Caregiver and podcaster",
    organisation: "",
    bio: "Liam hosts a podcast about caring for a partner with multiple sclerosis, recorded at the kitchen table.",
  },
  santos: {
    name: "Isabel Santos",
    title: "Accessibility specialist",
    organisation: "Open Doors Design",
    bio: "Isabel helps health organisations write alt text, caption video and choose colours everyone can read.",
    handles: { mastodon: "@isabel@a11y.example" },
  },
  osei: {
    name: "Dr. Samuel Osei",
    title: "Psychiatrist",
    organisation: "Brightwater Behavioral Health",
    bio: "Samuel writes about mental health for a general audience and about boundaries for fellow clinicians.",
  },
  martin: {
    name: "Chloé Martin",
    title: "Nurse practitioner",
    organisation: "Riverbend Family Clinic",
    bio: "Chloé runs her clinic's patient question line and turns the most common questions into posts.",
  },
  kaya: {
    name: "Yusuf Kaya",
    title: "Analytics lead",
    organisation: "Willow Creek Health",
    bio: "Yusuf connects social media to outcomes that matter to a health system, such as booked appointments and flu shots.",
  },
  abernathy: {
    name: "Ruth Abernathy",
    title: "Patient advocate",
    organisation: "",
    bio: "Ruth is a retired teacher and breast cancer survivor who mentors newly diagnosed patients online.",
  },
} satisfies Record<string, Speaker>;

type SpeakerKey = keyof typeof SPEAKERS;

type DemoSession = {
  day: keyof typeof DAYS;
  start: string;
  end: string;
  title: string;
  kind: SessionKind;
  room?: keyof typeof ROOMS;
  track?: keyof typeof TRACKS;
  speakers?: SpeakerKey[];
  abstract?: string;
  capacity?: number;
};

const BREAKS: DemoSession[] = ([1, 2, 3] as const).flatMap((day) => [
  { day, start: "08:00", end: "09:00", title: day === 1 ? "Registration and breakfast" : "Breakfast", kind: "BREAK" as const },
  { day, start: "10:00", end: "10:30", title: "Coffee break", kind: "BREAK" as const },
  { day, start: "12:45", end: "13:45", title: "Lunch", kind: "BREAK" as const },
  { day, start: "14:45", end: "15:15", title: "Afternoon break", kind: "BREAK" as const },
]);

// Slots: keynote 9:00, A 10:30, B 11:45, C 13:45, closing 15:15. Harbor holds Strategy,
// Riverside Clinicians, Palmetto Patients; no speaker or room is in two places at once.
const SESSIONS: DemoSession[] = [
  ...BREAKS,
  // Monday
  {
    day: 1,
    start: "09:00",
    end: "10:00",
    kind: "KEYNOTE",
    room: "harbor",
    speakers: ["okafor"],
    title: "Opening keynote: Trust at the speed of a scroll",
    abstract:
      "People decide whether to trust health information in seconds. What earns that trust, what loses it, and what health care organisations can do differently on Monday morning.",
  },
  {
    day: 1,
    start: "10:30",
    end: "11:30",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["nowak", "whitfield"],
    title: "A social media policy people actually read",
    abstract:
      "Most policies are forty pages nobody opens. A lawyer and a marketer show the two-page version their staff follow, and the three rules that matter most.",
  },
  {
    day: 1,
    start: "10:30",
    end: "11:30",
    kind: "PANEL",
    room: "riverside",
    track: "clinicians",
    speakers: ["mensah", "benali", "adeyemi"],
    title: "Clinicians on camera: boundaries, burnout and the public",
    abstract:
      "Three clinicians on deciding what to share, handling the comment section and keeping posting from becoming a second job.",
  },
  {
    day: 1,
    start: "10:30",
    end: "11:30",
    kind: "TALK",
    room: "palmetto",
    track: "patients",
    speakers: ["goldberg"],
    title: "Your story, your terms: sharing a diagnosis online",
    abstract:
      "How to decide what to share, with whom, and when; how to change your mind later; and how to handle advice you didn't ask for.",
  },
  {
    day: 1,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["kaya"],
    title: "Measuring what matters: from likes to appointments",
    abstract: "Connecting social media to outcomes a health system cares about, with the simple tracking that made it possible.",
  },
  {
    day: 1,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["rahman", "martin"],
    title: "Answering health questions in public without giving medical advice",
    abstract:
      "Where general information ends and individual advice begins, with real (anonymised) questions and the answers given.",
  },
  {
    day: 1,
    start: "11:45",
    end: "12:45",
    kind: "PANEL",
    room: "palmetto",
    track: "patients",
    speakers: ["kahale", "oconnor", "abernathy"],
    title: "Caregivers online: finding your people at 2 a.m.",
    abstract:
      "Three caregivers on the groups, forums and podcasts that kept them going, and how to find a community that is kind.",
  },
  {
    day: 1,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["robinson"],
    title: "Crisis communication when the rumour is faster than the facts",
    abstract: "Lessons from two hurricanes and an outbreak: what to post in the first hour, and what to stop posting.",
  },
  {
    day: 1,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["raman"],
    title: "Teaching digital professionalism in nursing school",
    abstract: "A semester-long module, its case studies and what students asked that their teachers couldn't answer.",
  },
  {
    day: 1,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "palmetto",
    track: "patients",
    speakers: ["santos"],
    title: "Plain language that respects readers",
    abstract: "Rewriting patient information together: shorter sentences, fewer acronyms and no talking down.",
  },
  {
    day: 1,
    start: "15:15",
    end: "16:15",
    kind: "PANEL",
    room: "harbor",
    speakers: ["alvarez", "haddad", "desai"],
    title: "Day one, in your words: an open-floor conversation",
    abstract: "Bring your questions from today. Our panel answers what the room asks, with a microphone passed around.",
  },
  // Tuesday
  {
    day: 2,
    start: "09:00",
    end: "10:00",
    kind: "KEYNOTE",
    room: "harbor",
    speakers: ["haddad"],
    title: "Keynote: Patients as partners, not audiences",
    abstract:
      "What changes when patients help decide what a hospital says online, and why the best ideas in this field came from patient communities.",
  },
  {
    day: 2,
    start: "10:30",
    end: "11:30",
    kind: "PANEL",
    room: "harbor",
    track: "strategy",
    speakers: ["whitfield", "lindqvist", "alvarez"],
    title: "Building a social team inside a health system",
    abstract:
      "Who to hire first, where the team should report, and how to staff evenings and weekends without burning people out.",
  },
  {
    day: 2,
    start: "10:30",
    end: "11:30",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["tanaka", "chen"],
    title: "Short video for clinicians: a practical field guide",
    abstract:
      "Phone, light, sound, captions. A producer and an oncologist show how a one-minute explainer gets made in a lunch break.",
  },
  {
    day: 2,
    start: "10:30",
    end: "11:30",
    kind: "TALK",
    room: "palmetto",
    track: "patients",
    speakers: ["mendoza"],
    title: "Reaching communities in their own language",
    abstract:
      "Messaging groups, local radio and recipe videos: how trusted messengers share health information in Spanish and English.",
  },
  {
    day: 2,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["nowak"],
    title: "Governance without gridlock: approvals in hours, not weeks",
    abstract: "An approval process that protects patients and the organisation and still lets a team respond the same day.",
  },
  {
    day: 2,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["petrova", "desai"],
    title: "Evidence in a few lines: sharing research responsibly",
    abstract: "How to post about a new study without overselling it, and how to answer when someone else does.",
  },
  {
    day: 2,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "palmetto",
    track: "patients",
    speakers: ["benali", "kahale"],
    title: "When your child is the patient: privacy and parenting online",
    abstract:
      "A paediatrician and a caregiver on what to share about a child's illness, and what the child may think of it later.",
  },
  {
    day: 2,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["kaya"],
    title: "Paid social for flu shots: what worked and what didn't",
    abstract: "A season of campaigns, their costs per booked appointment, and the ads we will never run again.",
  },
  {
    day: 2,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["osei"],
    title: "Mental health clinicians online: care without a care relationship",
    abstract: "Writing helpfully about mental health for strangers, and what to do when a reader in crisis writes back.",
  },
  {
    day: 2,
    start: "13:45",
    end: "14:45",
    kind: "PANEL",
    room: "palmetto",
    track: "patients",
    speakers: ["goldberg", "abernathy", "oconnor"],
    title: "Ask the patient advocates",
    abstract: "No slides: three advocates answer your questions about working with hospitals, clinicians and each other.",
  },
  {
    day: 2,
    start: "13:45",
    end: "16:15",
    kind: "WORKSHOP",
    room: "studio",
    track: "clinicians",
    speakers: ["tanaka", "santos"],
    capacity: 24,
    title: "Hands-on: plan, film and caption a one-minute health video",
    abstract:
      "Bring a phone. In small groups you script, film, edit and caption a one-minute explainer and leave with a checklist. Limited to 24 seats, so please reserve one.",
  },
  {
    day: 2,
    start: "15:15",
    end: "16:15",
    kind: "PANEL",
    room: "harbor",
    speakers: ["robinson", "petrova", "chen"],
    title: "Misinformation: what actually changes minds",
    abstract: "A researcher, an emergency physician and an oncologist on corrections that work, and the ones that backfire.",
  },
  // Wednesday
  {
    day: 3,
    start: "09:00",
    end: "10:00",
    kind: "KEYNOTE",
    room: "harbor",
    speakers: ["petrova"],
    title: "Keynote: What ten years of research says about health conversations online",
    abstract: "The findings that held up, the ones that didn't, and the questions researchers would love your help with.",
  },
  {
    day: 3,
    start: "10:30",
    end: "11:30",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["santos"],
    title: "Accessibility is everyone's job: alt text, captions and contrast",
    abstract: "Practical habits that make every post readable by more people, checked live on the audience's own accounts.",
  },
  {
    day: 3,
    start: "10:30",
    end: "11:30",
    kind: "PANEL",
    room: "riverside",
    track: "clinicians",
    speakers: ["desai", "mensah", "martin"],
    title: "Clinicians who post: lessons from ten years online",
    abstract: "What they would tell their younger selves, what their employers learned, and what patients told them.",
  },
  {
    day: 3,
    start: "10:30",
    end: "11:30",
    kind: "TALK",
    room: "palmetto",
    track: "patients",
    speakers: ["oconnor"],
    title: "Podcasting the caregiver years",
    abstract:
      "Starting a podcast with a borrowed microphone, finding listeners, and keeping the person you care for in charge of their story.",
  },
  {
    day: 3,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["lindqvist", "alvarez"],
    title: "Working with creators in health care, ethically",
    abstract: "Disclosure, review and payment: how two hospitals work with creators and keep patients' trust.",
  },
  {
    day: 3,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["rahman"],
    title: "Pharmacists on social media: myths, medicines and memes",
    abstract: "The questions people ask a pharmacist online, and how humour can carry accurate information.",
  },
  {
    day: 3,
    start: "11:45",
    end: "12:45",
    kind: "TALK",
    room: "palmetto",
    track: "patients",
    speakers: ["kahale", "osei"],
    title: "Online support groups: moderation that keeps people safe",
    abstract: "Group rules, volunteer moderators and what to do when someone posts that they are not safe.",
  },
  {
    day: 3,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "harbor",
    track: "strategy",
    speakers: ["whitfield"],
    title: "Reporting to the board: a one-page social media dashboard",
    abstract: "The six numbers that fit on one page and answer the questions boards actually ask.",
  },
  {
    day: 3,
    start: "13:45",
    end: "14:45",
    kind: "TALK",
    room: "riverside",
    track: "clinicians",
    speakers: ["adeyemi", "raman"],
    title: "Residents and students online: a curriculum that works",
    abstract: "A shared curriculum for medical residents and nursing students: cases, assignments and how we know it helps.",
  },
  {
    day: 3,
    start: "13:45",
    end: "14:45",
    kind: "PANEL",
    room: "palmetto",
    track: "patients",
    speakers: ["haddad", "abernathy", "goldberg"],
    title: "Scholarship stories: coming to the Summit as a patient or caregiver",
    abstract:
      "Past scholarship recipients on travelling to a professional conference as a patient or caregiver, and what organisers can do to make it easier.",
  },
  {
    day: 3,
    start: "15:15",
    end: "16:15",
    kind: "KEYNOTE",
    room: "harbor",
    speakers: ["mendoza"],
    title: "Closing keynote: Health is local, even online",
    abstract:
      "Why the most effective health communication still sounds like a neighbour, and how large organisations can learn to sound like one.",
  },
];

// Release 2: the changes an organiser makes after the first release.
const MOVED = { title: "Short video for clinicians: a practical field guide", day: 2, start: "10:45", end: "11:45" } as const;
const NEW_ROOM = { title: "Plain language that respects readers", room: "studio" as const };
const CANCELLED = "Online support groups: moderation that keeps people safe";
export const DEMO_WORKSHOP = "Hands-on: plan, film and caption a one-minute health video";

/** The demo attendee's stars: the opening keynote, two overlapping talks, and sessions release 2 changes. */
export const DEMO_STARS = [
  "Opening keynote: Trust at the speed of a scroll",
  "A social media policy people actually read",
  "Your story, your terms: sharing a diagnosis online",
  MOVED.title,
  CANCELLED,
];

const local = (day: keyof typeof DAYS, time: string) => `${DAYS[day]}T${time}`;

/** The working copy, everything published; inside the seed's transaction. */
export async function seedDemoAgenda(db: DbTx, eventId: string) {
  const tracks: Record<string, string> = {};
  for (const [i, [key, track]] of Object.entries(TRACKS).entries()) {
    tracks[key] = (await trackFactory(db, { eventId, ...track, position: i })).id;
  }
  const rooms: Record<string, string> = {};
  for (const [i, [key, room]] of Object.entries(ROOMS).entries()) {
    rooms[key] = (await roomFactory(db, { eventId, ...room, position: i })).id;
  }
  const speakers: Record<string, string> = {};
  for (const [key, speaker] of Object.entries(SPEAKERS) as [SpeakerKey, Speaker][]) {
    speakers[key] = (await speakerFactory(db, { eventId, handles: {}, ...speaker })).id;
  }
  for (const s of SESSIONS) {
    await agendaSessionFactory(db, {
      eventId,
      traits: ["published"],
      title: s.title,
      abstract: s.abstract ?? "",
      kind: s.kind,
      trackId: s.track ? tracks[s.track] : null,
      roomId: s.room ? rooms[s.room] : null,
      capacity: s.capacity ?? null,
      speakerIds: (s.speakers ?? []).map((k) => speakers[k]),
      localStart: local(s.day, s.start),
      localEnd: local(s.day, s.end),
    });
  }
}

/**
 * Publishes the demo programme: release 1, the demo attendee's stars and workshop seat,
 * then the organiser's changes and release 2. publishAgenda runs its own transaction, so
 * this runs after the seed's; every step is repeatable, and the release count says where
 * an interrupted start stopped, so the next start finishes the job. Returns whether it did anything.
 */
export async function releaseDemoAgenda(db: Db, mail?: AgendaMailSettings): Promise<boolean> {
  const summit = await db.event.findUnique({
    where: { slug: DEMO_SUMMIT_SLUG },
    select: { id: true, timeZone: true, _count: { select: { releases: true, sessions: true } } },
  });
  // No sessions: a database seeded before the demo had an agenda. Two releases: done.
  if (!summit || summit._count.sessions === 0 || summit._count.releases >= 2) return false;
  const [organiser, attendee] = await Promise.all([
    db.user.findUnique({ where: { email: "organizer@summit.test" }, select: { id: true } }),
    db.user.findUnique({ where: { email: "attendee@summit.test" }, select: { id: true } }),
  ]);
  if (!organiser || !attendee) return false;
  const sessionId = async (title: string) =>
    (await db.agendaSession.findFirstOrThrow({ where: { eventId: summit.id, title }, select: { id: true } })).id;

  if (summit._count.releases === 0) await publishAgenda(db, organiser.id, summit.id, mail);
  for (const title of DEMO_STARS) await starSession(db, attendee.id, await sessionId(title));
  await rsvp(db, attendee.id, await sessionId(DEMO_WORKSHOP));

  const at = (time: string) => DateTime.fromISO(local(MOVED.day, time), { zone: summit.timeZone }).toJSDate();
  const studio = await db.room.findFirstOrThrow({ where: { eventId: summit.id, name: ROOMS[NEW_ROOM.room].name } });
  await db.agendaSession.update({
    where: { id: await sessionId(MOVED.title) },
    data: { startsAt: at(MOVED.start), endsAt: at(MOVED.end) },
  });
  await db.agendaSession.update({ where: { id: await sessionId(NEW_ROOM.title) }, data: { roomId: studio.id } });
  await db.agendaSession.update({ where: { id: await sessionId(CANCELLED) }, data: { status: "CANCELLED" } });
  await publishAgenda(db, organiser.id, summit.id, mail);
  return true;
}
