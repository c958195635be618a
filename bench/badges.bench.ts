// Acceptance (issue 5, "Speed"): 5,000 badges as one PDF in at most 60 s, on PostgreSQL.
//
//   npm run bench:badges
//
// Seeds 5,000 confirmed registrations in database summit_bench_badges (BENCH_DATABASE_URL names
// the server, default postgres://postgres@127.0.0.1:5432/postgres; BENCH_KEEP_DB=1 keeps it),
// then times, one after the other:
//   app       the print-run path end to end: requestBadgeBatch, then the worker's runBadgeBatches
//             (claim, load through Prisma, sign, render, progress every 100, store the PDF);
//   baseline  no framework: one plain `pg` query, node:crypto signatures, and pdf-lib + qrcode
//             drawing the same content (text with pdf-lib's drawText, QR modules as rectangles
//             in a raw content stream), stored with one INSERT.
// BENCH_BADGES changes the count; BENCH_LAYOUT (SHEET_LETTER, SHEET_A4, BADGE_4X3) the layout.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb } from "pdf-lib";
import pg from "pg";
import QRCode from "qrcode";
import type { BadgeLayout } from "~/generated/prisma/enums.ts";
import { requestBadgeBatch, runBadgeBatches } from "~/modules/badges/badge-batches.server.ts";
import { woffToSfnt } from "~/modules/badges/badge-fonts.server.ts";
import { badgeExpiry, badgeKeyring, eventTag } from "~/modules/badges/badge-keys.server.ts";
import { assembleBadgeToken, badgePayload } from "~/modules/badges/badge-token.ts";
import { openDatabase } from "~/shared/db.server.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  ordersFactory,
  ticketTypeFactory,
  userFactory,
} from "../tests/factories/index.ts";
import { boundedInt, logLoad, machineNow, printTable, round, runBench, withBenchDatabase, writeResults } from "./lib.ts";

const BADGES = boundedInt("BENCH_BADGES", 5_000);
const LAYOUT = (process.env.BENCH_LAYOUT ?? "SHEET_LETTER") as BadgeLayout;
const DATABASE = "summit_bench_badges";
const TARGET_SECONDS = 60;
const RESULTS = "bench/results/badges.json";
const env = { badgeSigningKey: randomBytes(32).toString("base64url"), badgeRetiredKeys: [] as string[] };

if (!["SHEET_LETTER", "SHEET_A4", "BADGE_4X3"].includes(LAYOUT))
  throw new Error("BENCH_LAYOUT must be SHEET_LETTER, SHEET_A4 or BADGE_4X3");

const FIRST = ["Zoë", "Ana", "Łukasz", "Mateo", "Priya", "Olúwadámilọ́lá", "Chen", "Søren", "Amélie", "Kwame", "Ines", "Dmitri"];
const LAST = [
  "Ångström",
  "Ortega",
  "Żółć",
  "Okafor",
  "Raman",
  "Adébáyọ̀",
  "Nguyễn",
  "Kierkegaard",
  "Dubois",
  "Mensah",
  "García-Márquez",
  "Ivanov",
];
const ROLES = ["ATTENDEE", "ATTENDEE", "ATTENDEE", "ATTENDEE", "SPEAKER", "STAFF", "ORGANIZER"] as const;

async function seed(url: string) {
  const database = await openDatabase({ kind: "postgres", url });
  const { db } = database;
  try {
    await deployMigrations(database.adapterFactory);
    const campus = await campusFactory(db, CAMPUSES.rochester);
    const event = await eventFactory(db, {
      name: "Social Media Summit 2027",
      campusId: campus.id,
      localStart: "2027-09-27T08:00",
      localEnd: "2027-09-29T17:00",
    });
    const ticket = await ticketTypeFactory(db, { eventId: event.id, name: "In person", capacity: BADGES + 100 });
    const organizer = await userFactory(db, { traits: ["organizer"] });
    // Group orders of ten seats: realistic, and few enough order references to stay unique.
    const person = (i: number) => {
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
      return {
        ticketTypeId: ticket.id,
        attendeeName: name,
        attendeeEmail: `attendee${i}@example.org`,
        organisation: i % 3 ? "Center for Social Media in Health Care" : "",
        pronouns: i % 4 === 0 ? "they/them" : i % 4 === 1 ? "she/her" : "",
        badgeRole: ROLES[i % ROLES.length],
        photoConsent: i % 9 !== 0,
        priceCents: 0,
        status: "CONFIRMED" as const,
        confirmedAt: new Date(),
      };
    };
    for (let start = 0; start < BADGES; start += 1_000) {
      const orders = [];
      for (let first = start; first < Math.min(start + 1_000, BADGES); first += 10)
        orders.push({
          order: {
            buyerName: `Buyer ${first}`,
            buyerEmail: `buyer${first}@example.org`,
            status: "PAID" as const,
            subtotalCents: 0,
            totalCents: 0,
          },
          registrations: Array.from({ length: Math.min(10, BADGES - first) }, (_, k) => person(first + k)),
        });
      await ordersFactory(db, event.id, orders);
    }
    return { eventId: event.id, organizerId: organizer.id };
  } finally {
    await database.close();
  }
}

/** The app's path: queue the run as the page does, then let the worker make it. */
async function appRun(url: string, eventId: string, organizerId: string) {
  const database = await openDatabase({ kind: "postgres", url });
  const { db } = database;
  try {
    const started = performance.now();
    const { id } = await requestBadgeBatch(db, { eventId, requestedById: organizerId, layout: LAYOUT, largePrint: false });
    await runBadgeBatches(db, env);
    const ms = performance.now() - started;
    const batch = await db.badgeBatch.findUniqueOrThrow({
      where: { id },
      select: { status: true, total: true, done: true, pdf: true },
    });
    if (batch.status !== "DONE" || batch.done !== BADGES)
      throw new Error(`app batch ended ${batch.status} with ${batch.done}/${batch.total}`);
    return { ms, bytes: batch.pdf?.length ?? 0 };
  } finally {
    await database.close();
  }
}

const require = createRequire(import.meta.url);
const fontFile = (weight: 400 | 700) =>
  woffToSfnt(new Uint8Array(readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`))));

/** No framework: pg, node:crypto, qrcode and pdf-lib's drawing calls; Latin-1 only, no font fallback. */
async function baselineRun(url: string, eventId: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const { rows: events } = await client.query(
      `SELECT e.name, e."endsAt", c.name AS campus FROM "Event" e JOIN "Campus" c ON c.id = e."campusId" WHERE e.id = $1`,
      [eventId],
    );
    const { rows } = await client.query(
      `SELECT r.id, r."attendeeName", r.pronouns, r.organisation, r."badgeRole", r."photoConsent", r."badgeVersion", u."socialHandle"
         FROM "Registration" r LEFT JOIN "User" u ON u.id = r."userId"
        WHERE r."eventId" = $1 AND r.status = 'CONFIRMED' ORDER BY r."attendeeName", r.id`,
      [eventId],
    );
    const ring = badgeKeyring(env);
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const [regular, bold] = [
      await pdf.embedFont(fontFile(400), { subset: true }),
      await pdf.embedFont(fontFile(700), { subset: true }),
    ];
    const perPage = LAYOUT === "BADGE_4X3" ? 1 : 6;
    const paper = LAYOUT === "BADGE_4X3" ? [288, 216] : LAYOUT === "SHEET_A4" ? [595.28, 841.89] : [612, 792];
    let page = pdf.addPage(paper as [number, number]);
    let qrOps = "";
    rows.forEach((r, i) => {
      if (i > 0 && i % perPage === 0) page = pdf.addPage(paper as [number, number]);
      const slot = i % perPage;
      const ox = perPage === 1 ? 0 : (paper[0] - 576) / 2 + (slot % 2) * 288;
      const oy = perPage === 1 ? 0 : (paper[1] - 648) / 2 + (2 - Math.floor(slot / 2)) * 216;
      const payload = badgePayload({
        kid: ring.kid,
        registrationId: r.id,
        eventTag: eventTag(eventId),
        badgeVersion: r.badgeVersion,
        expiresOn: badgeExpiry(events[0].endsAt),
      });
      const token = assembleBadgeToken(payload, ring.sign(payload));
      page.drawRectangle({ x: ox, y: oy + 196, width: 288, height: 20, color: rgb(0.06, 0.09, 0.16) });
      page.drawText(`${events[0].name} · ${events[0].campus}`, {
        x: ox + 12,
        y: oy + 203,
        size: 8,
        font: bold,
        color: rgb(1, 1, 1),
      });
      page.drawText(r.attendeeName, { x: ox + 12, y: oy + 165, size: 22, font: bold });
      if (r.pronouns) page.drawText(r.pronouns, { x: ox + 12, y: oy + 130, size: 13, font: regular });
      if (r.organisation) page.drawText(r.organisation.slice(0, 22), { x: ox + 12, y: oy + 112, size: 12, font: bold });
      if (r.socialHandle) page.drawText(`@${r.socialHandle}`, { x: ox + 12, y: oy + 96, size: 11, font: regular });
      if (!r.photoConsent) {
        page.drawRectangle({ x: ox + 12, y: oy + 32, width: 96, height: 22, color: rgb(0.725, 0.11, 0.11) });
        page.drawText("NO PHOTOS", { x: ox + 30, y: oy + 39, size: 10, font: bold, color: rgb(1, 1, 1) });
      }
      page.drawRectangle({ x: ox, y: oy, width: 288, height: 26, color: rgb(0.04, 0.36, 0.68) });
      page.drawText(r.badgeRole, { x: ox + 110, y: oy + 8, size: 15, font: bold, color: rgb(1, 1, 1) });
      // The QR code's dark modules as rectangles in one raw stream per page, like the app.
      const qr = QRCode.create(token, { errorCorrectionLevel: "M" });
      const m = 102 / qr.modules.size;
      for (let row = 0; row < qr.modules.size; row++)
        for (let col = 0; col < qr.modules.size; col++)
          if (qr.modules.get(row, col))
            qrOps += `${(ox + 172 + col * m).toFixed(2)} ${(oy + 242 - row * m).toFixed(2)} ${m.toFixed(2)} ${m.toFixed(2)} re\n`;
      if (slot === perPage - 1 || i === rows.length - 1) {
        page.node.addContentStream(pdf.context.register(pdf.context.flateStream(`0 0 0 rg\n${qrOps}f\n`)));
        qrOps = "";
      }
    });
    const bytes = await pdf.save();
    await client.query(`CREATE TEMP TABLE baseline_pdf (pdf bytea)`);
    await client.query(`INSERT INTO baseline_pdf VALUES ($1)`, [Buffer.from(bytes)]);
    return { ms: performance.now() - started, bytes: bytes.length, count: rows.length };
  } finally {
    await client.end();
  }
}

runBench("bench:badges", async () => {
  const machine = machineNow();
  logLoad(machine);
  await withBenchDatabase(DATABASE, async (url) => {
    const seeding = performance.now();
    const { eventId, organizerId } = await seed(url);
    console.log(
      `Seeded ${BADGES.toLocaleString("en-US")} confirmed registrations in ${((performance.now() - seeding) / 1000).toFixed(1)} s.`,
    );
    const app = await appRun(url, eventId, organizerId);
    const baseline = await baselineRun(url, eventId);
    if (baseline.count !== BADGES) throw new Error(`baseline drew ${baseline.count} badges`);
    const ratio = round(baseline.ms / app.ms);
    console.log("");
    printTable([
      ["run", "badges", "layout", "seconds", "badges/s", "PDF MB"],
      ...[
        ["app", app],
        ["baseline", baseline],
      ].map(([name, r]) => {
        const run = r as { ms: number; bytes: number };
        return [
          name as string,
          String(BADGES),
          LAYOUT,
          (run.ms / 1000).toFixed(2),
          (BADGES / (run.ms / 1000)).toFixed(0),
          (run.bytes / 1_048_576).toFixed(1),
        ];
      }),
    ]);
    console.log("");
    const pass = app.ms / 1000 <= TARGET_SECONDS;
    console.log(
      `${pass ? "PASS" : "FAIL"}  app made ${BADGES} badges as one PDF in ${(app.ms / 1000).toFixed(1)} s vs target ≤ ${TARGET_SECONDS} s`,
    );
    console.log(
      `      app speed is ${ratio.toFixed(2)}× the baseline's (baseline time ÷ app time; above 1 means the app is faster)`,
    );
    writeResults(RESULTS, {
      bench: "badges",
      at: new Date().toISOString(),
      node: process.version,
      machine,
      badges: BADGES,
      layout: LAYOUT,
      app: { seconds: round(app.ms / 1000), bytes: app.bytes },
      baseline: { seconds: round(baseline.ms / 1000), bytes: baseline.bytes },
      appSpeedToBaseline: ratio,
      targetSeconds: TARGET_SECONDS,
      pass,
    });
  });
});
