// Who asked and at which address, as the server reads it: X-Forwarded-* counts only from a
// proxy TRUST_PROXY trusts, or a client could pick its own address and dodge rate limits.
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { compileTrust, requestFacts } from "../../server/request-facts.ts";

function incoming(remoteAddress: string, headers: Record<string, string> = {}, encrypted = false) {
  return { socket: { remoteAddress, encrypted }, connection: { remoteAddress }, headers } as unknown as IncomingMessage;
}

const forwarded = {
  "x-forwarded-for": "203.0.113.7",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "summit.example.org",
  host: "127.0.0.1:3000",
};

describe("requestFacts", () => {
  it("believes a trusted proxy (loopback by default) about the client, scheme and host", () => {
    expect(requestFacts(incoming("127.0.0.1", forwarded), compileTrust("loopback"))).toEqual({
      clientIp: "203.0.113.7",
      protocol: "https",
      host: "summit.example.org",
    });
  });

  it("ignores X-Forwarded-* from anyone it does not trust", () => {
    expect(requestFacts(incoming("198.51.100.20", forwarded), compileTrust("loopback"))).toEqual({
      clientIp: "198.51.100.20",
      protocol: "http",
      host: "127.0.0.1:3000",
    });
    expect(requestFacts(incoming("127.0.0.1", forwarded), compileTrust("false")).clientIp).toBe("127.0.0.1");
  });

  it("walks a chain of proxies only as far as the trust reaches", () => {
    const chain = { "x-forwarded-for": "203.0.113.7, 10.0.0.5", host: "summit.example.org" };
    // One trusted hop: the proxy that connected to us names 10.0.0.5, which is not trusted.
    expect(requestFacts(incoming("10.0.0.9", chain), compileTrust("1")).clientIp).toBe("10.0.0.5");
    expect(requestFacts(incoming("10.0.0.9", chain), compileTrust("2")).clientIp).toBe("203.0.113.7");
    expect(requestFacts(incoming("10.0.0.9", chain), compileTrust("10.0.0.0/8")).clientIp).toBe("203.0.113.7");
    expect(requestFacts(incoming("10.0.0.9", chain), compileTrust("10.0.0.9, 192.0.2.1")).clientIp).toBe("10.0.0.5");
  });

  it("takes the first of several forwarded values and only http or https as a scheme", () => {
    const facts = requestFacts(
      incoming("127.0.0.1", { "x-forwarded-proto": "gopher", "x-forwarded-host": "a.example, b.example", host: "x" }),
      compileTrust("loopback"),
    );
    expect(facts.protocol).toBe("http");
    expect(facts.host).toBe("a.example");
    expect(requestFacts(incoming("127.0.0.1", { host: "x" }, true), compileTrust("loopback")).protocol).toBe("https");
  });
});
