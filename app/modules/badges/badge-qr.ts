import QRCode from "qrcode";

/** Modules of light margin a reader needs around the symbol (ISO/IEC 18004). */
export const QUIET_ZONE_MODULES = 4;

/** A QR symbol as horizontal runs of dark modules: few shapes to draw, in PDF or pixels. */
export type QrRuns = {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  /** [row, first column, length] of each run of dark modules; row 0 is the top. */
  runs: [number, number, number][];
};

/** Level M: a badge survives a crease or a thumb over a corner, and the symbol stays ≤ version 6. */
export function qrRuns(text: string): QrRuns {
  // Badge tokens are Base45, all alphanumeric: naming the mode skips qrcode's segment search.
  const alphanumeric = /^[0-9A-Z $%*+\-./:]*$/.test(text);
  const qr = QRCode.create(alphanumeric ? [{ data: text, mode: "alphanumeric" }] : text, { errorCorrectionLevel: "M" });
  const { size, data } = qr.modules;
  const runs: [number, number, number][] = [];
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let col = 0; col <= size; col++) {
      const dark = col < size && data[row * size + col] === 1;
      if (dark && start < 0) start = col;
      else if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { size, version: qr.version, runs };
}
