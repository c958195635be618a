// The book on sale: its page, the organisers' editor and its cover image.

import { sniffImageType } from "~/modules/agenda/speakers.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { type BookInput, type COVER_TYPES, isRecordId, MAX_COVER_BYTES } from "./book.schema.ts";
import { type BookPriceList, priceTable } from "./book-pricing.ts";

type CoverType = (typeof COVER_TYPES)[number];

/** The cover's address; `v` changes with every save, so browsers may keep each one for good. */
export function coverUrl(book: { id: string; updatedAt: Date; coverType: string | null }): string | null {
  return book.coverType ? `/book/cover/${book.id}?v=${book.updatedAt.getTime().toString(36)}` : null;
}

/** Reads an uploaded cover: size first, then what its bytes really are (the declared type is only a claim). */
export async function readCover(file: File): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: CoverType }> {
  if (file.size > MAX_COVER_BYTES)
    throw new RuleViolation(`The cover is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.`, "cover");
  if (file.size === 0) throw new RuleViolation("That cover file is empty.", "cover");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (type !== "image/png" && type !== "image/jpeg")
    throw new RuleViolation(
      `“${file.name}” isn't a PNG or JPEG image (its contents don't match${file.type ? ` its type ${file.type}` : ""}).`,
      "cover",
    );
  return { bytes, type };
}

const PUBLIC_BOOK = {
  id: true,
  slug: true,
  title: true,
  subtitle: true,
  authors: true,
  description: true,
  currency: true,
  listPriceCents: true,
  maxPerOrder: true,
  coverType: true,
  updatedAt: true,
  tiers: { select: { minQuantity: true, percentOff: true }, orderBy: { minQuantity: "asc" } },
} as const;

/** The book on sale (the first active one), as the public page shows it: no costs. */
export async function storeBook(db: Db) {
  const book = await db.book.findFirst({ where: { active: true }, orderBy: { createdAt: "asc" }, select: PUBLIC_BOOK });
  if (!book) throw new NotFoundError("The book is not on sale right now.");
  const { coverType, updatedAt, ...rest } = book;
  return {
    ...rest,
    coverUrl: coverUrl(book),
    priceTable: priceTable(book.listPriceCents, book.tiers, book.maxPerOrder),
  };
}

/** The active book's price list, costs included, for pricing an order. */
export async function bookForOrder(
  db: DbTx,
  bookId: string,
): Promise<BookPriceList & { id: string; title: string; currency: string; maxPerOrder: number }> {
  if (!isRecordId(bookId)) throw new NotFoundError("The book is not on sale right now.");
  const book = await db.book.findFirst({ where: { id: bookId, active: true }, include: { tiers: true } });
  if (!book) throw new NotFoundError("The book is not on sale right now.");
  return book;
}

export async function listBooks(db: Db) {
  const books = await db.book.findMany({
    orderBy: { createdAt: "asc" },
    select: { ...PUBLIC_BOOK, active: true, unitCostCents: true },
  });
  const copies = await db.bookOrder.groupBy({ by: ["bookId"], where: { status: "PAID" }, _sum: { quantity: true } });
  return books.map(({ coverType, ...book }) => ({
    ...book,
    coverUrl: coverUrl({ ...book, coverType }),
    copiesSold: copies.find((c) => c.bookId === book.id)?._sum.quantity ?? 0,
  }));
}

/** A book for the editor (no cover bytes); an unknown id is a 404. */
export async function getBookForEdit(db: Db, bookId: string) {
  if (!isRecordId(bookId)) throw new NotFoundError("We couldn't find that book.");
  const book = await db.book.findUnique({
    where: { id: bookId },
    omit: { cover: true },
    include: { tiers: { orderBy: { minQuantity: "asc" } } },
  });
  if (!book) throw new NotFoundError("We couldn't find that book.");
  return { ...book, coverUrl: coverUrl(book) };
}

function slugFrom(title: string): string {
  const base = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return base || "book";
}

/** Creates the book, or saves its changes (tiers replaced as a whole), in one transaction. */
export async function saveBook(db: Db, actorId: string, input: BookInput, bookId?: string) {
  const cover = input.cover && input.cover.size > 0 ? await readCover(input.cover) : null;
  const fields = {
    title: input.title,
    subtitle: input.subtitle,
    authors: input.authors,
    description: input.description,
    listPriceCents: input.listPrice,
    unitCostCents: input.unitCost,
    shippingBaseCents: input.shippingBase,
    shippingPerCopyCents: input.shippingPerCopy,
    maxPerOrder: input.maxPerOrder,
    active: input.active,
    ...(cover ? { cover: cover.bytes, coverType: cover.type } : {}),
  };
  try {
    return await db.$transaction(async (tx) => {
      const book = bookId
        ? await tx.book.update({ where: { id: bookId }, data: fields, select: { id: true, title: true } }).catch((error) => {
            if ((error as { code?: string }).code === "P2025") throw new NotFoundError("We couldn't find that book.");
            throw error;
          })
        : await tx.book.create({ data: { ...fields, slug: slugFrom(input.title) }, select: { id: true, title: true } });
      await tx.bookDiscountTier.deleteMany({ where: { bookId: book.id } });
      if (input.tiers.length)
        await tx.bookDiscountTier.createMany({ data: input.tiers.map((tier) => ({ ...tier, bookId: book.id })) });
      await recordAudit(tx, {
        actorId,
        action: bookId ? "book.update" : "book.create",
        subjectType: "Book",
        subjectId: book.id,
        detail: {
          title: input.title,
          listPriceCents: input.listPrice,
          unitCostCents: input.unitCost,
          tiers: input.tiers,
          active: input.active,
          coverChanged: Boolean(cover),
        },
      });
      return book;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation("Another book already has this title.", "title");
    throw error;
  }
}

/** The cover's bytes and the type they were checked to be. */
export async function getBookCover(db: Db, bookId: string) {
  if (!isRecordId(bookId)) throw new NotFoundError("This book has no cover.");
  const book = await db.book.findUnique({ where: { id: bookId }, select: { cover: true, coverType: true, updatedAt: true } });
  if (!book?.cover || !book.coverType) throw new NotFoundError("This book has no cover.");
  return { bytes: book.cover, type: book.coverType, version: book.updatedAt.getTime().toString(36) };
}
