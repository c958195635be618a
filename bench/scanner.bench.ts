// Acceptance: the door scanner verifies a badge offline in ≤ 5 ms per scan (p95), in the
// browser. Measured in Chromium on the scanner's own code — decode the QR text, check the
// Ed25519 signature, judge against a local copy of a 5,000-person list — and compared, in the
// same page and run, with the bare limit: crypto.subtle.verify on the same bytes with the key
// already imported. The @noble/ed25519 fallback (browsers without WebCrypto Ed25519) is timed
// too, for information.
//
//   npm run bench:scanner           (BENCH_N scans, default 1000; BENCH_WARMUP, default 100)
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "@playwright/test";
import { build, type Rollup } from "vite";
import { badgeKeyring, eventTag, issueBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import type { CheckInSnapshot } from "~/modules/badges/offline/snapshot.ts";
import type { ListEntry } from "~/modules/badges/verdict.ts";
import { boundedInt, logLoad, machineNow, printTable, round, runBench, summarize, writeResults } from "./lib.ts";

const TARGET_P95_MS = 5;
const N = boundedInt("BENCH_N", 1000);
const WARMUP = boundedInt("BENCH_WARMUP", 100);
const LIST_SIZE = 5000;
const NOBLE_N = Math.min(N, 300);
const RESULTS = "bench/results/scanner.json";
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** A list of LIST_SIZE people and N signed badges of theirs, as the server would issue them. */
function fixture() {
  const ring = badgeKeyring({ badgeSigningKey: randomBytes(32).toString("base64url"), badgeRetiredKeys: [] });
  const eventId = "cmbenchevent000000000000";
  const entries: ListEntry[] = Array.from({ length: LIST_SIZE }, (_, i) => ({
    registrationId: `cmbenchreg${String(i).padStart(14, "0")}`,
    name: `Attendee ${i}`,
    email: `attendee${i}@example.com`,
    orderReference: `SMS-${i.toString(36).toUpperCase()}`,
    ticketTypeId: "tt_full",
    ticketType: "Full pass",
    status: "CONFIRMED",
    badgeVersion: 1,
    accessibilityNeeds: i % 10 === 0 ? ["Step-free access"] : [],
  }));
  const endsAt = new Date(Date.now() + 30 * 86_400_000);
  const tokens = entries
    .slice(0, N)
    .map((e) => issueBadgeToken(ring, { id: e.registrationId, eventId, badgeVersion: 1 }, { endsAt }));
  const snapshot: CheckInSnapshot = {
    list: {
      id: "list",
      name: "Whole event",
      kind: "EVENT",
      eventId,
      eventName: "Bench",
      eventTag: eventTag(eventId),
      admits: ["tt_full"],
    },
    keys: ring.verifyKeys,
    entries,
    checkIns: [],
    duplicates: [],
    generatedAt: new Date().toISOString(),
  };
  return { snapshot, tokens };
}

async function bundle(): Promise<string> {
  const result = (await build({
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: true,
      target: "es2022",
      lib: { entry: "bench/scanner.page.ts", formats: ["es"], fileName: "door" },
    },
  })) as Rollup.RollupOutput[];
  const chunk = result[0].output.find((o) => o.type === "chunk");
  if (!chunk) throw new Error("Vite produced no bundle");
  return chunk.code;
}

/** Serves the page on 127.0.0.1, cross-origin isolated so performance.now() has 5 µs resolution, not 100 µs. */
async function serve(code: string) {
  const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
  const server = http.createServer((req, res) => {
    if (req.url === "/door.js") res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(code);
    else
      res
        .writeHead(200, { ...headers, "Content-Type": "text/html" })
        .end(
          '<!doctype html><title>scanner bench</title><script type="module">import * as door from "/door.js"; window.door = door;</script>',
        );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

type Door = typeof import("./scanner.page.ts");

async function main() {
  const machine = machineNow();
  logLoad(machine);
  const { snapshot, tokens } = fixture();
  const code = await bundle();
  const site = await serve(code);
  const browser = await chromium.launch({
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => "door" in window);
    const measured = await page.evaluate((input) => (window as unknown as { door: Door }).door.measure(input), {
      snapshot,
      tokens,
      warmup: WARMUP,
      nobleN: NOBLE_N,
    });

    // Every scan must have been a real admission: a bench that refuses everything measures nothing.
    const expect = (loop: string, answers: Record<string, number>, answer: string, n: number) => {
      if (answers[answer] !== n) throw new Error(`${loop}: expected ${n} × ${answer}, got ${JSON.stringify(answers)}`);
    };
    expect("scanner", measured.app.answers, "MAY_ADMIT", N);
    expect("baseline", measured.baseline.answers, "true", N);
    expect("fallback", measured.fallback.answers, "MAY_ADMIT", NOBLE_N);
    if (measured.engine !== "webcrypto") throw new Error(`Chromium should verify with WebCrypto, but used ${measured.engine}`);

    const app = summarize(measured.app.samples);
    const baseline = summarize(measured.baseline.samples);
    const fallback = summarize(measured.fallback.samples);
    const ratio = app.mean / baseline.mean;
    const row = (name: string, s: typeof app) => [
      name,
      String(s.n),
      ...[s.mean, s.median, s.p95, s.p99, s.max].map((v) => round(v, 3).toFixed(3)),
    ];
    console.log(
      `${measured.userAgent}\ncrossOriginIsolated: ${measured.crossOriginIsolated} (timer resolution ${measured.crossOriginIsolated ? "5 µs" : "100 µs"}); list of ${LIST_SIZE} people.\n`,
    );
    printTable([
      ["ms per scan", "n", "mean", "median", "p95", "p99", "max"],
      row("scanner: decode + verify (WebCrypto) + judge", app),
      row("baseline: crypto.subtle.verify only", baseline),
      row("fallback: decode + verify (@noble/ed25519) + judge", fallback),
    ]);
    const pass = app.p95 <= TARGET_P95_MS;
    console.log(
      `\nScanner / baseline (mean): ${round(ratio, 2)}×. Target: p95 ≤ ${TARGET_P95_MS} ms per scan → ${pass ? "PASS" : "FAIL"} (p95 ${round(app.p95, 3)} ms).`,
    );
    writeResults(RESULTS, {
      bench: "scanner",
      at: new Date().toISOString(),
      machine,
      browser: measured.userAgent,
      listSize: LIST_SIZE,
      targetP95Ms: TARGET_P95_MS,
      scanner: app,
      baseline,
      fallbackNoble: fallback,
      ratioToBaseline: round(ratio, 3),
      pass,
    });
    if (!pass) process.exitCode = 1;
  } finally {
    await browser.close();
    site.close();
  }
}

runBench("bench:scanner", main);
