// A real SMTP server for the end-to-end tests: the app delivers over SMTP exactly as it
// would to a mail provider, and the tests read what arrived over a small HTTP API.
//
//   SMTP_CATCHER_SMTP_PORT  where the app sends mail (default 3125)
//   SMTP_CATCHER_HTTP_PORT  GET /messages[?to=address], DELETE /messages, GET /healthz (default 3126)
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { type CaughtMail, leafContentTypes } from "./mime.ts";

const smtpPort = Number(process.env.SMTP_CATCHER_SMTP_PORT ?? 3125);
const httpPort = Number(process.env.SMTP_CATCHER_HTTP_PORT ?? 3126);
const host = "127.0.0.1";

const messages: CaughtMail[] = [];
let nextId = 1;

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list
    .flatMap((group: { value?: { address?: string }[] }) => (group.value ?? []).map((a) => a.address ?? ""))
    .filter(Boolean);
}

async function store(raw: Buffer, envelope: { from: string | null; to: string[] }) {
  const parsed = await simpleParser(raw);
  const mail: CaughtMail = {
    id: nextId++,
    receivedAt: new Date().toISOString(),
    envelope,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    subject: parsed.subject ?? "",
    // mailparser fills `text` from the HTML when a message has no text part, so the
    // tests judge "has a plain-text part" by `contentTypes`, read from the MIME tree.
    text: parsed.text ?? null,
    html: parsed.html || null,
    contentTypes: await leafContentTypes(raw),
    messageId: parsed.messageId ?? null,
  };
  messages.push(mail);
  console.log(`[smtp-catcher] #${mail.id} to ${mail.to.join(", ")}: ${mail.subject}`);
}

const smtp = new SMTPServer({
  // Plain SMTP on loopback: no TLS certificate to trust, no credentials to configure.
  disabledCommands: ["STARTTLS", "AUTH"],
  authOptional: true,
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", callback);
    stream.on("end", () => {
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((r) => r.address),
      };
      store(Buffer.concat(chunks), envelope).then(
        () => callback(),
        (error: Error) => {
          console.error("[smtp-catcher] could not parse a message:", error);
          callback(error);
        },
      );
    });
  },
});

const http = createServer((req, res) => {
  const url = new URL(req.url ?? "/", `http://${host}`);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === "/healthz") return send(200, { status: "ok", messages: messages.length });
  if (url.pathname !== "/messages") return send(404, { error: "Not found" });
  if (req.method === "DELETE") {
    messages.length = 0;
    return send(200, { deleted: true });
  }
  const to = url.searchParams.get("to")?.toLowerCase();
  send(200, to ? messages.filter((m) => [...m.to, ...m.envelope.to].some((a) => a.toLowerCase() === to)) : messages);
});

smtp.on("error", (error) => console.error("[smtp-catcher] SMTP error:", error));
smtp.listen(smtpPort, host, () => console.log(`[smtp-catcher] SMTP on ${host}:${smtpPort}`));
http.listen(httpPort, host, () => console.log(`[smtp-catcher] HTTP on http://${host}:${httpPort}/messages`));

const stop = () => {
  http.close();
  smtp.close(() => process.exit(0));
  // An app holding a pooled SMTP connection open must not keep the catcher alive.
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
