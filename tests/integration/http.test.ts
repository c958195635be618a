// The real server (built app on node:http) on the test database, driven over HTTP.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { CAMPUSES, campusFactory, DEFAULT_PASSWORD, eventFactory, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { sessionCookie, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs, nextAddress, url } = setupTestServer(t);

describe("public pages", () => {
  it("home lists published upcoming events with dates in the event's zone", async () => {
    const campus = await campusFactory(t.db, CAMPUSES.scottsdale);
    await eventFactory(t.db, {
      campusId: campus.id,
      name: "Patient Voices",
      traits: ["published"],
      localStart: "2030-03-06T09:00",
      localEnd: "2030-03-06T16:00",
    });
    await eventFactory(t.db, { campusId: campus.id, name: "Hidden Draft", localStart: "2030-03-07T09:00" });
    const html = await (await request("/")).text();
    expect(html).toContain("Patient Voices");
    expect(html).toContain("Wednesday 6 March 2030");
    expect(html).toContain("MST (America/Phoenix)");
    expect(html).not.toContain("Hidden Draft");
  });

  it("answers unknown pages and ids with a friendly 404", async () => {
    for (const p of ["/no/such/page", "/events/no-such-event", "/events/%E2%9C%93"]) {
      const response = await request(p);
      expect(response.status, p).toBe(404);
      expect(await response.text()).toContain("find that");
    }
  });

  it("reports health", async () => {
    expect(await (await request("/healthz")).json()).toEqual({ status: "ok" });
  });
});

describe("the HTTP server around Remix", () => {
  const gzip = { "Accept-Encoding": "gzip" };

  it("compresses pages and their data, but not the answers to posts", async () => {
    const page = await request("/signup", { headers: gzip });
    expect(page.headers.get("content-encoding")).toBe("gzip");
    expect(await page.text()).toContain("</html>");
    const data = await request("/signup.data", { headers: gzip });
    expect(data.status).toBe(200);
    const refused = await request("/signup", { form: { name: "Alex" }, headers: gzip });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(await refused.text()).toContain("</html>");
    const refusedData = await request("/signup.data", { form: { name: "Alex" }, headers: gzip });
    expect(refusedData.headers.get("content-encoding")).toBeNull();
    expect(await refusedData.text()).toContain("Alex");
  });

  it("sends the security headers with pages, files and the door scan", async () => {
    const answers = [await request("/"), await request("/favicon.svg"), await request("/api/check-in/scan", { json: {} })];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401]);
    for (const answer of answers) {
      expect(answer.headers.get("x-content-type-options"), answer.url).toBe("nosniff");
      expect(answer.headers.get("x-frame-options"), answer.url).toBe("SAMEORIGIN");
      expect(answer.headers.get("referrer-policy"), answer.url).toBe("strict-origin-when-cross-origin");
    }
  });

  it("serves the build's files, caching unversioned ones for an hour; a missing file is the 404 page", async () => {
    const icon = await request("/favicon.svg");
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    const missing = await request("/assets/no-such-file.js");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("find that");
  });

  it("answers HEAD with the headers and no body", async () => {
    const head = await fetch(url("/"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toContain("text/html");
    expect(await head.text()).toBe("");
  });

  it("refuses a Host header that is not a host name", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(url("/"));
      const socket = net.connect(Number(port), "127.0.0.1", () =>
        socket.write("GET / HTTP/1.1\r\nHost: not a host\r\nConnection: close\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk;
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain("not a host name");
  });
});

describe("sessions and guards", () => {
  it("sends a visitor to log in and back, with a fresh HttpOnly, SameSite=Lax session cookie", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const redirect = await request("/admin/events");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fevents");

    const planted = "__summit_session=planted-by-attacker";
    const login = await request("/login", {
      cookie: planted,
      form: { email: organiser.email, password: DEFAULT_PASSWORD, redirectTo: "/admin/events" },
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/admin/events");
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith("__summit_session=")) ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toContain("planted-by-attacker");
    expect((await request("/admin/events", { cookie: sessionCookie(login) })).status).toBe(200);
  });

  it("refuses an open redirect after login", async () => {
    const user = await userFactory(t.db);
    const login = await request("/login", {
      form: { email: user.email, password: DEFAULT_PASSWORD, redirectTo: "//evil.example/steal" },
    });
    expect(login.headers.get("location")).toBe("/");
  });

  it("gives 403 to a signed-in person without the role", async () => {
    const attendee = await userFactory(t.db);
    const cookie = await logInAs(attendee.email);
    expect((await request("/admin", { cookie })).status).toBe(403);
    const organiser = await logInAs((await userFactory(t.db, { traits: ["organizer"] })).email);
    // Organisers run events; only admins manage roles.
    expect((await request("/admin/users", { cookie: organiser })).status).toBe(403);
    const grant = await request("/admin/users", {
      cookie: organiser,
      form: { intent: "grant", userId: attendee.id, role: "ADMIN" },
    });
    expect(grant.status).toBe(403);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: attendee.id } })).roles).toEqual(["ATTENDEE"]);
  });

  it("404s malformed and unknown ids in admin pages", async () => {
    const cookie = await logInAs((await userFactory(t.db, { traits: ["organizer"] })).email);
    for (const p of [
      "/admin/events/does-not-exist",
      "/admin/campuses/%27%3B--",
      "/admin/emails/nope",
      "/admin/emails/nope/html",
    ]) {
      expect((await request(p, { cookie })).status, p).toBe(404);
    }
  });

  it("logging out ends the session on the server, not just in the browser", async () => {
    const cookie = await logInAs((await userFactory(t.db)).email);
    expect((await request("/account", { cookie })).status).toBe(200);
    expect((await request("/logout", { cookie, form: {} })).status).toBe(302);
    expect((await request("/account", { cookie })).status).toBe(302);
  });

  it("revoking another person's session id is a 404 and leaves it alone", async () => {
    const alex = await userFactory(t.db);
    const sam = await userFactory(t.db);
    const alexCookie = await logInAs(alex.email);
    await logInAs(sam.email);
    const samSession = await t.db.session.findFirstOrThrow({ where: { userId: sam.id } });
    const response = await request("/account", { cookie: alexCookie, form: { intent: "revoke", sessionId: samSession.id } });
    expect(response.status).toBe(404);
    expect(await t.db.session.count({ where: { userId: sam.id } })).toBe(1);
  });
});

describe("cross-origin mutations", () => {
  it("are refused and change nothing", async () => {
    const user = await userFactory(t.db);
    const cookie = await logInAs(user.email);
    const forged = await request("/account", {
      cookie,
      origin: "https://evil.example",
      form: { intent: "profile", name: "Hacked" },
    });
    expect(forged.status).toBe(403);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
    const signup = await request("/signup", {
      origin: "null",
      form: { name: "X", email: "x@example.org", password: "long-enough-password" },
    });
    expect(signup.status).toBe(403);
    expect(await t.db.user.count({ where: { email: "x@example.org" } })).toBe(0);
  });
});

describe("forms reject bad input and change nothing", () => {
  it("sign-up: missing, malformed, oversized and duplicate values", async () => {
    await userFactory(t.db, { email: "taken@example.org" });
    const cases: Record<string, string>[] = [
      {},
      { name: "Alex", email: "not-an-email", password: "long-enough-password" },
      { name: "Alex", email: "alex@example.org", password: "short" },
      { name: "A".repeat(500), email: "alex@example.org", password: "long-enough-password" },
      { name: "Alex", email: "alex@example.org", password: "p".repeat(5000) },
    ];
    for (const form of cases) {
      const response = await request("/signup", { form });
      expect(response.status, JSON.stringify(form).slice(0, 80)).toBe(400);
    }
    const duplicate = await request("/signup", {
      form: { name: "Alex", email: "TAKEN@example.org", password: "long-enough-password" },
    });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.text()).toContain("already exists");
    expect(await t.db.user.count()).toBe(1);
    expect(await t.db.emailOutbox.count()).toBe(0);
  });

  it("event editor: end before start, duplicate slug, unknown campus", async () => {
    const cookie = await logInAs((await userFactory(t.db, { traits: ["organizer"] })).email);
    const campus = await campusFactory(t.db);
    await eventFactory(t.db, { campusId: campus.id, slug: "taken" });
    const valid = {
      name: "New event",
      slug: "new-event",
      kind: "WORKSHOP",
      campusId: campus.id,
      timeZone: "America/Chicago",
      startsAt: "2030-01-10T09:00",
      endsAt: "2030-01-10T17:00",
    };
    for (const [change, status] of [
      [{ endsAt: "2030-01-09T09:00" }, 400],
      [{ slug: "Not A Slug!" }, 400],
      [{ timeZone: "Mars/Olympus_Mons" }, 400],
      [{ slug: "taken" }, 422],
      [{ campusId: "nope" }, 422],
    ] as const) {
      const response = await request("/admin/events/new", { cookie, form: { ...valid, ...change } });
      expect(response.status, JSON.stringify(change)).toBe(status);
    }
    expect(await t.db.event.count()).toBe(1);
    const created = await request("/admin/events/new", { cookie, form: valid });
    expect(created.status).toBe(302);
    expect(await t.db.event.count()).toBe(2);
  });
});

describe("flash messages", () => {
  it("show once after a redirect, then are cleared, also on pages that pass action headers on", async () => {
    const user = await userFactory(t.db);
    const asked = await request("/forgot-password", { form: { email: user.email } });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe("/login");
    const flash =
      asked.headers
        .getSetCookie()
        .find((c) => c.startsWith("__summit_flash="))
        ?.split(";")[0] ?? "";
    const shown = await request("/login", { cookie: flash });
    expect(await shown.text()).toContain("a reset link is on its way");
    const cleared =
      shown.headers
        .getSetCookie()
        .find((c) => c.startsWith("__summit_flash="))
        ?.split(";")[0] ?? "";
    expect(cleared).not.toBe("");
    expect(await (await request("/login", { cookie: cleared })).text()).not.toContain("a reset link is on its way");
  });
});

describe("rate limits", () => {
  it("allow ten login attempts a minute per account, then answer 429 with a clear message", async () => {
    const user = await userFactory(t.db);
    for (let i = 0; i < 10; i++) {
      const response = await request("/login", { form: { email: user.email, password: "wrong-password" } });
      expect(response.status).toBe(422);
      nextAddress(); // a different address each time: the per-account limit still applies
    }
    const limited = await request("/login", { form: { email: user.email, password: DEFAULT_PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited.text()).toContain("Too many attempts");
    expect(await t.db.session.count()).toBe(0);
  });
});
