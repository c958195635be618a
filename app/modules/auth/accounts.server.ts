import type { z } from "zod";
import { enqueueEmail } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { isUniqueViolation, RuleViolation } from "~/shared/errors.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
import type { profileSchema, signUpSchema } from "./auth.schema.ts";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password.server.ts";

const VERIFY_HOURS = 24;
const RESET_MINUTES = 60;

type MailContext = { db: Db; env: Pick<Env, "appUrl" | "mailFrom"> };

/** A fresh one-time token: the secret goes in the email, only its hash in the database. */
function issueToken(purpose: "VERIFY_EMAIL" | "RESET_PASSWORD", ttlMs: number) {
  const token = randomToken();
  return { token, data: { purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs) } };
}

/** A new verification token and its rendered email, ready to store in one transaction. */
async function prepareVerification(env: MailContext["env"], name: string) {
  const { token, data } = issueToken("VERIFY_EMAIL", VERIFY_HOURS * 3600_000);
  const mail = await renderEmail("verify-email", {
    name,
    verifyUrl: `${env.appUrl}/verify-email?token=${token}`,
    expiresInHours: VERIFY_HOURS,
  });
  return {
    async store(tx: DbTx, user: { id: string; email: string }) {
      await tx.userToken.create({ data: { ...data, userId: user.id } });
      await enqueueEmail(tx, { ...mail, to: user.email, from: env.mailFrom });
    },
  };
}

/** Creates an unverified account and queues the verification email in the same transaction. */
export async function signUp({ db, env }: MailContext, input: z.output<typeof signUpSchema>) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new RuleViolation("An account with this email already exists. Try logging in instead.", "email");
  const passwordHash = await hashPassword(input.password);
  const verification = await prepareVerification(env, input.name);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, organisation: input.organisation, passwordHash },
      });
      await verification.store(tx, user);
      return user;
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides.
    if (isUniqueViolation(error))
      throw new RuleViolation("An account with this email already exists. Try logging in instead.", "email");
    throw error;
  }
}

/** Sends a fresh verification link to a signed-in user who has not verified yet. */
export async function resendVerification({ db, env }: MailContext, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerifiedAt) return false;
  const verification = await prepareVerification(env, user.name);
  await db.$transaction((tx) => verification.store(tx, user));
  return true;
}

/** Consumes a one-time token; the guarded update makes a double click harmless. */
async function consumeToken(db: Db, token: string, purpose: "VERIFY_EMAIL" | "RESET_PASSWORD") {
  const record = await db.userToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.purpose !== purpose || record.usedAt || record.expiresAt < new Date()) return null;
  const { count } = await db.userToken.updateMany({ where: { id: record.id, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1 ? record : null;
}

export async function verifyEmail(db: Db, token: string) {
  const record = await consumeToken(db, token, "VERIFY_EMAIL");
  if (!record) throw new RuleViolation("This confirmation link has expired or was already used. Log in to get a new one.");
  return db.user.update({ where: { id: record.userId }, data: { emailVerifiedAt: new Date() } });
}

/** Returns the user when email and password match; one message for every failure, so accounts can't be probed. */
export async function logIn(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) {
    await burnPasswordCheck(password);
    throw new RuleViolation("That email and password don't match an account.");
  }
  if (!(await verifyPassword(user.passwordHash, password)))
    throw new RuleViolation("That email and password don't match an account.");
  return user;
}

/** Queues a reset link when the account exists; says nothing either way, to avoid revealing accounts. */
export async function requestPasswordReset({ db, env }: MailContext, email: string) {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) return;
  const { token, data } = issueToken("RESET_PASSWORD", RESET_MINUTES * 60_000);
  const mail = await renderEmail("reset-password", {
    name: user.name,
    resetUrl: `${env.appUrl}/reset-password?token=${token}`,
    expiresInMinutes: RESET_MINUTES,
  });
  await db.$transaction(async (tx) => {
    await tx.userToken.create({ data: { ...data, userId: user.id } });
    await enqueueEmail(tx, { ...mail, to: user.email, from: env.mailFrom });
  });
}

/** Sets the new password and signs the account out everywhere (a reset often follows a compromise). */
export async function resetPassword(db: Db, token: string, password: string) {
  const record = await consumeToken(db, token, "RESET_PASSWORD");
  if (!record) throw new RuleViolation("This reset link has expired or was already used. Ask for a new one.");
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { userId: record.userId } });
    // Reaching the inbox proves the address too.
    return tx.user.update({
      where: { id: record.userId },
      data: { passwordHash, emailVerifiedAt: new Date() },
    });
  });
}

export function updateProfile(db: Db, userId: string, input: z.output<typeof profileSchema>) {
  return db.user.update({ where: { id: userId }, data: input });
}

export function getProfile(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, email: true, organisation: true, title: true, socialHandle: true, roles: true, emailVerifiedAt: true },
  });
}
