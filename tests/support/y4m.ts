import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Videos for Chromium's fake camera (`--use-file-for-fake-video-capture=<file>.y4m`), so
 * browser tests can hold a badge up to the scanner.
 *
 * YUV4MPEG2 is a text header line, then per frame the line `FRAME` and the raw planes:
 *
 *   YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n
 *   FRAME\n  Y (W×H bytes)  U (W/2×H/2)  V (W/2×H/2)
 *   FRAME\n  …
 *
 * 4:2:0 keeps one U and one V sample per 2×2 block of pixels. Chromium plays the file at
 * its frame rate and loops it. Colours go through BT.601 limited range, which is what
 * Chromium's converter assumes for this file; for a black-and-white QR that only matters
 * for contrast, which stays ample (Y 16 vs 235).
 */
export type RgbaImage = { width: number; height: number; data: Uint8Array | Uint8ClampedArray };

export type Rgb = readonly [number, number, number];

/** A plain frame, e.g. the empty desk between two badges. */
export function solidImage(width: number, height: number, [r, g, b]: Rgb): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

/**
 * `image` scaled to fit `width`×`height` (keeping its proportions, `margin` of the frame
 * left free around it) and centred on `background`. Scaling averages the source pixels
 * each target pixel covers, like a camera's sensor, so thin lines don't vanish.
 */
export function fitInto(
  image: RgbaImage,
  width: number,
  height: number,
  { margin = 0.04, background = [96, 96, 96] as Rgb } = {},
) {
  const frame = solidImage(width, height, background);
  const scale = Math.min((width * (1 - 2 * margin)) / image.width, (height * (1 - 2 * margin)) / image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const left = Math.floor((width - w) / 2);
  const top = Math.floor((height - h) / 2);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y / scale);
    const y1 = Math.max(y0 + 1, Math.min(image.height, Math.floor((y + 1) / scale)));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x / scale);
      const x1 = Math.max(x0 + 1, Math.min(image.width, Math.floor((x + 1) / scale)));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const at = (sy * image.width + sx) * 4;
          // Transparent parts of the source show white, like paper.
          const alpha = image.data[at + 3] / 255;
          r += image.data[at] * alpha + 255 * (1 - alpha);
          g += image.data[at + 1] * alpha + 255 * (1 - alpha);
          b += image.data[at + 2] * alpha + 255 * (1 - alpha);
          n++;
        }
      }
      const to = ((top + y) * width + left + x) * 4;
      frame.data[to] = Math.round(r / n);
      frame.data[to + 1] = Math.round(g / n);
      frame.data[to + 2] = Math.round(b / n);
    }
  }
  return frame;
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** One frame's planes: Y for every pixel, U and V averaged over each 2×2 block. */
export function rgbaToI420({ width, height, data }: RgbaImage): Uint8Array {
  if (width % 2 || height % 2) throw new Error("4:2:0 needs an even width and height");
  const ySize = width * height;
  const cSize = ySize / 4;
  const out = new Uint8Array(ySize + 2 * cSize);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      out[y * width + x] = clamp(16 + (65.481 * data[at] + 128.553 * data[at + 1] + 24.966 * data[at + 2]) / 255);
    }
  }
  const halfWidth = width / 2;
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < halfWidth; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const at = ((2 * y + dy) * width + 2 * x + dx) * 4;
        r += data[at] / 4;
        g += data[at + 1] / 4;
        b += data[at + 2] / 4;
      }
      out[ySize + y * halfWidth + x] = clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[ySize + cSize + y * halfWidth + x] = clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

/** The header line of a 4:2:0 stream at `fps` frames per second. */
export function y4mHeader(width: number, height: number, fps: number): string {
  return `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`;
}

/**
 * Writes a video of `scenes` — each an image shown for `seconds` — at `fps`. Identical
 * frames are converted once and written many times, so a 10 s clip takes a moment.
 */
export function writeY4m(path: string, scenes: { image: RgbaImage; seconds: number }[], fps = 10): void {
  const { width, height } = scenes[0].image;
  if (scenes.some((s) => s.image.width !== width || s.image.height !== height))
    throw new Error("every scene must have the same size");
  const fd = openSync(path, "w");
  try {
    writeSync(fd, y4mHeader(width, height, fps));
    const marker = Buffer.from("FRAME\n");
    for (const scene of scenes) {
      const planes = rgbaToI420(scene.image);
      for (let i = 0; i < Math.max(1, Math.round(scene.seconds * fps)); i++) {
        writeSync(fd, marker);
        writeSync(fd, planes);
      }
    }
  } finally {
    closeSync(fd);
  }
}
