import { type AddressInfo, createServer } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimDueEmails, enqueueEmail, MAX_ATTEMPTS } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import { createMailTransport } from "~/modules/email/transport.server.ts";
import { deliverDueEmails, startOutboxWorker } from "~/modules/email/worker.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { leafContentTypes } from "../smtp/mime.ts";

const t = setupTestDatabase();

const FROM = "Summit <no-reply@summit.example.org>";

type Behaviour = "accept" | "reject-recipient" | "try-later";

/** A real SMTP server on a free loopback port: the network edge the app delivers to. */
async function startSmtpCatcher() {
  const received: { envelopeTo: string[]; raw: Buffer }[] = [];
  const state = { behaviour: "accept" as Behaviour };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.behaviour === "accept") return callback();
      const [code, text] =
        state.behaviour === "reject-recipient" ? [550, "5.1.1 No such mailbox"] : [451, "4.3.0 Try again later"];
      callback(Object.assign(new Error(text), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  catcher = await startSmtpCatcher();
});
afterAll(() => catcher?.close());
beforeEach(() => {
  catcher.received.length = 0;
  catcher.state.behaviour = "accept";
});

async function queueVerifyEmail(db: DbTx, to = "alex@example.org", name = "Alex Rivera") {
  const mail = await renderEmail("verify-email", {
    name,
    verifyUrl: `https://summit.example.org/verify-email?token=${to}`,
    expiresInHours: 24,
  });
  return enqueueEmail(db, { ...mail, to, from: FROM });
}

const row = (id: string) => t.db.emailOutbox.findUniqueOrThrow({ where: { id } });

/** Makes a queued retry due now instead of after its backoff. */
const makeDue = (id: string) => t.db.emailOutbox.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });

describe("enqueueEmail", () => {
  it("commits with the change that caused it, or not at all", async () => {
    const error = await t.db
      .$transaction(async (tx) => {
        await queueVerifyEmail(tx);
        throw new Error("the sign-up failed after queueing its email");
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "the sign-up failed after queueing its email" });
    expect(await t.db.emailOutbox.count()).toBe(0);

    await t.db.$transaction((tx) => queueVerifyEmail(tx));
    expect(await t.db.emailOutbox.findMany()).toMatchObject([{ status: "PENDING", attempts: 0, template: "verify-email" }]);
  });
});

describe("deliverDueEmails over SMTP", () => {
  it("delivers the message with HTML and plain-text parts and marks it SENT", async () => {
    const queued = await queueVerifyEmail(t.db, "alex@example.org");
    const before = Date.now();
    expect(await deliverDueEmails(t.db, createMailTransport({ smtpUrl: catcher.url }))).toBe(1);

    expect(catcher.received).toHaveLength(1);
    const [message] = catcher.received;
    expect(message.envelopeTo).toEqual(["alex@example.org"]);
    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe("Confirm your email address for Summit");
    expect(parsed.to).toMatchObject({ value: [{ address: "alex@example.org" }] });
    expect(parsed.from).toMatchObject({ value: [{ address: "no-reply@summit.example.org", name: "Summit" }] });
    expect(await leafContentTypes(message.raw)).toEqual(expect.arrayContaining(["text/plain", "text/html"]));
    expect(parsed.html).toContain("https://summit.example.org/verify-email?token=alex@example.org");
    // html-to-text shouts headings, so the greeting arrives as "WELCOME, ALEX RIVERA".
    expect(parsed.text).toMatch(/Welcome to Summit, Alex Rivera!/);

    const sent = await row(queued.id);
    expect(sent).toMatchObject({ status: "SENT", transport: "smtp", attempts: 1, lastError: null, lockedUntil: null });
    expect(sent.sentAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(sent.sentAt?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    expect(await deliverDueEmails(t.db, createMailTransport({ smtpUrl: catcher.url }))).toBe(0);
    expect(catcher.received).toHaveLength(1);
  });

  it("fails at once, recording the reason, when the server refuses the recipient for good (5xx)", async () => {
    catcher.state.behaviour = "reject-recipient";
    const queued = await queueVerifyEmail(t.db, "nobody@example.org");
    await deliverDueEmails(t.db, createMailTransport({ smtpUrl: catcher.url }));

    const failed = await row(queued.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null, lockedUntil: null });
    expect(failed.lastError).toContain("550");
    expect(catcher.received).toHaveLength(0);
  });

  it("retries a temporary refusal (4xx) after 30 s", async () => {
    catcher.state.behaviour = "try-later";
    const queued = await queueVerifyEmail(t.db);
    const before = Date.now();
    await deliverDueEmails(t.db, createMailTransport({ smtpUrl: catcher.url }));

    const pending = await row(queued.id);
    expect(pending).toMatchObject({ status: "PENDING", attempts: 1, sentAt: null, lockedUntil: null });
    expect(pending.lastError).toContain("451");
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(pending.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 31_000);

    // Not due yet: a second round leaves it alone.
    expect(await deliverDueEmails(t.db, createMailTransport({ smtpUrl: catcher.url }))).toBe(0);

    catcher.state.behaviour = "accept";
    await makeDue(queued.id);
    await deliverDueEmails(t.db, createMailTransport({ smtpUrl: catcher.url }));
    expect(await row(queued.id)).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(catcher.received).toHaveLength(1);
  });

  it("retries when no server answers, and gives up after MAX_ATTEMPTS", async () => {
    const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    const queued = await queueVerifyEmail(t.db);
    const before = Date.now();
    await deliverDueEmails(t.db, transport);

    const pending = await row(queued.id);
    expect(pending).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(pending.lastError).toMatch(/ECONNREFUSED/);
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(pending.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 31_000);

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      await makeDue(queued.id);
      expect(await deliverDueEmails(t.db, transport)).toBe(1);
      expect(await row(queued.id)).toMatchObject({
        status: attempt < MAX_ATTEMPTS ? "PENDING" : "FAILED",
        attempts: attempt,
      });
    }
    const failed = await row(queued.id);
    expect(failed.lastError).toMatch(/ECONNREFUSED/);

    // A failed email is never picked up again, however long ago its last attempt.
    await makeDue(queued.id);
    expect(await deliverDueEmails(t.db, transport)).toBe(0);
    expect(await row(queued.id)).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
  });
});

describe("deliverDueEmails with the local outbox", () => {
  it("marks emails SENT through the local-outbox transport when no SMTP_URL is set", async () => {
    const queued = await queueVerifyEmail(t.db);
    const transport = createMailTransport({ smtpUrl: undefined });
    expect(transport.name).toBe("local-outbox");
    expect(await deliverDueEmails(t.db, transport)).toBe(1);
    const sent = await row(queued.id);
    expect(sent).toMatchObject({ status: "SENT", transport: "local-outbox", attempts: 1 });
    expect(sent.sentAt).toBeInstanceOf(Date);
  });
});

describe("claimDueEmails", () => {
  it("never hands the same email to two concurrent callers", async () => {
    const queued = [];
    for (let i = 0; i < 40; i++) queued.push(await queueVerifyEmail(t.db, `person${i}@example.org`));

    const claimed: string[] = [];
    for (let round = 0; round < 5; round++) {
      const batches = await Promise.all(Array.from({ length: 6 }, () => claimDueEmails(t.db, 10)));
      const ids = batches.flat().map((email) => email.id);
      if (ids.length === 0) break;
      claimed.push(...ids);
    }

    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort()).toEqual(queued.map((q) => q.id).sort());
    // Each email was claimed exactly once: a second claim would have counted a second attempt.
    expect(await t.db.emailOutbox.groupBy({ by: ["status", "attempts"], _count: true })).toEqual([
      { status: "SENDING", attempts: 1, _count: 40 },
    ]);
  });

  it("claims again an email whose sender crashed mid-send, but not one still being sent", async () => {
    const crashed = await queueVerifyEmail(t.db, "crashed@example.org");
    const inFlight = await queueVerifyEmail(t.db, "in-flight@example.org");
    const notDue = await queueVerifyEmail(t.db, "later@example.org");
    await t.db.emailOutbox.update({
      where: { id: crashed.id },
      data: { status: "SENDING", attempts: 1, lockedUntil: new Date(Date.now() - 60_000) },
    });
    await t.db.emailOutbox.update({
      where: { id: inFlight.id },
      data: { status: "SENDING", attempts: 1, lockedUntil: new Date(Date.now() + 60_000) },
    });
    await t.db.emailOutbox.update({ where: { id: notDue.id }, data: { nextAttemptAt: new Date(Date.now() + 60_000) } });

    const claimed = await claimDueEmails(t.db);
    expect(claimed.map((email) => email.id)).toEqual([crashed.id]);

    const reclaimed = await row(crashed.id);
    expect(reclaimed).toMatchObject({ status: "SENDING", attempts: 2 });
    // The new claim lasts about two minutes from now.
    expect(reclaimed.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(reclaimed.lockedUntil?.getTime()).toBeLessThanOrEqual(Date.now() + 125_000);
    expect(await row(inFlight.id)).toMatchObject({ status: "SENDING", attempts: 1 });
    expect(await row(notDue.id)).toMatchObject({ status: "PENDING", attempts: 0 });
  });
});

describe("claimDueEmails and the database session's time zone", () => {
  // Prisma keeps DateTime as UTC wall time in `timestamp` columns; a server whose TimeZone
  // is not UTC (initdb takes the host's zone) must not shift what counts as due.
  it.each(["America/Chicago", "Asia/Kolkata"])(
    "judges due emails and stale claims in UTC when the session is in %s",
    async (zone) => {
      const minutes = (n: number) => new Date(Date.now() + n * 60_000);
      const due = await queueVerifyEmail(t.db, "due@example.org");
      const later = await queueVerifyEmail(t.db, "later@example.org");
      const crashed = await queueVerifyEmail(t.db, "crashed@example.org");
      const inFlight = await queueVerifyEmail(t.db, "in-flight@example.org");
      await t.db.emailOutbox.update({ where: { id: due.id }, data: { nextAttemptAt: minutes(-1) } });
      await t.db.emailOutbox.update({ where: { id: later.id }, data: { nextAttemptAt: minutes(10) } });
      await t.db.emailOutbox.update({ where: { id: crashed.id }, data: { status: "SENDING", lockedUntil: minutes(-10) } });
      await t.db.emailOutbox.update({ where: { id: inFlight.id }, data: { status: "SENDING", lockedUntil: minutes(10) } });

      // SET LOCAL needs a transaction; the claim is one statement, so it behaves as it does on the client.
      const claimed = await t.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL TIME ZONE '${zone}'`);
        return claimDueEmails(tx as unknown as Db);
      });

      expect(claimed.map((email) => email.id).sort()).toEqual([due.id, crashed.id].sort());
      for (const id of [due.id, crashed.id]) {
        const lockedUntil = (await row(id)).lockedUntil?.getTime() ?? 0;
        expect(lockedUntil).toBeGreaterThan(Date.now() + 60_000);
        expect(lockedUntil).toBeLessThanOrEqual(Date.now() + 125_000);
      }
    },
  );
});

describe("renderEmail", () => {
  it("renders the verify-email template with subject, HTML link and plain text naming the person", async () => {
    const verifyUrl = "https://summit.example.org/verify-email?token=abc123";
    const mail = await renderEmail("verify-email", { name: "Priya Natarajan", verifyUrl, expiresInHours: 24 });
    expect(mail.template).toBe("verify-email");
    expect(mail.subject).toBe("Confirm your email address for Summit");
    expect(mail.html).toMatch(/^<!DOCTYPE html/i);
    expect(mail.html).toContain(`href="${verifyUrl}"`);
    expect(mail.text).toContain(verifyUrl);
    // The greeting is a heading, which the plain-text renderer upper-cases.
    expect(mail.text).toMatch(/Welcome to Summit, Priya Natarajan!/);
    expect(mail.text).toContain("24 hours");
    expect(mail.text).not.toMatch(/<[a-z]/i);
    expect(mail.html + mail.text).not.toContain("\u0000");
  });

  it("renders the reset-password template with subject, HTML link and plain text naming the person", async () => {
    const resetUrl = "https://summit.example.org/reset-password?token=xyz789";
    const mail = await renderEmail("reset-password", { name: "Sam O'Neill", resetUrl, expiresInMinutes: 60 });
    expect(mail.template).toBe("reset-password");
    expect(mail.subject).toBe("Reset your Summit password");
    expect(mail.html).toContain(`href="${resetUrl}"`);
    expect(mail.text).toContain(resetUrl);
    expect(mail.text).toContain("Sam O'Neill");
    expect(mail.text).toContain("60 minutes");
    expect(mail.text).not.toMatch(/<[a-z]/i);
  });
});

describe("startOutboxWorker", () => {
  it("delivers a queued email within a few seconds and stops cleanly", async () => {
    const env = parseEnv({ SESSION_SECRET: "s".repeat(32), SMTP_URL: catcher.url, OUTBOX_POLL_MS: "100" });
    const stop = startOutboxWorker({ db: t.db, env });
    try {
      const queued = await queueVerifyEmail(t.db, "worker@example.org");
      const deadline = Date.now() + 5000;
      while ((await row(queued.id)).status !== "SENT" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await row(queued.id)).toMatchObject({ status: "SENT", transport: "smtp" });
      expect(catcher.received.map((m) => m.envelopeTo)).toEqual([["worker@example.org"]]);
    } finally {
      await expect(stop()).resolves.toBeUndefined();
    }
    // Stopped: nothing more is sent.
    const later = await queueVerifyEmail(t.db, "after-stop@example.org");
    await new Promise((r) => setTimeout(r, 300));
    expect(await row(later.id)).toMatchObject({ status: "PENDING", attempts: 0 });
  });
});
