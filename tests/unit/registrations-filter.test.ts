import { describe, expect, it } from "vitest";
import { csvSafe, registrationsCsv } from "~/modules/registration/registrations-csv.ts";
import {
  isFiltered,
  parseRegistrationFilter,
  registrationFilterQuery,
  registrationWhere,
  usableAnswerFilters,
} from "~/modules/registration/registrations-filter.ts";
import { niceMax } from "~/ui/charts.tsx";

const parse = (query: string) => parseRegistrationFilter(new URLSearchParams(query));

const questions = [
  { id: "role", kind: "SINGLE_CHOICE" as const, options: ["Clinician", "Patient"] },
  { id: "topics", kind: "MULTI_CHOICE" as const, options: ["Policy", "Video"] },
  { id: "first", kind: "YES_NO" as const, options: [] },
  { id: "note", kind: "TEXT" as const, options: [] },
];

describe("reading the registrations table's filters from the URL", () => {
  it("reads every filter, trimming search text and keeping answers by question id", () => {
    expect(
      parse("q=+Ortega+&ticketTypeId=tt1&status=CONFIRMED&need=STEP_FREE&photo=no&sort=oldest&page=3&answer-role=Patient"),
    ).toEqual({
      q: "Ortega",
      ticketTypeId: "tt1",
      status: "CONFIRMED",
      need: "STEP_FREE",
      photo: "no",
      sort: "oldest",
      page: 3,
      answers: { role: "Patient" },
    });
  });

  it("drops what it can't read instead of failing: the page still opens on a stale or tampered link", () => {
    expect(parse("status=PAID&need=wheels&photo=maybe&sort=up&page=-1&answer-<script>=x&answer-role=")).toEqual({
      q: undefined,
      ticketTypeId: undefined,
      status: undefined,
      need: undefined,
      photo: undefined,
      sort: "newest",
      page: 1,
      answers: {},
    });
    expect(parse(`q=${"x".repeat(500)}`).q).toHaveLength(100);
    expect(parse("q=").q).toBeUndefined();
  });

  it("writes the filters back as a query, without defaults, so export and pagination keep them", () => {
    const filter = parse("q=ana&photo=no&answer-role=Patient&page=2");
    expect(registrationFilterQuery(filter)).toBe("q=ana&photo=no&answer-role=Patient");
    expect(registrationFilterQuery(filter, { page: true })).toBe("q=ana&photo=no&answer-role=Patient&page=2");
    expect(registrationFilterQuery(parse(""))).toBe("");
    expect(isFiltered(parse("sort=oldest&page=4"))).toBe(false);
    expect(isFiltered(parse("answer-role=Patient"))).toBe(true);
  });
});

describe("answer filters", () => {
  it("keeps only filters a question can honour", () => {
    expect(usableAnswerFilters({ role: "Patient", topics: "Video", first: "yes", note: "hello", gone: "x" }, questions)).toEqual({
      role: "Patient",
      topics: "Video",
      first: "yes",
    });
    expect(usableAnswerFilters({ role: "Astronaut", first: "maybe" }, questions)).toEqual({});
  });

  it("matches a single choice exactly, a multiple choice by containment and yes/no by its stored word", () => {
    const where = registrationWhere(
      "ev1",
      parse("answer-role=Patient&answer-topics=Video&answer-first=no&answer-note=x"),
      questions,
    );
    expect(where).toEqual({
      AND: [
        { eventId: "ev1" },
        { answers: { path: ["role"], equals: "Patient" } },
        { answers: { path: ["topics"], array_contains: ["Video"] } },
        { OR: [{ answers: { path: ["first"], equals: "no" } }, { answers: { path: ["first"], equals: false } }] },
      ],
    });
  });

  it("searches names, emails and organisations ignoring case, and order references in capitals", () => {
    expect(registrationWhere("ev1", parse("q=sm-7k"), [])).toEqual({
      AND: [
        { eventId: "ev1" },
        {
          OR: [
            { attendeeName: { contains: "sm-7k", mode: "insensitive" } },
            { attendeeEmail: { contains: "sm-7k", mode: "insensitive" } },
            { organisation: { contains: "sm-7k", mode: "insensitive" } },
            { order: { reference: { contains: "SM-7K" } } },
          ],
        },
      ],
    });
  });
});

describe("the CSV export", () => {
  it("makes cells a spreadsheet would run as formulas plain text, and leaves others alone", () => {
    expect(["=1+1", "+44 20", "-2", "@SUM(A1)", "\t=1", "\r=1"].map(csvSafe)).toEqual([
      "'=1+1",
      "'+44 20",
      "'-2",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
    ]);
    expect(["Ana", "a=b", "", "295.00", "José"].map(csvSafe)).toEqual(["Ana", "a=b", "", "295.00", "José"]);
  });

  it("quotes commas, quotes and line breaks, and ends lines with CRLF after a UTF-8 BOM", () => {
    const csv = registrationsCsv(
      [
        {
          attendeeName: 'Ortega, "Ana"',
          attendeeEmail: "ana@example.org",
          organisation: "Line one\nLine two",
          status: "CONFIRMED",
          priceCents: 29_550,
          member: true,
          accessibilityNeeds: [],
          accessibilityNotes: "",
          photoConsent: true,
          answers: { q1: ["A", "B"] },
          // 23:30 UTC on 31 Dec is 17:30 in Chicago, still the same day there.
          createdAt: new Date("2027-12-31T23:30:00Z"),
          ticketType: { name: "In person" },
          order: { reference: "SM-ABC234", currency: "usd" },
        },
      ],
      [{ id: "q1", label: "Topics" }],
      "America/Chicago",
    );
    expect(csv.startsWith("\uFEFFOrder reference,")).toBe(true);
    expect(csv.split("\r\n")[1]).toBe(
      'SM-ABC234,"Ortega, ""Ana""",ana@example.org,"Line one\nLine two",In person,Confirmed,295.50,USD,Yes,,,Yes,2027-12-31 17:30,A; B',
    );
  });
});

describe("chart scales", () => {
  it("rounds the axis up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect([0, 1, 3, 7, 12, 24, 250, 251, 9_999].map(niceMax)).toEqual([1, 1, 5, 10, 20, 25, 250, 500, 10_000]);
  });
});
