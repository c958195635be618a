import { describe, expect, it } from "vitest";
import { isCrossOriginMutation } from "./origin.server.ts";

const appUrl = "https://summit.example.org";
const request = (overrides: Partial<Parameters<typeof isCrossOriginMutation>[0]> = {}) => ({
  method: "POST",
  origin: undefined,
  secFetchSite: undefined,
  host: undefined,
  appUrl,
  ...overrides,
});

describe("isCrossOriginMutation", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(isCrossOriginMutation(request({ method, origin: "https://evil.example", secFetchSite: "cross-site" }))).toBe(false);
    }
  });

  it("lets a POST from the app's own origin through", () => {
    expect(isCrossOriginMutation(request({ origin: appUrl, secFetchSite: "same-origin" }))).toBe(false);
  });

  it("lets a POST through whose Origin matches the Host it was sent to (behind a proxy or on another port)", () => {
    expect(isCrossOriginMutation(request({ origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(false);
    expect(isCrossOriginMutation(request({ origin: "https://summit.internal", host: "summit.internal" }))).toBe(false);
  });

  it("refuses a POST from another origin, even a sibling subdomain or another port", () => {
    expect(isCrossOriginMutation(request({ origin: "https://evil.example", host: "summit.example.org" }))).toBe(true);
    expect(isCrossOriginMutation(request({ origin: "https://admin.summit.example.org" }))).toBe(true);
    expect(isCrossOriginMutation(request({ origin: "https://summit.example.org:8443" }))).toBe(true);
    expect(isCrossOriginMutation(request({ method: "DELETE", origin: "https://evil.example" }))).toBe(true);
  });

  it('refuses the opaque "null" origin (sandboxed frames, data: URLs)', () => {
    expect(isCrossOriginMutation(request({ origin: "null", host: "summit.example.org" }))).toBe(true);
  });

  it("falls back to Sec-Fetch-Site when there is no Origin", () => {
    expect(isCrossOriginMutation(request({ secFetchSite: "cross-site" }))).toBe(true);
    expect(isCrossOriginMutation(request({ secFetchSite: "same-site" }))).toBe(true);
    expect(isCrossOriginMutation(request({ secFetchSite: "same-origin" }))).toBe(false);
    expect(isCrossOriginMutation(request({ secFetchSite: "none" }))).toBe(false);
  });

  it("lets a request with neither header through: it is not browser-driven (curl, webhooks)", () => {
    expect(isCrossOriginMutation(request())).toBe(false);
    expect(isCrossOriginMutation(request({ host: "summit.example.org" }))).toBe(false);
  });
});
