import { simpleParser } from "mailparser";

/** A message as the SMTP catcher stores it and serves it to the tests. */
export type CaughtMail = {
  id: number;
  receivedAt: string;
  /** The SMTP envelope (MAIL FROM / RCPT TO), which can differ from the headers. */
  envelope: { from: string | null; to: string[] };
  from: string[];
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  /** Content types of the message's leaf MIME parts, in order, e.g. ["text/plain", "text/html"]. */
  contentTypes: string[];
  messageId: string | null;
};

type ContentTypeHeader = { value?: string; params?: Record<string, string> };

/** Walks the MIME tree: a multipart body is cut at its boundary lines and each part read in turn. */
export async function leafContentTypes(raw: Buffer): Promise<string[]> {
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const header = parsed.headers.get("content-type") as ContentTypeHeader | undefined;
  const type = header?.value?.toLowerCase() ?? "text/plain";
  const boundary = header?.params?.boundary;
  if (!type.startsWith("multipart/") || !boundary) return [type];

  const delimiter = `--${boundary}`;
  const parts: string[][] = [];
  let current: string[] | null = null;
  for (const line of raw.toString("latin1").split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(current);
      if (trimmed !== delimiter) break;
      current = [];
    } else {
      current?.push(line);
    }
  }
  const nested = await Promise.all(parts.map((lines) => leafContentTypes(Buffer.from(lines.join("\r\n"), "latin1"))));
  return nested.flat();
}
