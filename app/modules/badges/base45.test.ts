import { describe, expect, it } from "vitest";
import { decodeBase45, encodeBase45 } from "./base45.ts";

const text = (s: string) => new TextEncoder().encode(s);
const string = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);

describe("Base45 (RFC 9285)", () => {
  it("encodes the RFC's examples", () => {
    expect(encodeBase45(text("AB"))).toBe("BB8");
    expect(encodeBase45(text("Hello!!"))).toBe("%69 VD92EX0");
    expect(encodeBase45(text("base-45"))).toBe("UJCLQE7W581");
    expect(encodeBase45(text("ietf!"))).toBe("QED8WEX0");
  });

  it("decodes them back", () => {
    expect(string(decodeBase45("BB8"))).toBe("AB");
    expect(string(decodeBase45("%69 VD92EX0"))).toBe("Hello!!");
    expect(string(decodeBase45("UJCLQE7W581"))).toBe("base-45");
    expect(string(decodeBase45("QED8WEX0"))).toBe("ietf!");
  });

  it("round-trips every byte value, odd and even lengths", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase45(encodeBase45(all))).toEqual(all);
    expect(decodeBase45(encodeBase45(all.subarray(1)))).toEqual(all.subarray(1));
    expect(decodeBase45(encodeBase45(new Uint8Array([0xff, 0xff])))).toEqual(new Uint8Array([0xff, 0xff]));
  });

  it("refuses text that is not Base45 with null", () => {
    // "GGW" is 65535 + 1: a triple must stay within two bytes (RFC 9285 §4.2).
    expect(decodeBase45("GGW")).toBeNull();
    // A pair must stay within one byte.
    expect(decodeBase45("::")).toBeNull();
    // Lower case, and characters outside the 45.
    expect(decodeBase45("bb8")).toBeNull();
    expect(decodeBase45("BB#")).toBeNull();
    // A length of 3n + 1 can't be made by the encoder.
    expect(decodeBase45("BB8B")).toBeNull();
    expect(decodeBase45("A")).toBeNull();
  });
});
