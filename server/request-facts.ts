import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import proxyAddr from "proxy-addr";

/** Who asked, and the address they used: read once per request, trusting only trusted proxies. */
export type RequestFacts = { clientIp: string; protocol: "http" | "https"; host: string };

type Trust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as Express read it: a hop count, "false", or addresses and names that
 * proxy-addr knows ("loopback", "10.0.0.0/8", …). Only a trusted proxy may name the client's
 * address, or anyone could dodge per-IP rate limits by sending X-Forwarded-For.
 */
export function compileTrust(setting: string): Trust {
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  if (setting.toLowerCase() === "false") return () => false;
  return proxyAddr.compile(setting.split(",").map((part) => part.trim()));
}

export function requestFacts(req: IncomingMessage, trust: Trust): RequestFacts {
  const viaTrustedProxy = trust(req.socket.remoteAddress ?? "", 0);
  const forwarded = (name: string) => {
    const value = viaTrustedProxy ? req.headers[name] : undefined;
    return typeof value === "string" ? value.split(",")[0].trim() || undefined : undefined;
  };
  const proto = forwarded("x-forwarded-proto");
  return {
    clientIp: proxyAddr(req, trust),
    protocol: proto === "https" || proto === "http" ? proto : (req.socket as TLSSocket).encrypted ? "https" : "http",
    host: forwarded("x-forwarded-host") ?? req.headers.host ?? "localhost",
  };
}
