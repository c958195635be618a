// The organisers' health social-media network: individual members by email,
// organisation members by email domain. Members get member prices automatically.
import { Prisma } from "~/generated/prisma/client.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { UTC_NOW } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import { type MemberSearch, type NetworkMemberInput, normaliseDomain, validUntilInstant } from "./network-member.schema.ts";

export function emailDomain(email: string): string {
  return email.trim().toLowerCase().split("@").pop() ?? "";
}

type MemberRow = { email: string | null; domain: string | null };

const lowerCased = (emails: string[]) => [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];

/**
 * A query for the current members an email list could match, by address or by domain; read
 * its rows with memberEmailsAmong. Placing an order runs it inside its one read (orders.server.ts).
 */
export function currentMembersSql(emails: string[]): Prisma.Sql {
  const lowered = lowerCased(emails);
  return Prisma.sql`
    SELECT email, domain FROM "NetworkMember"
    WHERE (email = ANY(${lowered}::text[]) OR domain = ANY(${[...new Set(lowered.map(emailDomain))]}::text[]))
      AND ("validUntil" IS NULL OR "validUntil" > ${UTC_NOW})`;
}

/** Which of these emails belong to members, given the rows of currentMembersSql (returned lower-cased). */
export function memberEmailsAmong(emails: string[], rows: MemberRow[]): Set<string> {
  const memberEmails = new Set(rows.flatMap((r) => (r.email ? [r.email] : [])));
  const memberDomains = new Set(rows.flatMap((r) => (r.domain ? [r.domain] : [])));
  return new Set(lowerCased(emails).filter((e) => memberEmails.has(e) || memberDomains.has(emailDomain(e))));
}

/** Which of these emails belong to current network members (returned lower-cased). */
export async function findMemberEmails(db: DbTx, emails: string[]): Promise<Set<string>> {
  if (lowerCased(emails).length === 0) return new Set();
  return memberEmailsAmong(emails, await db.$queryRaw<MemberRow[]>(currentMembersSql(emails)));
}

// ---------------------------------------------------------------- Organiser set-up (CRUD)

export const MEMBERS_PAGE_SIZE = 25;

/** The members list: search over name, email, domain and organisation; optional kind; newest first. */
export async function listNetworkMembers(db: Db, { q, kind, page }: MemberSearch, now = new Date()) {
  const where: Prisma.NetworkMemberWhereInput = {
    ...(kind ? { kind } : {}),
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { email: { contains: q.toLowerCase() } },
            { domain: { contains: normaliseDomain(q) } },
            { organisation: { contains: q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [members, total, all] = await Promise.all([
    db.networkMember.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (page - 1) * MEMBERS_PAGE_SIZE,
      take: MEMBERS_PAGE_SIZE,
    }),
    db.networkMember.count({ where }),
    db.networkMember.count(),
  ]);
  return {
    members: members.map((m) => ({ ...m, lapsed: m.validUntil !== null && m.validUntil <= now })),
    total,
    all,
    pageCount: pageCount(total, MEMBERS_PAGE_SIZE),
  };
}

export async function getNetworkMember(db: Db, memberId: string) {
  const member = await db.networkMember.findUnique({ where: { id: memberId } });
  if (!member) throw new NotFoundError("That member doesn't exist.");
  return member;
}

function alreadyListed(input: { kind: string; email: string | null; domain: string | null }) {
  return input.kind === "INDIVIDUAL"
    ? new RuleViolation(`${input.email} is already a member.`, "email")
    : new RuleViolation(`${input.domain} is already a member organisation.`, "domain");
}

/** Adds (no `memberId`) or edits a member; emails and domains are unique across the network. */
export async function saveNetworkMember(db: Db, actorId: string, input: NetworkMemberInput, memberId?: string) {
  const existing = memberId ? await db.networkMember.findUnique({ where: { id: memberId } }) : null;
  if (memberId && !existing) throw new NotFoundError("That member doesn't exist.");
  const clash = await db.networkMember.findFirst({
    where: {
      ...(input.email ? { email: input.email } : { domain: input.domain }),
      ...(existing ? { id: { not: existing.id } } : {}),
    },
    select: { id: true },
  });
  if (clash) throw alreadyListed(input);
  const data = {
    kind: input.kind,
    email: input.email,
    domain: input.domain,
    name: input.name,
    organisation: input.organisation,
    validUntil: input.validUntil ? validUntilInstant(input.validUntil) : null,
  };
  try {
    return await db.$transaction(async (tx) => {
      const saved = existing
        ? await tx.networkMember.update({ where: { id: existing.id }, data })
        : await tx.networkMember.create({ data });
      await recordAudit(tx, {
        actorId,
        action: existing ? "network-member.updated" : "network-member.created",
        subjectType: "NetworkMember",
        subjectId: saved.id,
        detail: { ...data, validUntil: data.validUntil?.toISOString() ?? null },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyListed(input);
    throw error;
  }
}

/** Removes a member: member prices stop applying to orders placed from now on. */
export async function deleteNetworkMember(db: Db, actorId: string, memberId: string) {
  const member = await getNetworkMember(db, memberId);
  await db.$transaction(async (tx) => {
    await tx.networkMember.delete({ where: { id: member.id } });
    await recordAudit(tx, {
      actorId,
      action: "network-member.deleted",
      subjectType: "NetworkMember",
      subjectId: member.id,
      detail: { kind: member.kind, name: member.name, email: member.email, domain: member.domain },
    });
  });
  return member;
}
