import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSpeakerPhoto, getSpeakerPhotoVersion } from "~/modules/agenda/speakers.server.ts";
import { NotFoundError } from "~/shared/errors.ts";

/** A resource route has no error boundary: answer a missing photo with a plain 404. */
async function orPlain404<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new Response("No photo.", { status: 404, headers: { "Content-Type": "text/plain" } });
    throw error;
  }
}

/**
 * A speaker's photo, with the type its bytes were checked to be. Addresses carrying the
 * current `?v=` never change, so browsers keep them a year; bare addresses revalidate by ETag.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const speakerId = params.speakerId ?? "";
  const version = await orPlain404(getSpeakerPhotoVersion(context.db, speakerId));
  const etag = `"${version}"`;
  const pinned = new URL(request.url).searchParams.get("v") === version;
  const headers = {
    ETag: etag,
    "Cache-Control": pinned ? "public, max-age=31536000, immutable" : "public, max-age=3600, must-revalidate",
  };
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  const photo = await orPlain404(getSpeakerPhoto(context.db, speakerId));
  return new Response(photo.bytes, {
    headers: {
      ...headers,
      "Content-Type": photo.type,
      "Content-Length": String(photo.bytes.byteLength),
      // Uploaded bytes: never let a browser treat them as a page.
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
