import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { expect, it } from "vitest";
import { fitInto, rgbaToI420, solidImage, writeY4m, y4mHeader } from "../support/y4m.ts";

it("writes the header, then FRAME and the three planes for each frame", () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "y4m-")), "clip.y4m");
  writeY4m(
    file,
    [
      { image: solidImage(8, 4, [255, 255, 255]), seconds: 0.3 },
      { image: solidImage(8, 4, [0, 0, 0]), seconds: 0.2 },
    ],
    10,
  );
  const bytes = readFileSync(file);
  const header = "YUV4MPEG2 W8 H4 F10:1 Ip A1:1 C420jpeg\n";
  expect(y4mHeader(8, 4, 10)).toBe(header);
  const frame = "FRAME\n".length + 8 * 4 + 2 * (4 * 2);
  expect(bytes.length).toBe(header.length + 5 * frame);
  expect(bytes.subarray(0, header.length).toString()).toBe(header);
  const first = header.length + "FRAME\n".length;
  // White is Y 235 with neutral chroma; black is Y 16.
  expect([...bytes.subarray(first, first + 32)].every((y) => y === 235)).toBe(true);
  expect([...bytes.subarray(first + 32, first + 48)].every((c) => c === 128)).toBe(true);
  const black = header.length + 3 * frame + "FRAME\n".length;
  expect(bytes[black]).toBe(16);
});

it("converts colour by BT.601: a red frame has high V and low U", () => {
  const planes = rgbaToI420(solidImage(2, 2, [255, 0, 0]));
  expect([planes[0], planes[4], planes[5]]).toEqual([81, 90, 240]);
});

it("keeps a QR code readable through scaling into the frame and 4:2:0", async () => {
  const text = "NCFOXN%TSMAHN-HVN8J7UQMJ4/36 9AVH4BHBF.U1C2U:F4I3D";
  const png = PNG.sync.read(await QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", scale: 8 }));
  const frame = fitInto({ width: png.width, height: png.height, data: png.data }, 640, 480, { margin: 0.15 });
  const planes = rgbaToI420(frame);
  // What the camera hands the page: luma as grey is enough for a black-and-white code.
  const grey = new Uint8ClampedArray(640 * 480 * 4);
  for (let i = 0; i < 640 * 480; i++) grey.fill(planes[i], i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
  expect(jsQR(grey, 640, 480)?.data).toBe(text);
});
