import { z } from "zod";

/** `?page=N` on every paginated list; anything malformed falls back to page 1. */
export const pageQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

export function pageFromUrl(url: string): number {
  const parsed = pageQuerySchema.safeParse(Object.fromEntries(new URL(url).searchParams));
  return parsed.success ? parsed.data.page : 1;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
