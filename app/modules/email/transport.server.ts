import nodemailer from "nodemailer";
import type { Env } from "~/shared/env.server.ts";

export type OutgoingMail = { from: string; to: string; subject: string; html: string; text: string };

export type MailTransport = {
  name: string;
  send(mail: OutgoingMail): Promise<void>;
};

/** Raised for an SMTP 5xx reply: the server has refused for good, retrying won't help. */
export class PermanentMailError extends Error {}

/**
 * SMTP when SMTP_URL is set. Otherwise the "local outbox": the message is already
 * stored in EmailOutbox, readable at /admin/emails, so delivering is a no-op.
 */
export function createMailTransport(env: Pick<Env, "smtpUrl">): MailTransport {
  if (!env.smtpUrl) return { name: "local-outbox", send: async () => {} };
  const smtp = nodemailer.createTransport(env.smtpUrl);
  return {
    name: "smtp",
    async send(mail) {
      try {
        await smtp.sendMail(mail);
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message : String(error);
        if (code && code >= 500 && code < 600) throw new PermanentMailError(message);
        throw error;
      }
    },
  };
}
