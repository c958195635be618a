/**
 * A badge held in front of the camera is read many times a second. The same text is taken
 * once, then ignored until it has been out of sight for `windowMs`: the window slides while
 * the badge stays in view, so a person who keeps holding their badge is not turned away as
 * "already checked in" by their own second read. Another badge is taken at once.
 */
export function createScanDeduper(windowMs = 3_000) {
  let lastText: string | null = null;
  let lastSeenAt = Number.NEGATIVE_INFINITY;
  return {
    /** Whether this read is a new scan. */
    accept(text: string, now: number): boolean {
      const repeat = text === lastText && now - lastSeenAt < windowMs;
      lastText = text;
      lastSeenAt = now;
      return !repeat;
    },
    /** Forget the last badge (the camera was restarted). */
    reset() {
      lastText = null;
      lastSeenAt = Number.NEGATIVE_INFINITY;
    },
  };
}
