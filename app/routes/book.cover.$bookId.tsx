import type { LoaderFunctionArgs } from "@remix-run/node";
import { getBookCover } from "~/modules/scholarships/books.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/**
 * The book's cover, with the type its bytes were checked to be. Addresses carrying the current
 * `?v=` never change, so browsers keep them a year; bare addresses revalidate by ETag.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const cover = await orPlainNotFound(getBookCover(context.db, params.bookId ?? ""));
  const etag = `"${cover.version}"`;
  const pinned = new URL(request.url).searchParams.get("v") === cover.version;
  const headers = {
    ETag: etag,
    "Cache-Control": pinned ? "public, max-age=31536000, immutable" : "public, max-age=3600, must-revalidate",
  };
  if (
    request.headers
      .get("If-None-Match")
      ?.split(",")
      .some((tag) => tag.trim().replace(/^W\//, "") === etag)
  )
    return new Response(null, { status: 304, headers });
  return new Response(cover.bytes, {
    headers: {
      ...headers,
      "Content-Type": cover.type,
      "Content-Length": String(cover.bytes.byteLength),
      // Uploaded bytes: never let a browser treat them as a page.
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
