// PDFs to pixels and pixels to QR texts, the way a printer and a phone camera would see a
// badge: poppler's pdftoppm rasterises each page (Debian package poppler-utils), pngjs reads
// the PNG and jsQR finds the codes. Used by the badge tests and to film a printed badge for
// the scanner's fake camera.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import jsQR from "jsqr";
import { PNG } from "pngjs";

const run = promisify(execFile);

/** RGBA pixels, row by row from the top left. */
export type Raster = { width: number; height: number; data: Uint8ClampedArray };

/**
 * Every page of a PDF as a PNG, in page order. 150 dpi gives a 1.4 in QR code about 200
 * pixels, as sharp as a phone sees it; pass `firstPage`/`lastPage` to rasterise fewer pages.
 */
export async function pdfToPngs(
  pdf: Uint8Array,
  { dpi = 150, firstPage, lastPage }: { dpi?: number; firstPage?: number; lastPage?: number } = {},
): Promise<Buffer[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "summit-raster-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    const args = ["-r", String(dpi), "-png"];
    if (firstPage) args.push("-f", String(firstPage));
    if (lastPage) args.push("-l", String(lastPage));
    await run("pdftoppm", [...args, path.join(dir, "in.pdf"), path.join(dir, "page")]).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new Error("pdftoppm is missing: apt-get install -y poppler-utils");
      throw error;
    });
    // pdftoppm pads page numbers to the width of the last one: page-1.png or page-01.png.
    const pageNumber = (file: string) => Number(/-(\d+)\.png$/.exec(file)?.[1]);
    return readdirSync(dir)
      .filter((f) => f.endsWith(".png"))
      .sort((a, b) => pageNumber(a) - pageNumber(b))
      .map((f) => readFileSync(path.join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readPng(png: Buffer): Raster {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
}

export type FoundQr = { text: string; bounds: { left: number; top: number; right: number; bottom: number } };

/** The codes in one window of the image, each painted over once read so the next can be found. */
function decodeWindow(raster: Raster, window: FoundQr["bounds"], found: Map<string, FoundQr>) {
  const width = window.right - window.left;
  const height = window.bottom - window.top;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    data.set(
      raster.data.subarray(
        ((window.top + y) * raster.width + window.left) * 4,
        ((window.top + y) * raster.width + window.right) * 4,
      ),
      y * width * 4,
    );
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = jsQR(data, width, height, { inversionAttempts: "dontInvert" });
    if (!code) return;
    const corners = [
      code.location.topLeftCorner,
      code.location.topRightCorner,
      code.location.bottomLeftCorner,
      code.location.bottomRightCorner,
    ];
    const xs = corners.map((c) => c.x);
    const ys = corners.map((c) => c.y);
    const margin = (Math.max(...xs) - Math.min(...xs)) / 10;
    const left = Math.max(0, Math.floor(Math.min(...xs) - margin));
    const top = Math.max(0, Math.floor(Math.min(...ys) - margin));
    const right = Math.min(width, Math.ceil(Math.max(...xs) + margin));
    const bottom = Math.min(height, Math.ceil(Math.max(...ys) + margin));
    if (!found.has(code.data))
      found.set(code.data, {
        text: code.data,
        bounds: { left: left + window.left, top: top + window.top, right: right + window.left, bottom: bottom + window.top },
      });
    for (let y = top; y < bottom; y++) data.fill(255, (y * width + left) * 4, (y * width + right) * 4);
  }
}

/**
 * The distinct QR codes in an image, top to bottom, left to right. jsQR reads one code per
 * image and loses its way among several or beside a cut-off one, so the image is also
 * searched in windows (halves, a 2 × 3 grid like a badge sheet, then finer), each at a few
 * overlaps, and every code is painted over once read. `expect` stops the search as soon as
 * that many codes are found.
 */
export function decodeQrs(image: Buffer | Raster, { expect = Number.POSITIVE_INFINITY }: { expect?: number } = {}): FoundQr[] {
  const raster = Buffer.isBuffer(image) ? readPng(image) : image;
  const found = new Map<string, FoundQr>();
  const grids = [
    [1, 1],
    [2, 1],
    [2, 3],
    [2, 4],
    [3, 4],
  ];
  search: for (const [columns, rows] of grids)
    for (const overlap of [0, 1 / 16, 1 / 8]) {
      if (columns === 1 && rows === 1 && overlap > 0) continue;
      const w = raster.width / columns;
      const h = raster.height / rows;
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < columns; c++) {
          decodeWindow(
            raster,
            {
              left: Math.max(0, Math.floor((c - overlap) * w)),
              top: Math.max(0, Math.floor((r - overlap) * h)),
              right: Math.min(raster.width, Math.ceil((c + 1 + overlap) * w)),
              bottom: Math.min(raster.height, Math.ceil((r + 1 + overlap) * h)),
            },
            found,
          );
          if (found.size >= expect) break search;
        }
    }
  return [...found.values()].sort((a, b) => a.bounds.top - b.bounds.top || a.bounds.left - b.bounds.left);
}

/** The text a PDF shows, as poppler's pdftotext extracts it (embedded fonts included). */
export async function pdfToText(pdf: Uint8Array): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "summit-text-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", path.join(dir, "in.pdf"), "-"], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
