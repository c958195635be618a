import type { SubmissionResult } from "@conform-to/react";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

/**
 * A posted form, urlencoded or multipart; uploads are held in memory and no part may
 * exceed `maxPartBytes`, so a huge upload is cut off while streaming, not after.
 * Null when a part is too large.
 */
export async function readFormData(request: Request, maxPartBytes: number): Promise<FormData | null> {
  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}

/** The form's reply when an upload was cut off: the message on its field, 413 Content Too Large. */
export function replyTooLarge(field: string, message: string) {
  return data({ status: "error", error: { [field]: [message] } } satisfies SubmissionResult<string[]>, { status: 413 });
}
