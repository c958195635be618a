// Badge PDFs with pdf-lib: 4×3 in badge stock (one badge a page) or six badges on a US Letter
// or A4 sheet with cut marks, in a standard or a large-print style. The QR code is drawn as
// vector rectangles in a raw content stream (one run of dark modules = one rectangle), not as
// an image per badge: 5,000 badges stay one fast, small, sharp file.

import { deflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { type PDFContext, PDFDocument, type PDFFont, type PDFPage, type RGB, rgb } from "pdf-lib";
import type { BadgeLayout, BadgeRole } from "~/generated/prisma/enums.ts";
import { type FontFace, type FontWeight, type TextRun, textRuns } from "./badge-fonts.server.ts";
import { type QrRuns, QUIET_ZONE_MODULES, qrRuns } from "./badge-qr.ts";
import type { BadgeView } from "./badges.server.ts";

const INCH = 72;
export const BADGE_SIZE = { width: 4 * INCH, height: 3 * INCH };
/** The printed symbol, without its quiet zone: phones read 1.4 in from arm's length. */
export const QR_SYMBOL_SIZE = 1.42 * INCH;

const PAPER: Record<Exclude<BadgeLayout, "BADGE_4X3">, { width: number; height: number }> = {
  SHEET_LETTER: { width: 612, height: 792 },
  SHEET_A4: { width: 595.28, height: 841.89 },
};
/** Two across, three down: 8 × 9 in of badges fits both papers (like Avery 5392 sheets). */
const SHEET = { columns: 2, rows: 3 };
export const BADGES_PER_PAGE: Record<BadgeLayout, number> = {
  BADGE_4X3: 1,
  SHEET_LETTER: SHEET.columns * SHEET.rows,
  SHEET_A4: SHEET.columns * SHEET.rows,
};

export const RIBBON_COLOURS: Record<BadgeRole, [number, number, number]> = {
  ATTENDEE: [0.043, 0.361, 0.678],
  SPEAKER: [0.427, 0.157, 0.851],
  STAFF: [0.082, 0.502, 0.239],
  ORGANIZER: [0.761, 0.255, 0.047],
};
const colour = ([r, g, b]: [number, number, number]) => rgb(r, g, b);
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.28, 0.33, 0.41);
const WHITE = rgb(1, 1, 1);
const HEADER = rgb(0.06, 0.09, 0.16);
const NO_PHOTO = rgb(0.725, 0.11, 0.11);
const HANDLE = rgb(0.03, 0.29, 0.55);

type Style = {
  header: number;
  headerText: number;
  ribbon: number;
  ribbonText: number;
  nameMax: number;
  nameMin: number;
  pronouns: number;
  organisation: number;
  handle: number;
  marker: number;
};
const STANDARD: Style = {
  header: 20,
  headerText: 8,
  ribbon: 26,
  ribbonText: 15,
  nameMax: 34,
  nameMin: 18,
  pronouns: 13,
  organisation: 12,
  handle: 11,
  marker: 10,
};
/** Bigger details and ribbon; the name is already as large as the QR code leaves room for. */
const LARGE: Style = {
  header: 18,
  headerText: 8,
  ribbon: 30,
  ribbonText: 19,
  nameMax: 36,
  nameMin: 22,
  pronouns: 17,
  organisation: 15,
  handle: 14,
  marker: 12.5,
};
const PAD = 12;
/** Tallest accented capital above the baseline and deepest descender below, in ems (Noto Sans). */
const ASCENT = 0.92;
const DESCENT = 0.26;

/** Width of `text` at size 1, measured with the same faces that will draw it. */
function measureRuns(runs: TextRun[]): number {
  let width = 0;
  for (const run of runs) width += run.face.font.layout(run.text).advanceWidth / run.face.font.unitsPerEm;
  return width;
}

const widths = new Map<string, number>();

/** Widths repeat (ribbons, headers, clipping attempts), so they are kept; the map is bounded. */
function measure(text: string, weight: FontWeight): number {
  const key = `${weight}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    if (widths.size > 50_000) widths.clear();
    width = measureRuns(textRuns(text, weight));
    widths.set(key, width);
  }
  return width;
}

/** Cuts text to `width` at `size`, ending in "…" when cut. */
function clip(text: string, weight: FontWeight, size: number, width: number): string {
  if (measure(text, weight) * size <= width) return text;
  const chars = [...text];
  while (chars.length > 1 && measure(`${chars.join("").trimEnd()}…`, weight) * size > width) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/** Up to `maxLines` lines of at most `width`, broken between words; the last one clipped. */
function wrap(text: string, weight: FontWeight, size: number, width: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (let i = 0; i < words.length; i++) {
    const candidate = line ? `${line} ${words[i]}` : words[i];
    if (!line || measure(candidate, weight) * size <= width) {
      line = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      line = `${line} ${words.slice(i).join(" ")}`;
      break;
    }
    lines.push(line);
    line = words[i];
  }
  if (line) lines.push(line);
  return lines.map((l) => clip(l, weight, size, width));
}

/**
 * The largest size at which a long name fits on two lines: the first across the badge, the
 * second across it too if it ends above the QR code's zone, else in the column beside it.
 */
function twoLineName(words: string[], style: Style, fullWidth: number, columnWidth: number, nameTop: number, zoneTop: number) {
  let best: { first: string; second: string; size: number; secondWidth: number } | null = null;
  for (let cut = 1; cut < words.length; cut++) {
    const first = words.slice(0, cut).join(" ");
    const second = words.slice(cut).join(" ");
    for (let size = style.nameMax; size >= style.nameMin; size -= 1) {
      const secondBottom = nameTop - ASCENT * size - 1.08 * size - DESCENT * size;
      const secondWidth = secondBottom >= zoneTop ? fullWidth : columnWidth;
      if (measure(first, "bold") * size <= fullWidth && measure(second, "bold") * size <= secondWidth) {
        if (!best || size > best.size) best = { first, second, size, secondWidth };
        break;
      }
    }
  }
  if (best) return best;
  // Nothing fits whole: the widest first line that fits, and the rest clipped beside the QR code.
  let cut = 1;
  while (cut + 1 < words.length && measure(words.slice(0, cut + 1).join(" "), "bold") * style.nameMin <= fullWidth) cut++;
  return {
    first: words.slice(0, cut).join(" "),
    second: words.slice(cut).join(" "),
    size: style.nameMin,
    secondWidth: columnWidth,
  };
}

type Placed = { text: string; weight: FontWeight; size: number; x: number; y: number; color: RGB };

/** Where every piece of one badge goes, with (0, 0) at the badge's lower left. */
function layoutBadge(badge: BadgeView, style: Style, qrSize: number) {
  const { width, height } = BADGE_SIZE;
  const module = QR_SYMBOL_SIZE / qrSize;
  const zone = QR_SYMBOL_SIZE + 2 * QUIET_ZONE_MODULES * module;
  const qr = { x: width - 4 - zone + QUIET_ZONE_MODULES * module, y: style.ribbon + QUIET_ZONE_MODULES * module, module };
  const texts: Placed[] = [];

  // Header: the event on the left, its dates and campus on the right.
  const headerY = height - style.header + (style.header - style.headerText * 0.72) / 2;
  const when = `${badge.eventDates} · ${badge.campus}`;
  const whenWidth = Math.min(measure(when, "regular") * style.headerText, (width - 2 * PAD) / 2);
  texts.push({
    text: clip(badge.eventName, "bold", style.headerText, width - 2 * PAD - whenWidth - 8),
    weight: "bold",
    size: style.headerText,
    x: PAD,
    y: headerY,
    color: WHITE,
  });
  const whenText = clip(when, "regular", style.headerText, whenWidth);
  texts.push({
    text: whenText,
    weight: "regular",
    size: style.headerText,
    x: width - PAD - measure(whenText, "regular") * style.headerText,
    y: headerY,
    color: WHITE,
  });

  // The name: one line as large as fits the width; else two, the second beside the QR code
  // when it reaches down that far.
  const nameTop = height - style.header - 3;
  const fullWidth = width - 2 * PAD;
  const columnWidth = width - 4 - zone - PAD - 2;
  let columnTop = style.ribbon + zone;
  const oneLine = Math.min(style.nameMax, fullWidth / measure(badge.name, "bold"));
  const words = badge.name.trim().split(/\s+/);
  const split =
    oneLine >= style.nameMin || words.length === 1 ? null : twoLineName(words, style, fullWidth, columnWidth, nameTop, columnTop);
  if (!split) {
    const size = Math.max(oneLine, style.nameMin);
    texts.push({
      text: clip(badge.name, "bold", size, fullWidth),
      weight: "bold",
      size,
      x: PAD,
      y: nameTop - ASCENT * size,
      color: INK,
    });
  } else {
    const { first, second, size, secondWidth } = split;
    const firstY = nameTop - ASCENT * size;
    const secondY = firstY - 1.08 * size;
    texts.push({ text: clip(first, "bold", size, fullWidth), weight: "bold", size, x: PAD, y: firstY, color: INK });
    texts.push({ text: clip(second, "bold", size, secondWidth), weight: "bold", size, x: PAD, y: secondY, color: INK });
    columnTop = Math.min(columnTop, secondY - DESCENT * size);
  }

  // Beside the QR code: pronouns, organisation, handle; the no-photo marker at the bottom.
  let y = columnTop - 4;
  const add = (text: string, weight: FontWeight, size: number, color: RGB, lines = 1) => {
    if (!text) return;
    for (const l of wrap(text, weight, size, columnWidth, lines)) {
      y -= ASCENT * size;
      texts.push({ text: l, weight, size, x: PAD, y, color });
      y -= DESCENT * size + 2;
    }
  };
  add(badge.pronouns, "regular", style.pronouns, MUTED);
  add(badge.organisation, "bold", style.organisation, INK, 2);
  add(badge.socialHandle, "regular", style.handle, HANDLE);

  const markerHeight = style.marker * 2.2;
  const marker = badge.noPhotos
    ? { x: PAD, y: style.ribbon + 6, width: Math.min(columnWidth, style.marker * 9.6), height: markerHeight }
    : null;
  if (marker) {
    texts.push({
      text: "NO PHOTOS",
      weight: "bold",
      size: style.marker,
      x: marker.x + markerHeight * 1.45,
      y: marker.y + (markerHeight - style.marker * 0.72) / 2,
      color: WHITE,
    });
  }

  // Ribbon: the role, centred, with the badge's version small at the right for the desk.
  const ribbonText = badge.ribbon.toUpperCase();
  const ribbonWidth = measure(ribbonText, "bold") * style.ribbonText;
  texts.push({
    text: ribbonText,
    weight: "bold",
    size: style.ribbonText,
    x: (width - ribbonWidth) / 2,
    y: (style.ribbon - style.ribbonText * 0.72) / 2,
    color: WHITE,
  });
  texts.push({ text: `v${badge.badgeVersion}`, weight: "regular", size: 6.5, x: width - PAD - 8, y: 4, color: WHITE });

  return { texts, qr, marker };
}

const n = (v: number) => (Math.round(v * 100) / 100).toString();
const fillColour = (c: RGB) => `${n(c.red)} ${n(c.green)} ${n(c.blue)} rg`;
const strokeColour = (c: RGB) => `${n(c.red)} ${n(c.green)} ${n(c.blue)} RG`;

/**
 * The document's fonts: each Noto Sans subset is embedded the first time a badge needs it,
 * and each text's glyph codes are kept, since headers and ribbons repeat on every badge.
 */
class Fonts {
  private readonly embedded = new Map<string, PDFFont>();
  private readonly encoded = new Map<string, string>();
  constructor(private readonly pdf: PDFDocument) {}

  async prepare(placed: Placed[]) {
    const prepared = placed.map((p) => ({ ...p, runs: textRuns(p.text, p.weight) }));
    for (const p of prepared)
      for (const run of p.runs)
        if (!this.embedded.has(run.face.key))
          this.embedded.set(run.face.key, await this.pdf.embedFont(run.face.bytes, { subset: true }));
    return prepared;
  }

  font(face: FontFace): PDFFont {
    return this.embedded.get(face.key) as PDFFont;
  }

  hex(face: FontFace, text: string): string {
    const key = `${face.key}|${text}`;
    let hex = this.encoded.get(key);
    if (hex === undefined) {
      if (this.encoded.size > 50_000) this.encoded.clear();
      hex = this.font(face).encodeText(text).toString();
      this.encoded.set(key, hex);
    }
    return hex;
  }
}

/**
 * A page's drawing as raw PDF operators, written once as a single compressed stream: far
 * cheaper than an operator object per shape when a run has thousands of pages.
 */
class PageWriter {
  private ops: string[] = [];
  private readonly fontNames = new Map<string, string>();
  constructor(
    private readonly page: PDFPage,
    private readonly fonts: Fonts,
  ) {}

  rect(x: number, y: number, width: number, height: number, color: RGB) {
    this.ops.push(`${fillColour(color)} ${n(x)} ${n(y)} ${n(width)} ${n(height)} re f`);
  }

  strokeRect(x: number, y: number, width: number, height: number, color: RGB, lineWidth: number) {
    this.ops.push(`${strokeColour(color)} ${n(lineWidth)} w ${n(x)} ${n(y)} ${n(width)} ${n(height)} re S`);
  }

  line(x1: number, y1: number, x2: number, y2: number, color: RGB, lineWidth: number) {
    this.ops.push(`${strokeColour(color)} ${n(lineWidth)} w ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S`);
  }

  /** A circle outline from four Bézier quarters. */
  circle(cx: number, cy: number, r: number, color: RGB, lineWidth: number) {
    const k = 0.5523 * r;
    this.ops.push(
      `${strokeColour(color)} ${n(lineWidth)} w ${n(cx + r)} ${n(cy)} m ` +
        `${n(cx + r)} ${n(cy + k)} ${n(cx + k)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c ` +
        `${n(cx - k)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k)} ${n(cx - r)} ${n(cy)} c ` +
        `${n(cx - r)} ${n(cy - k)} ${n(cx - k)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c ` +
        `${n(cx + k)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k)} ${n(cx + r)} ${n(cy)} c S`,
    );
  }

  async texts(placed: Placed[], dx: number, dy: number) {
    for (const p of await this.fonts.prepare(placed)) {
      let x = p.x + dx;
      for (const [i, run] of p.runs.entries()) {
        this.ops.push(
          `BT ${fillColour(p.color)} /${this.fontName(run.face)} ${n(p.size)} Tf ${n(x)} ${n(p.y + dy)} Td ${this.fonts.hex(run.face, run.text)} Tj ET`,
        );
        // Only a following run needs to know where this one ends.
        if (i < p.runs.length - 1) x += measureRuns([run]) * p.size;
      }
    }
  }

  /** Dark QR modules as rectangles, filled at once; lower left of the symbol at (x, y). */
  qr({ size, runs }: QrRuns, x: number, y: number, symbolSize: number) {
    const m = symbolSize / size;
    const rects = runs.map(
      ([row, col, length]) => `${n(x + col * m)} ${n(y + (size - 1 - row) * m)} ${n(length * m)} ${n(m)} re`,
    );
    this.ops.push(`0 0 0 rg ${rects.join(" ")} f`);
  }

  finish(context: PDFContext) {
    const content = deflateSync(Buffer.from(`q\n${this.ops.join("\n")}\nQ\n`, "latin1"), { level: 6 });
    this.page.node.addContentStream(context.register(context.stream(content, { Filter: "FlateDecode" })));
    this.ops = [];
  }

  private fontName(face: FontFace): string {
    let name = this.fontNames.get(face.key);
    if (!name) {
      const font = this.fonts.font(face);
      name = this.page.node.newFontDictionary(font.name, font.ref).asString().slice(1);
      this.fontNames.set(face.key, name);
    }
    return name;
  }
}

/** A camera with a slash through it, in white on the marker. */
function drawNoPhotoIcon(out: PageWriter, x: number, y: number, h: number) {
  const s = h * 0.62;
  const left = x + (h - s) / 2 + 2;
  const bottom = y + (h - s * 0.72) / 2;
  const stroke = h * 0.07;
  out.strokeRect(left, bottom, s, s * 0.62, WHITE, stroke);
  out.rect(left + s * 0.3, bottom + s * 0.62, s * 0.4, s * 0.12, WHITE);
  out.circle(left + s / 2, bottom + s * 0.31, s * 0.17, WHITE, stroke);
  out.line(left - s * 0.12, bottom - s * 0.1, left + s * 1.12, bottom + s * 0.8, WHITE, h * 0.09);
}

async function drawBadge(out: PageWriter, badge: BadgeView, style: Style, ox: number, oy: number) {
  const { width, height } = BADGE_SIZE;
  const symbol = qrRuns(badge.token);
  const { texts, qr, marker } = layoutBadge(badge, style, symbol.size);
  out.rect(ox, oy + height - style.header, width, style.header, HEADER);
  out.rect(ox, oy, width, style.ribbon, colour(RIBBON_COLOURS[badge.role]));
  if (marker) {
    out.rect(ox + marker.x, oy + marker.y, marker.width, marker.height, NO_PHOTO);
    drawNoPhotoIcon(out, ox + marker.x, oy + marker.y, marker.height);
  }
  await out.texts(texts, ox, oy);
  out.qr(symbol, ox + qr.x, oy + qr.y, QR_SYMBOL_SIZE);
}

/** Short cut lines in the margins, in line with every badge edge. */
function drawCutMarks(out: PageWriter, left: number, bottom: number) {
  const { width, height } = BADGE_SIZE;
  const top = bottom + SHEET.rows * height;
  const right = left + SHEET.columns * width;
  const grey = rgb(0.45, 0.45, 0.45);
  const reach = Math.min(18, left - 2);
  for (let c = 0; c <= SHEET.columns; c++) {
    const x = left + c * width;
    out.line(x, top + 4, x, top + 22, grey, 0.5);
    out.line(x, bottom - 4, x, bottom - 22, grey, 0.5);
  }
  for (let r = 0; r <= SHEET.rows; r++) {
    const y = bottom + r * height;
    out.line(left - 2, y, left - 2 - reach, y, grey, 0.5);
    out.line(right + 2, y, right + 2 + reach, y, grey, 0.5);
  }
}

export type BadgePdfOptions = {
  layout: BadgeLayout;
  largePrint: boolean;
  title?: string;
  /** Called after every `progressEvery` badges (and at the end) with how many are drawn. */
  onProgress?: (done: number) => Promise<void> | void;
  progressEvery?: number;
};

/**
 * One PDF of these badges in order. It yields to the event loop between pages, so a large
 * print run in the app process never stalls the requests around it.
 */
export async function renderBadgesPdf(badges: BadgeView[], options: BadgePdfOptions): Promise<Uint8Array> {
  const { layout, largePrint, onProgress, progressEvery = 100 } = options;
  const style = largePrint ? LARGE : STANDARD;
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(options.title ?? (badges.length === 1 ? `Badge · ${badges[0].name}` : `Badges · ${badges[0]?.eventName ?? ""}`));
  pdf.setCreator("Summit");
  const fonts = new Fonts(pdf);
  const perPage = BADGES_PER_PAGE[layout];
  const paper = layout === "BADGE_4X3" ? BADGE_SIZE : PAPER[layout];
  const gridLeft = (paper.width - SHEET.columns * BADGE_SIZE.width) / 2;
  const gridBottom = (paper.height - SHEET.rows * BADGE_SIZE.height) / 2;

  for (let start = 0; start < badges.length; start += perPage) {
    const out = new PageWriter(pdf.addPage([paper.width, paper.height]), fonts);
    const onPage = badges.slice(start, start + perPage);
    for (const [i, badge] of onPage.entries()) {
      const ox = layout === "BADGE_4X3" ? 0 : gridLeft + (i % SHEET.columns) * BADGE_SIZE.width;
      const oy = layout === "BADGE_4X3" ? 0 : gridBottom + (SHEET.rows - 1 - Math.floor(i / SHEET.columns)) * BADGE_SIZE.height;
      await drawBadge(out, badge, style, ox, oy);
      const done = start + i + 1;
      if (onProgress && (done % progressEvery === 0 || done === badges.length)) await onProgress(done);
    }
    if (layout !== "BADGE_4X3") drawCutMarks(out, gridLeft, gridBottom);
    out.finish(pdf.context);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return pdf.save();
}
