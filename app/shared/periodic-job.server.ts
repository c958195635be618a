// A background job in the app process: one round after a short delay, then the next round a
// fixed time after the previous one ends, so rounds never overlap. The outbox, registration
// sweep, badge batches and scholarship jobs all run this way.

export type PeriodicJobTiming = {
  /** Wait before the first round. */
  firstDelayMs: number;
  /** Wait between the end of one round and the start of the next. */
  everyMs: number;
};

/**
 * Runs `round` periodically. A round that throws is logged as "`name` failed:" and the job goes
 * on. `round` is given `isStopped()` so a long round (draining a queue) can end early.
 * Returns a function that stops the job: no new round starts, and it resolves once the round
 * under way (if any) has finished.
 */
export function startPeriodicJob(
  name: string,
  round: (isStopped: () => boolean) => Promise<unknown>,
  { firstDelayMs, everyMs }: PeriodicJobTiming,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const tick = () => {
    current = (async () => {
      try {
        await round(isStopped);
      } catch (error) {
        console.error(`${name} failed:`, error);
      }
      if (!stopped) timer = setTimeout(tick, everyMs);
    })();
  };
  timer = setTimeout(tick, firstDelayMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}
