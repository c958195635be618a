// Noto Sans for badges, from the @fontsource/noto-sans npm package so a fresh machine has it.
// Fontsource ships one WOFF per script subset; a name is split into runs, each drawn with the
// first subset that has its glyphs (Latin, Latin Extended, Greek, Cyrillic, Vietnamese).
// Characters no subset has (CJK, say) fall back to their unaccented base letter, then to "?":
// one odd character must not cost anyone their badge.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";

const SUBSETS = ["latin", "latin-ext", "greek", "cyrillic", "vietnamese"] as const;

export type FontWeight = "regular" | "bold";

export type FontFace = {
  /** Stable key, e.g. "bold/latin-ext". */
  key: string;
  bytes: Uint8Array;
  font: fontkit.Font;
  covers: (codePoint: number) => boolean;
};

export type TextRun = { face: FontFace; text: string };

const require = createRequire(import.meta.url);

/**
 * WOFF 1.0 → plain TrueType: fontkit inflates a WOFF table again on every read, which made
 * text layout the slowest part of a print run. Unpacking once keeps every later read cheap.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.toString("latin1", 0, 4) !== "wOFF") return woff;
  const flavor = input.readUInt32BE(4);
  const numTables = input.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = input.readUInt32BE(at + 4);
    const compLength = input.readUInt32BE(at + 8);
    const origLength = input.readUInt32BE(at + 12);
    const raw = input.subarray(offset, offset + compLength);
    return {
      tag: input.subarray(at, at + 4),
      checksum: input.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  let offset = 12 + numTables * 16;
  const out = Buffer.alloc(offset + tables.reduce((sum, t) => sum + Math.ceil(t.data.length / 4) * 4, 0));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(out, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += Math.ceil(t.data.length / 4) * 4;
  });
  return new Uint8Array(out);
}
const faces = new Map<FontWeight, FontFace[]>();

/** The subsets of one weight, loaded once per process. */
export function fontFaces(weight: FontWeight): FontFace[] {
  const cached = faces.get(weight);
  if (cached) return cached;
  const loaded = SUBSETS.map((subset) => {
    const file = require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight === "bold" ? 700 : 400}-normal.woff`);
    const bytes = woffToSfnt(new Uint8Array(readFileSync(file)));
    const font = fontkit.create(bytes);
    const set = new Set(font.characterSet);
    return { key: `${weight}/${subset}`, bytes, font, covers: (cp: number) => set.has(cp) };
  });
  faces.set(weight, loaded);
  return loaded;
}

/** Spaces and joiners are drawn by whichever face the text around them uses. */
const NEUTRAL = /[\s\u00a0\u200b-\u200d]/u;

function faceFor(list: FontFace[], char: string): FontFace | undefined {
  const cp = char.codePointAt(0) as number;
  return list.find((f) => f.covers(cp));
}

/** A stand-in the fonts can draw: the base letter without its accent, else "?". */
function substitute(list: FontFace[], char: string): string {
  const base = char.normalize("NFD").replace(/\p{M}/gu, "");
  return base && [...base].every((c) => faceFor(list, c)) ? base : "?";
}

/** `text` cut into runs that one face each can draw, in reading order. */
export function textRuns(text: string, weight: FontWeight): TextRun[] {
  const list = fontFaces(weight);
  const runs: TextRun[] = [];
  let current: TextRun | undefined;
  for (const original of text.normalize("NFC").replace(/[\r\n\t]+/g, " ")) {
    let char = original;
    let face = NEUTRAL.test(char) ? (current?.face ?? list[0]) : faceFor(list, char);
    if (!face) {
      char = substitute(list, char);
      face = faceFor(list, char[0]) ?? list[0];
    }
    if (current && current.face === face) current.text += char;
    else {
      current = { face, text: char };
      runs.push(current);
    }
  }
  return runs;
}
