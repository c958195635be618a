// The organisers' registrations table, its CSV export and the accessibility report, on a real database.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  accessibilityReport,
  exportRegistrations,
  listRegistrations,
} from "~/modules/registration/registrations-admin.server.ts";
import { parseRegistrationFilter } from "~/modules/registration/registrations-filter.ts";
import { NotFoundError } from "~/shared/errors.ts";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  orderFactory,
  registrationQuestionFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

const filter = (query = "") => parseRegistrationFilter(new URLSearchParams(query));

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.rochester);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    slug: "summit-2027",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const standard = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person", priceCents: 29_500 });
  const student = await ticketTypeFactory(t.db, { eventId: event.id, name: "Student", priceCents: 9_500 });
  const role = await registrationQuestionFactory(t.db, {
    eventId: event.id,
    label: "Your role",
    kind: "SINGLE_CHOICE",
    options: ["Clinician", "Communicator", "Patient"],
  });
  const topics = await registrationQuestionFactory(t.db, {
    eventId: event.id,
    label: "Topics",
    kind: "MULTI_CHOICE",
    options: ["Policy", "Video", "Research"],
  });
  const firstTime = await registrationQuestionFactory(t.db, { eventId: event.id, label: "First Summit?", kind: "YES_NO" });
  const note = await registrationQuestionFactory(t.db, { eventId: event.id, label: "Anything else", kind: "TEXT" });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  return { event, standard, student, role, topics, firstTime, note, organiser };
}

type Summit = Awaited<ReturnType<typeof summit>>;

/** Four people in three orders (one pending), plus a registration of another event that must never show. */
async function people(s: Summit) {
  const ana = await orderFactory(t.db, {
    eventId: s.event.id,
    traits: ["paid"],
    attendees: [
      {
        ticketTypeId: s.standard.id,
        attendeeName: "Ana Ortega",
        attendeeEmail: "ana@clinic.example",
        organisation: "Lakeside Clinic",
        accessibilityNeeds: ["STEP_FREE", "DIETARY"],
        accessibilityNotes: "Vegan, no nuts",
        photoConsent: false,
        answers: { [s.role.id]: "Clinician", [s.topics.id]: ["Policy", "Video"], [s.firstTime.id]: "yes", [s.note.id]: "Hi" },
      },
      {
        ticketTypeId: s.student.id,
        attendeeName: "Ben Okafor",
        attendeeEmail: "ben@uni.example",
        organisation: "State University",
        accessibilityNeeds: ["CAPTIONING_ASL"],
        answers: { [s.role.id]: "Communicator", [s.topics.id]: ["Research"], [s.firstTime.id]: "no" },
      },
    ],
  });
  const cara = await orderFactory(t.db, {
    eventId: s.event.id,
    traits: ["paid"],
    attendees: [
      {
        ticketTypeId: s.standard.id,
        attendeeName: "Cara Lind",
        attendeeEmail: "cara@lakeside.example",
        organisation: "Lakeside Clinic",
        member: true,
        answers: { [s.role.id]: "Patient", [s.topics.id]: ["Video"], [s.firstTime.id]: "yes" },
      },
    ],
  });
  const dev = await orderFactory(t.db, {
    eventId: s.event.id,
    traits: ["pending"],
    attendees: [
      {
        ticketTypeId: s.standard.id,
        attendeeName: "Dev Patel",
        attendeeEmail: "dev@example.org",
        accessibilityNeeds: ["QUIET_ROOM"],
        answers: {},
      },
    ],
  });
  const other = await eventFactory(t.db);
  const otherTicket = await ticketTypeFactory(t.db, { eventId: other.id });
  await orderFactory(t.db, {
    eventId: other.id,
    traits: ["paid"],
    attendees: [{ ticketTypeId: otherTicket.id, attendeeName: "Ana Elsewhere", accessibilityNeeds: ["STEP_FREE"] }],
  });
  // Registered on different days, oldest first: Ana & Ben, Cara, Dev.
  const at = (day: number) => new Date(Date.UTC(2027, 5, day, 15));
  await t.db.registration.updateMany({ where: { orderId: ana.id }, data: { createdAt: at(1) } });
  await t.db.registration.updateMany({ where: { orderId: cara.id }, data: { createdAt: at(2) } });
  await t.db.registration.updateMany({ where: { orderId: dev.id }, data: { createdAt: at(3) } });
  return { ana, cara, dev };
}

const names = (result: { registrations: { attendeeName: string }[] }) => result.registrations.map((r) => r.attendeeName);

describe("the registrations table", () => {
  it("lists one event's registrations newest first, with the total and the matching count", async () => {
    const s = await summit();
    await people(s);
    const all = await listRegistrations(t.db, s.event.id, filter());
    expect(names(all)).toEqual(["Dev Patel", "Cara Lind", expect.stringMatching(/Ana Ortega|Ben Okafor/), expect.any(String)]);
    expect(all).toMatchObject({ total: 4, matching: 4, pageCount: 1 });
    expect(names(await listRegistrations(t.db, s.event.id, filter("sort=oldest"))).slice(2)).toEqual(["Cara Lind", "Dev Patel"]);
    const one = await listRegistrations(t.db, s.event.id, filter("q=cara"));
    expect(one).toMatchObject({ total: 4, matching: 1 });
    expect(one.registrations[0]).toMatchObject({ member: true, ticketType: { name: "In person" }, priceCents: 29_500 });
  });

  it("searches name, email, organisation and order reference, ignoring case", async () => {
    const s = await summit();
    const { cara } = await people(s);
    const search = async (q: string) =>
      names(await listRegistrations(t.db, s.event.id, filter(`q=${encodeURIComponent(q)}`))).sort();
    expect(await search("ORTEGA")).toEqual(["Ana Ortega"]);
    expect(await search("uni.example")).toEqual(["Ben Okafor"]);
    expect(await search("lakeside")).toEqual(["Ana Ortega", "Cara Lind"]);
    expect(await search(cara.reference.toLowerCase())).toEqual(["Cara Lind"]);
    expect(await search("Elsewhere")).toEqual([]);
  });

  it("filters by ticket type, status, accessibility need, photo consent and answers, together", async () => {
    const s = await summit();
    await people(s);
    const list = async (query: string) => names(await listRegistrations(t.db, s.event.id, filter(query))).sort();
    expect(await list(`ticketTypeId=${s.student.id}`)).toEqual(["Ben Okafor"]);
    expect(await list("status=PENDING")).toEqual(["Dev Patel"]);
    expect(await list("status=CONFIRMED")).toEqual(["Ana Ortega", "Ben Okafor", "Cara Lind"]);
    expect(await list("need=STEP_FREE")).toEqual(["Ana Ortega"]);
    expect(await list("need=QUIET_ROOM")).toEqual(["Dev Patel"]);
    expect(await list("status=CONFIRMED&need=STEP_FREE")).toEqual(["Ana Ortega"]);
    expect(await list("q=ana&status=CONFIRMED&need=STEP_FREE&photo=no&sort=oldest")).toEqual(["Ana Ortega"]);
    expect(await list("photo=no")).toEqual(["Ana Ortega"]);
    expect(await list(`answer-${s.role.id}=Patient`)).toEqual(["Cara Lind"]);
    expect(await list(`answer-${s.topics.id}=Video`)).toEqual(["Ana Ortega", "Cara Lind"]);
    expect(await list(`answer-${s.firstTime.id}=yes`)).toEqual(["Ana Ortega", "Cara Lind"]);
    expect(await list(`answer-${s.firstTime.id}=no`)).toEqual(["Ben Okafor"]);
    expect(await list(`answer-${s.topics.id}=Video&answer-${s.firstTime.id}=yes&photo=yes`)).toEqual(["Cara Lind"]);
    expect(await list(`ticketTypeId=${s.standard.id}&status=CONFIRMED&q=clinic`)).toEqual(["Ana Ortega", "Cara Lind"]);
  });

  it("drops filters it can't honour instead of failing: unknown values, text questions, other events' questions", async () => {
    const s = await summit();
    await people(s);
    const result = await listRegistrations(
      t.db,
      s.event.id,
      filter(
        `status=PAID&need=WHEELS&photo=maybe&sort=sideways&page=-3&answer-${s.note.id}=Hi&answer-${s.role.id}=Astronaut&answer-nope=1`,
      ),
    );
    expect(result.matching).toBe(4);
    expect(result.filter).toMatchObject({
      status: undefined,
      need: undefined,
      photo: undefined,
      sort: "newest",
      page: 1,
      answers: {},
    });
  });

  it("pages through many registrations 50 at a time, without repeats, and clamps a page past the end", async () => {
    const s = await summit();
    const hall = await ticketTypeFactory(t.db, { eventId: s.event.id, capacity: 500 });
    await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      attendees: Array.from({ length: 120 }, () => ({ ticketTypeId: hall.id })),
    });
    const pages = await Promise.all([1, 2, 3].map((page) => listRegistrations(t.db, s.event.id, filter(`page=${page}`))));
    expect(pages.map((p) => p.registrations.length)).toEqual([50, 50, 20]);
    expect(pages[0].pageCount).toBe(3);
    const ids = pages.flatMap((p) => p.registrations.map((r) => r.id));
    expect(new Set(ids).size).toBe(120);
    const beyond = await listRegistrations(t.db, s.event.id, filter("page=99"));
    expect(beyond.filter.page).toBe(3);
    expect(beyond.registrations.map((r) => r.id)).toEqual(pages[2].registrations.map((r) => r.id));
  });

  it("answers an unknown event with NotFoundError", async () => {
    await expect(listRegistrations(t.db, "no-such-event", filter())).rejects.toBeInstanceOf(NotFoundError);
  });
});

function csvRecords(csv: string): Record<string, string>[] {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  return parse(csv, { columns: true, bom: true });
}

describe("the CSV export", () => {
  it("holds the filtered set with every answer as a column, times in the event's zone, and is audited", async () => {
    const s = await summit();
    const { ana } = await people(s);
    const { filename, csv } = await exportRegistrations(t.db, s.organiser.id, s.event.id, filter("status=CONFIRMED&sort=oldest"));
    expect(filename).toBe("summit-2027-registrations.csv");
    const records = csvRecords(csv);
    expect(Object.keys(records[0])).toEqual([
      "Order reference",
      "Attendee",
      "Email",
      "Organisation",
      "Ticket type",
      "Status",
      "Price",
      "Currency",
      "Member",
      "Accessibility needs",
      "Accessibility notes",
      "Photo consent",
      "Registered (America/Chicago)",
      "Your role",
      "Topics",
      "First Summit?",
      "Anything else",
    ]);
    expect(records.map((r) => r.Attendee).sort()).toEqual(["Ana Ortega", "Ben Okafor", "Cara Lind"]);
    const anaRow = records.find((r) => r.Attendee === "Ana Ortega");
    expect(anaRow).toEqual({
      "Order reference": ana.reference,
      Attendee: "Ana Ortega",
      Email: "ana@clinic.example",
      Organisation: "Lakeside Clinic",
      "Ticket type": "In person",
      Status: "Confirmed",
      Price: "295.00",
      Currency: "USD",
      Member: "No",
      "Accessibility needs": "Step-free access; Dietary requirements",
      "Accessibility notes": "Vegan, no nuts",
      "Photo consent": "No",
      // 1 June 2027 15:00 UTC is 10:00 in Chicago (CDT).
      "Registered (America/Chicago)": "2027-06-01 10:00",
      "Your role": "Clinician",
      Topics: "Policy; Video",
      "First Summit?": "Yes",
      "Anything else": "Hi",
    });
    const audit = await t.db.auditLog.findMany({ where: { action: "registrations.export" } });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: s.organiser.id,
        subjectId: s.event.id,
        detail: { rows: 3, filter: "status=CONFIRMED&sort=oldest" },
      }),
    ]);
  });

  it("makes cells that a spreadsheet would run as formulas plain text", async () => {
    const s = await summit();
    await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      attendees: [
        {
          ticketTypeId: s.standard.id,
          attendeeName: '=HYPERLINK("http://evil.example","click")',
          attendeeEmail: "+1@example.org",
          organisation: "-2+3",
          accessibilityNotes: "@SUM(A1:A9)",
          answers: { [s.note.id]: "\t=1+1" },
        },
      ],
    });
    const [row] = csvRecords((await exportRegistrations(t.db, s.organiser.id, s.event.id, filter())).csv);
    expect(row.Attendee).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(row.Email).toBe("'+1@example.org");
    expect(row.Organisation).toBe("'-2+3");
    expect(row["Accessibility notes"]).toBe("'@SUM(A1:A9)");
    expect(row["Anything else"]).toBe("'\t=1+1");
    expect(row.Price).toBe("295.00");
  });

  it("exports just the header when nothing matches", async () => {
    const s = await summit();
    await people(s);
    const { csv } = await exportRegistrations(t.db, s.organiser.id, s.event.id, filter("q=nobody-at-all"));
    expect(csvRecords(csv)).toEqual([]);
    expect(csv.split("\r\n")[0]).toContain("Order reference,Attendee");
  });
});

describe("the accessibility report", () => {
  it("groups confirmed attendees by each need, counts them, and lists who said no to photos", async () => {
    const s = await summit();
    await people(s);
    // A cancelled attendee's needs no longer concern the venue.
    await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["cancelled"],
      attendees: [
        { ticketTypeId: s.standard.id, attendeeName: "Gone Away", accessibilityNeeds: ["STEP_FREE"], photoConsent: false },
      ],
    });
    const report = await accessibilityReport(t.db, s.event.id);
    const group = (need: string) => report.groups.find((g) => g.need === need);
    expect(report.groups.map((g) => [g.need, g.count])).toEqual([
      ["STEP_FREE", 1],
      ["CAPTIONING_ASL", 1],
      ["QUIET_ROOM", 0], // Dev's order is still pending
      ["SERVICE_ANIMAL", 0],
      ["DIETARY", 1],
      ["OTHER", 0],
    ]);
    expect(group("STEP_FREE")?.attendees.map((a) => a.attendeeName)).toEqual(["Ana Ortega"]);
    expect(group("DIETARY")?.attendees[0]).toMatchObject({ attendeeName: "Ana Ortega", accessibilityNotes: "Vegan, no nuts" });
    expect(group("CAPTIONING_ASL")?.attendees.map((a) => a.attendeeName)).toEqual(["Ben Okafor"]);
    expect(report.attendeesWithNeeds).toBe(2);
    expect(report.noPhotos.map((a) => a.attendeeName)).toEqual(["Ana Ortega"]);
  });
});
