import type { Locator, Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/env.ts";
import { type A11y, expect, snap, test } from "./support/fixtures.ts";

// The grid must show the event's wall-clock, not the viewer's: browse from the other side of the world.
// A tall window keeps a session and the slot it is dragged to in view together.
test.use({ storageState: ADMIN_STATE, timezoneId: "Pacific/Auckland", viewport: { width: 1280, height: 1000 } });

const SUMMIT = "Social Media Summit 2027";

type Block = { id: string; label: string; room: string; start: number; end: number };
type Grid = { rooms: string[]; first: number; last: number; blocks: Block[] };

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
const range = (start: number, end: number) => `${clock(start)}–${clock(end)}`;
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The demo summit's grid (its first day), found from the admin events list like an organiser would. */
async function openGrid(page: Page, a11y: A11y): Promise<string> {
  await page.goto("/admin/events");
  await a11y.check();
  const href = await page.getByRole("link", { name: SUMMIT }).first().getAttribute("href");
  expect(href, "the demo summit is listed").toMatch(/^\/admin\/events\/[^/]+$/);
  const url = `${href}/agenda`;
  await gotoGrid(page, url);
  return url;
}

async function gotoGrid(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Agenda", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Days" }).getByRole("link").first()).toHaveAttribute("aria-current", "page");
  // Dragging needs React in charge of the page, not just the server's HTML.
  await expect(page.locator("section[data-hydrated]")).toBeVisible();
}

/** What the grid shows, read from the page: rooms in order, its hours and every session block. */
async function readGrid(page: Page): Promise<Grid> {
  return page.evaluate(() => {
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    const grid = document.querySelector<HTMLElement>("[data-first-minute]");
    return {
      rooms: [...document.querySelectorAll<HTMLElement>("[data-room-column]")].map((e) => e.dataset.roomColumn ?? ""),
      first: Number(grid?.dataset.firstMinute),
      last: Number(grid?.dataset.lastMinute),
      blocks: [...document.querySelectorAll<HTMLElement>("[data-session-block]")].map((e) => ({
        id: e.dataset.sessionBlock ?? "",
        label: e.querySelector("button")?.getAttribute("aria-label") ?? "",
        room: e.dataset.room ?? "",
        start: minutes(e.dataset.start ?? ""),
        end: minutes(e.dataset.end ?? ""),
      })),
    };
  });
}

/** Sessions placed in a room (breaks without a room span them all and can't change room). */
const inRooms = (grid: Grid) => grid.blocks.filter((b) => b.room !== "");
const titleOf = (b: Block) => b.label.slice(0, -`, ${b.room}, ${range(b.start, b.end)}`.length);
const isFree = (grid: Grid, room: string, start: number, end: number, except: string) =>
  !grid.blocks.some((b) => b.id !== except && b.room === room && b.start < end && start < b.end);

const blockOf = (page: Page, id: string) => page.locator(`[data-session-block="${id}"]`);
const columnOf = (page: Page, room: string) => page.locator(`[data-room-column=${JSON.stringify(room)}]`);
const status = (page: Page) => page.locator("#schedule-status");

/** Height of one minute on screen. */
async function pixelsPerMinute(page: Page, grid: Grid): Promise<number> {
  const box = await columnOf(page, grid.rooms[0]).boundingBox();
  if (!box) throw new Error("The grid has no room column on screen");
  return box.height / (grid.last - grid.first);
}

/** Scrolls the grid so the block sits near its top, leaving room below to drag into. */
async function bringToTop(block: Locator) {
  await block.evaluate((el) => el.scrollIntoView({ block: "start" }));
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error("Element is not on screen");
  return found;
}

/** A real pointer drag: press, move past the drag threshold, travel in steps, release. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 6, from.y + 6, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/** Keyboard only: pick the focused session up, press the keys, drop it. */
async function keyboardMove(page: Page, block: Locator, keys: string[]) {
  await block.getByRole("button").focus();
  await page.keyboard.press("Enter");
  for (const key of keys) await page.keyboard.press(key);
  await page.keyboard.press("Enter");
}

async function expectPlaced(page: Page, id: string, title: string, room: string, start: number, end: number) {
  const block = blockOf(page, id);
  await expect(block).toHaveAttribute("data-room", room);
  await expect(block).toContainText(range(start, end));
  await expect(block.getByRole("button")).toHaveAccessibleName(`${title}, ${room}, ${range(start, end)}`);
  // It sits in its room's column on screen, not merely says so.
  const column = await box(columnOf(page, room));
  const placed = await box(block);
  expect(placed.x).toBeGreaterThanOrEqual(column.x - 1);
  expect(placed.x + placed.width).toBeLessThanOrEqual(column.x + column.width + 1);
}

test("an organiser drags a session to another room and a later time, and it stays there", async ({ page, a11y }) => {
  const url = await openGrid(page, a11y);
  await a11y.check();
  await snap(page, "agenda-grid");
  const grid = await readGrid(page);
  const session = inRooms(grid)[0];
  expect(session, "the demo summit's first day has sessions in rooms").toBeTruthy();
  const title = titleOf(session);
  const length = session.end - session.start;

  // The nearest free slot in another room, 30 minutes to two hours later.
  let target: { room: string; start: number } | undefined;
  for (let delta = 30; delta <= 120 && !target; delta += 15) {
    const start = session.start + delta;
    const room = grid.rooms.find(
      (r) => r !== session.room && start + length <= grid.last && isFree(grid, r, start, start + length, session.id),
    );
    if (room) target = { room, start };
  }
  if (!target) throw new Error(`No free slot in another room within two hours after “${title}”`);

  const block = blockOf(page, session.id);
  await bringToTop(block);
  const perMinute = await pixelsPerMinute(page, grid);
  const from = await box(block);
  const column = await box(columnOf(page, target.room));
  // Grab near the top left (clear of the edit link and the resize edge); drop at the same point of the target slot.
  const grab = { x: from.x + 24, y: from.y + 14 };
  await drag(page, grab, { x: column.x + 24, y: grab.y + (target.start - session.start) * perMinute });

  const end = target.start + length;
  await expect(status(page)).toHaveText(`Moved “${title}” to ${target.room}, ${range(target.start, end)}.`);
  await page.reload();
  await gotoGrid(page, url);
  await expectPlaced(page, session.id, title, target.room, target.start, end);
  await a11y.check();

  // Put it back, so the demo agenda stays as the other tests expect it.
  await keyboardMove(page, blockOf(page, session.id), [
    ...Array((target.start - session.start) / 15).fill("ArrowUp"),
    ...Array(Math.abs(grid.rooms.indexOf(target.room) - grid.rooms.indexOf(session.room))).fill(
      grid.rooms.indexOf(target.room) > grid.rooms.indexOf(session.room) ? "ArrowLeft" : "ArrowRight",
    ),
  ]);
  await expect(status(page)).toHaveText(`Moved “${title}” to ${session.room}, ${range(session.start, session.end)}.`);
});

test("dragging a session's bottom edge changes when it ends", async ({ page, a11y }) => {
  const url = await openGrid(page, a11y);
  const grid = await readGrid(page);
  // The first session with half an hour free after it in its room; else shorten the first long one.
  const longer = inRooms(grid).find((b) => b.end + 30 <= grid.last && isFree(grid, b.room, b.end, b.end + 30, b.id));
  const session = longer ?? inRooms(grid).find((b) => b.end - b.start >= 45);
  if (!session) throw new Error("No session on the first day can be resized");
  const delta = longer ? 30 : -15;
  const title = titleOf(session);

  const block = blockOf(page, session.id);
  await bringToTop(block);
  const perMinute = await pixelsPerMinute(page, grid);
  const edge = await box(block.locator("[data-resize-handle]"));
  const grab = { x: edge.x + edge.width / 2, y: edge.y + edge.height / 2 };
  await drag(page, grab, { x: grab.x, y: grab.y + delta * perMinute });

  const end = session.end + delta;
  await expect(status(page)).toHaveText(`Resized “${title}”: ${session.room}, ${range(session.start, end)}.`);
  await page.reload();
  await gotoGrid(page, url);
  await expectPlaced(page, session.id, title, session.room, session.start, end);
  await a11y.check();

  await keyboardMove(
    page,
    blockOf(page, session.id),
    Array(Math.abs(delta) / 15).fill(delta > 0 ? "Shift+ArrowUp" : "Shift+ArrowDown"),
  );
  await expect(status(page)).toHaveText(`Resized “${title}”: ${session.room}, ${range(session.start, session.end)}.`);
});

test("with the keyboard alone a session is picked up, moved and dropped, and the move is announced", async ({ page, a11y }) => {
  const url = await openGrid(page, a11y);
  const grid = await readGrid(page);
  // ↓↓ → moves it 30 minutes later into the next room; prefer a session whose new slot is free.
  const next = (b: Block) => grid.rooms[grid.rooms.indexOf(b.room) + 1];
  const movable = inRooms(grid).filter((b) => next(b) && b.end + 30 <= grid.last);
  const session = movable.find((b) => isFree(grid, next(b), b.start + 30, b.end + 30, b.id)) ?? movable[0];
  if (!session) throw new Error("No session on the first day has a room to its right");
  const title = titleOf(session);
  const room = next(session);
  const [start, end] = [session.start + 30, session.end + 30];

  const button = blockOf(page, session.id).getByRole("button");
  await button.focus();
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(status(page)).toContainText(`Picked up “${title}”`);
  await expect(status(page)).toContainText(
    "use arrow keys to move, Shift+arrows to change length, Enter to drop, Escape to cancel",
  );
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await expect(status(page)).toContainText(`${room}, ${range(start, end)}.`);
  await page.keyboard.press("Enter");

  await expect(status(page)).toContainText(`Moved “${title}” to ${room}, ${range(start, end)}.`);
  await expect(status(page)).toHaveAttribute("aria-live", "polite");
  await expect(button).toHaveAttribute("aria-pressed", "false");
  await expect(button).toBeFocused();
  await a11y.check();

  // Escape puts a picked-up session back without saving anything.
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  await expect(status(page)).toHaveText(`Move cancelled; “${title}” stays in ${room}, ${range(start, end)}.`);

  await page.reload();
  await gotoGrid(page, url);
  await expectPlaced(page, session.id, title, room, start, end);

  await keyboardMove(page, blockOf(page, session.id), ["ArrowUp", "ArrowUp", "ArrowLeft"]);
  await expect(status(page)).toContainText(`Moved “${title}” to ${session.room}, ${range(session.start, session.end)}.`);
});

test("moving a session into an occupied slot marks both sessions with the conflict, inline", async ({ page, a11y }) => {
  await openGrid(page, a11y);
  const grid = await readGrid(page);
  const sessions = inRooms(grid);
  // Two sessions at overlapping times in different rooms: moving one sideways double-books the other's room.
  const pair = sessions
    .flatMap((a) => sessions.filter((b) => b.room !== a.room && a.start < b.end && b.start < a.end).map((b) => [a, b] as const))
    .at(0);
  if (!pair) throw new Error("No two sessions on the first day run at the same time");
  const [moving, occupant] = pair;
  const steps = grid.rooms.indexOf(occupant.room) - grid.rooms.indexOf(moving.room);
  const sideways = (n: number) => Array(Math.abs(n)).fill(n > 0 ? "ArrowRight" : "ArrowLeft");
  const message = `${occupant.room} is double-booked`;

  await keyboardMove(page, blockOf(page, moving.id), sideways(steps));
  await expect(status(page)).toContainText(`Moved “${titleOf(moving)}” to ${occupant.room}`);
  await expect(status(page)).toContainText(message);
  for (const id of [moving.id, occupant.id]) {
    const marker = blockOf(page, id).locator("[data-conflict-marker]");
    await expect(marker).toBeVisible();
    await expect(marker).toContainText("Conflict");
    await expect(marker).toHaveAttribute("title", literally(message));
    await expect(blockOf(page, id).getByRole("button")).toHaveAccessibleDescription(literally(`Conflict: ${message}`));
  }
  const summary = page.getByRole("region", { name: /conflicts? on this day/ });
  await expect(summary).toContainText(message);
  await a11y.check();
  await snap(page, "agenda-grid-conflict");

  // Moving it back clears both markers.
  await keyboardMove(page, blockOf(page, moving.id), sideways(-steps));
  await expect(status(page)).toContainText(`Moved “${titleOf(moving)}” to ${moving.room}`);
  await expect(blockOf(page, moving.id).locator("[data-conflict-marker]")).toHaveCount(0);
  await expect(blockOf(page, occupant.id).locator("[data-conflict-marker]")).toHaveCount(0);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the grid scrolls sideways inside its frame and the page does not", async ({ page, a11y }) => {
    await openGrid(page, a11y);
    const widths = await page.evaluate(() => {
      const frame = document.querySelector<HTMLElement>("section[data-hydrated]");
      return {
        page: (document.scrollingElement ?? document.documentElement).scrollWidth,
        viewport: window.innerWidth,
        frame: frame?.clientWidth ?? 0,
        grid: frame?.scrollWidth ?? 0,
      };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.grid, "four rooms need more than a phone's width").toBeGreaterThan(widths.frame);
    await a11y.check();
    await snap(page, "agenda-grid-mobile");
  });
});
