// The badge as a PNG for the phone's photo library or wallet: the QR code large enough for a
// door scanner to read off a screen, the name, pronouns, organisation, the ribbon and the
// no-photo marker. Drawn straight into pixels with pngjs; glyph outlines come from the same
// Noto Sans faces as the PDF and are filled by a small anti-aliased scanline rasteriser, so
// no browser, canvas or native image library is needed on the server.
import { PNG } from "pngjs";
import { type FontWeight, textRuns } from "./badge-fonts.server.ts";
import { RIBBON_COLOURS } from "./badge-pdf.server.ts";
import { QUIET_ZONE_MODULES, qrRuns } from "./badge-qr.ts";
import type { BadgeView } from "./badges.server.ts";

type Colour = [number, number, number];
type Point = [number, number];

const WIDTH = 720;
const PAD = 40;
const INK: Colour = [15, 23, 42];
const MUTED: Colour = [71, 85, 105];
const WHITE: Colour = [255, 255, 255];
const HEADER: Colour = [15, 23, 42];
const NO_PHOTO: Colour = [185, 28, 28];
/** Vertical samples per pixel row; horizontal coverage is exact. */
const SAMPLES = 4;

class Canvas {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  rect(x: number, y: number, w: number, h: number, [r, g, b]: Colour) {
    const x0 = Math.max(0, Math.round(x));
    const x1 = Math.min(this.width, Math.round(x + w));
    for (let row = Math.max(0, Math.round(y)); row < Math.min(this.height, Math.round(y + h)); row++)
      for (let col = x0; col < x1; col++) {
        const at = (row * this.width + col) * 4;
        this.data[at] = r;
        this.data[at + 1] = g;
        this.data[at + 2] = b;
      }
  }

  /** Fills closed polygons with the non-zero winding rule, anti-aliased. */
  fill(polygons: Point[][], [r, g, b]: Colour) {
    let top = Number.POSITIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    const edges: [number, number, number, number, number][] = [];
    for (const poly of polygons)
      for (let i = 0; i < poly.length; i++) {
        const [x0, y0] = poly[i];
        const [x1, y1] = poly[(i + 1) % poly.length];
        if (y0 === y1) continue;
        edges.push(y0 < y1 ? [x0, y0, x1, y1, 1] : [x1, y1, x0, y0, -1]);
        top = Math.min(top, y0, y1);
        bottom = Math.max(bottom, y0, y1);
      }
    const coverage = new Float32Array(this.width + 1);
    for (let row = Math.max(0, Math.floor(top)); row < Math.min(this.height, Math.ceil(bottom)); row++) {
      coverage.fill(0);
      for (let s = 0; s < SAMPLES; s++) {
        const y = row + (s + 0.5) / SAMPLES;
        const crossings: [number, number][] = [];
        for (const [x0, y0, x1, y1, dir] of edges)
          if (y >= y0 && y < y1) crossings.push([x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), dir]);
        crossings.sort((a, b) => a[0] - b[0]);
        let winding = 0;
        for (let i = 0; i < crossings.length - 1; i++) {
          winding += crossings[i][1];
          if (winding !== 0) this.span(coverage, crossings[i][0], crossings[i + 1][0]);
        }
      }
      for (let col = 0; col < this.width; col++) {
        const alpha = Math.min(1, coverage[col] / SAMPLES);
        if (alpha <= 0) continue;
        const at = (row * this.width + col) * 4;
        this.data[at] = Math.round(this.data[at] * (1 - alpha) + r * alpha);
        this.data[at + 1] = Math.round(this.data[at + 1] * (1 - alpha) + g * alpha);
        this.data[at + 2] = Math.round(this.data[at + 2] * (1 - alpha) + b * alpha);
      }
    }
  }

  private span(coverage: Float32Array, from: number, to: number) {
    const a = Math.max(0, from);
    const b = Math.min(this.width, to);
    if (b <= a) return;
    const first = Math.floor(a);
    const last = Math.floor(b);
    if (first === last) {
      coverage[first] += b - a;
      return;
    }
    coverage[first] += first + 1 - a;
    for (let col = first + 1; col < last; col++) coverage[col] += 1;
    if (last < this.width) coverage[last] += b - last;
  }

  png(): Buffer {
    return PNG.sync.write({ width: this.width, height: this.height, data: this.data } as PNG);
  }
}

type PathCommand = { command: string; args: number[] };

/** A glyph outline in pixels: font units scaled, y flipped, curves cut into short lines. */
function outline(commands: PathCommand[], x: number, baseline: number, scale: number): Point[][] {
  const polygons: Point[][] = [];
  let current: Point[] = [];
  let pen: Point = [0, 0];
  const at = (px: number, py: number): Point => [x + px * scale, baseline - py * scale];
  for (const { command, args } of commands) {
    if (command === "moveTo") {
      if (current.length > 2) polygons.push(current);
      pen = [args[0], args[1]];
      current = [at(pen[0], pen[1])];
    } else if (command === "lineTo") {
      pen = [args[0], args[1]];
      current.push(at(pen[0], pen[1]));
    } else if (command === "quadraticCurveTo" || command === "bezierCurveTo") {
      const [p0, end] = [pen, [args[args.length - 2], args[args.length - 1]] as Point];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8;
        const u = 1 - t;
        const point: Point =
          command === "quadraticCurveTo"
            ? [u * u * p0[0] + 2 * u * t * args[0] + t * t * end[0], u * u * p0[1] + 2 * u * t * args[1] + t * t * end[1]]
            : [
                u ** 3 * p0[0] + 3 * u * u * t * args[0] + 3 * u * t * t * args[2] + t ** 3 * end[0],
                u ** 3 * p0[1] + 3 * u * u * t * args[1] + 3 * u * t * t * args[3] + t ** 3 * end[1],
              ];
        current.push(at(point[0], point[1]));
      }
      pen = end;
    } else if (command === "closePath" && current.length > 2) {
      polygons.push(current);
      current = [];
    }
  }
  if (current.length > 2) polygons.push(current);
  return polygons;
}

function textWidth(text: string, weight: FontWeight, size: number): number {
  return textRuns(text, weight).reduce(
    (sum, run) => sum + (run.face.font.layout(run.text).advanceWidth / run.face.font.unitsPerEm) * size,
    0,
  );
}

/** Draws text with its left end at x (or centred on x) and its baseline at y. */
function drawText(
  canvas: Canvas,
  text: string,
  weight: FontWeight,
  size: number,
  x: number,
  y: number,
  colour: Colour,
  centred = false,
) {
  let pen = centred ? x - textWidth(text, weight, size) / 2 : x;
  const polygons: Point[][] = [];
  for (const run of textRuns(text, weight)) {
    const scale = size / run.face.font.unitsPerEm;
    const laid = run.face.font.layout(run.text);
    laid.glyphs.forEach((glyph, i) => {
      const position = laid.positions[i];
      const commands = (glyph.path as unknown as { commands: PathCommand[] }).commands;
      polygons.push(...outline(commands, pen + position.xOffset * scale, y - position.yOffset * scale, scale));
      pen += position.xAdvance * scale;
    });
  }
  canvas.fill(polygons, colour);
}

/** The largest size up to `max` at which text fits `width`, cut with "…" at `min`. */
function fitText(text: string, weight: FontWeight, max: number, min: number, width: number): { text: string; size: number } {
  const size = Math.max(min, Math.min(max, (width / textWidth(text, weight, 100)) * 100));
  let fitted = text;
  while (fitted.length > 1 && textWidth(fitted, weight, size) > width) fitted = `${[...fitted].slice(0, -2).join("").trimEnd()}…`;
  return { text: fitted, size };
}

/** The phone badge as PNG bytes. */
export function renderBadgePng(badge: BadgeView): Buffer {
  const symbol = qrRuns(badge.token);
  const module = Math.floor(520 / symbol.size);
  const qrSide = module * (symbol.size + 2 * QUIET_ZONE_MODULES);
  const lines = [badge.pronouns, badge.organisation, badge.socialHandle].filter(Boolean);
  const height = 120 + 110 + lines.length * 48 + (badge.noPhotos ? 80 : 0) + qrSide + 24 + 110;
  const canvas = new Canvas(WIDTH, height);
  const inner = WIDTH - 2 * PAD;

  canvas.rect(0, 0, WIDTH, 120, HEADER);
  const eventName = fitText(badge.eventName, "bold", 34, 22, inner);
  drawText(canvas, eventName.text, "bold", eventName.size, PAD, 56, WHITE);
  const when = fitText(`${badge.eventDates} · ${badge.campus}`, "regular", 24, 16, inner);
  drawText(canvas, when.text, "regular", when.size, PAD, 96, WHITE);

  let y = 120;
  const name = fitText(badge.name, "bold", 76, 34, inner);
  drawText(canvas, name.text, "bold", name.size, WIDTH / 2, y + 88, INK, true);
  y += 110;
  for (const [i, line] of lines.entries()) {
    const weight: FontWeight = line === badge.organisation ? "bold" : "regular";
    const fitted = fitText(line, weight, 32, 20, inner);
    drawText(canvas, fitted.text, weight, fitted.size, WIDTH / 2, y + 36, i === 0 && badge.pronouns ? MUTED : INK, true);
    y += 48;
  }
  if (badge.noPhotos) {
    canvas.rect(WIDTH / 2 - 150, y + 12, 300, 56, NO_PHOTO);
    drawText(canvas, "NO PHOTOS", "bold", 30, WIDTH / 2, y + 51, WHITE, true);
    y += 80;
  }

  const left = Math.round((WIDTH - qrSide) / 2) + QUIET_ZONE_MODULES * module;
  const top = y + QUIET_ZONE_MODULES * module;
  for (const [row, col, length] of symbol.runs)
    canvas.rect(left + col * module, top + row * module, length * module, module, [0, 0, 0]);
  y += qrSide + 24;

  const [r, g, b] = RIBBON_COLOURS[badge.role];
  canvas.rect(0, y, WIDTH, 110, [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)]);
  drawText(canvas, badge.ribbon.toUpperCase(), "bold", 52, WIDTH / 2, y + 74, WHITE, true);
  return canvas.png();
}
