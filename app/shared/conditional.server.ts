// Conditional GET (RFC 9110 §13): answer 304 from validators alone, build the body only when needed.

export type Validators = {
  /** A weak entity tag, e.g. `W/"r-abc.1"`: gzip in front of us changes bytes, not meaning. */
  etag: string;
  lastModified: Date;
  /**
   * False when the representation can change without lastModified moving (a row deleted
   * leaves no timestamp); If-Modified-Since is then ignored and only the ETag decides.
   */
  lastModifiedIsExact?: boolean;
};

const opaqueTag = (tag: string) => tag.trim().replace(/^W\//, "");

/** Weak comparison, as If-None-Match requires (RFC 9110 §13.1.2). */
function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const ours = opaqueTag(etag);
  return header.split(",").some((tag) => opaqueTag(tag) === ours);
}

export function isNotModified(request: Request, { etag, lastModified, lastModifiedIsExact = true }: Validators): boolean {
  const ifNoneMatch = request.headers.get("If-None-Match");
  // When both are sent, If-None-Match alone decides (RFC 9110 §13.2.2).
  if (ifNoneMatch !== null) return etagMatches(ifNoneMatch, etag);
  const ifModifiedSince = request.headers.get("If-Modified-Since");
  if (ifModifiedSince === null || !lastModifiedIsExact) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds; compare at that precision.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * 304 with the validators when the client's copy is current, otherwise 200 with
 * `body()`: the caller's expensive part runs only on a miss.
 */
export async function conditionalResponse(
  request: Request,
  validators: Validators,
  body: () => Promise<string>,
  headers: Record<string, string>,
): Promise<Response> {
  const validatorHeaders = { ETag: validators.etag, "Last-Modified": validators.lastModified.toUTCString() };
  if (isNotModified(request, validators)) {
    // A 304 repeats the validators and caching headers (RFC 9110 §15.4.5), no body or Content-Type.
    const caching = Object.entries(headers).filter(([name]) => /^(cache-control|vary|expires)$/i.test(name));
    return new Response(null, { status: 304, headers: { ...Object.fromEntries(caching), ...validatorHeaders } });
  }
  return new Response(await body(), { status: 200, headers: { ...headers, ...validatorHeaders } });
}
