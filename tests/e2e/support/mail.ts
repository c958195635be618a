import type { CaughtMail } from "../../smtp/mime.ts";
import { CATCHER_URL } from "./env.ts";

export type { CaughtMail };

/**
 * Waits until the SMTP catcher has received a message for `to` (whose subject matches,
 * when given) and returns the newest such message.
 */
export async function waitForEmail(
  to: string,
  { subject, timeout = 15_000 }: { subject?: string | RegExp; timeout?: number } = {},
) {
  const deadline = Date.now() + timeout;
  let seen: CaughtMail[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${CATCHER_URL}/messages?to=${encodeURIComponent(to)}`);
    if (!response.ok) throw new Error(`The SMTP catcher answered ${response.status}`);
    seen = (await response.json()) as CaughtMail[];
    const match = seen
      .filter((m) => !subject || (typeof subject === "string" ? m.subject === subject : subject.test(m.subject)))
      .at(-1);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const got = seen.length ? seen.map((m) => `"${m.subject}"`).join(", ") : "nothing";
  throw new Error(`No email for ${to}${subject ? ` with subject ${subject}` : ""} within ${timeout} ms (received: ${got})`);
}

/** The first link in the message's plain-text part that starts with `prefix`. */
export function linkInText(mail: CaughtMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const link = mail.text?.match(new RegExp(`${escaped}[^\\s<>"]*`))?.[0];
  if (!link) throw new Error(`No link starting with ${prefix} in the text of "${mail.subject}":\n${mail.text}`);
  return link;
}

/** The href of every anchor in the message's HTML part, entities decoded. */
export function linksInHtml(mail: CaughtMail): string[] {
  return [...(mail.html ?? "").matchAll(/<a\b[^>]*\bhref="([^"]*)"/gi)].map((m) => m[1].replace(/&amp;/g, "&"));
}
