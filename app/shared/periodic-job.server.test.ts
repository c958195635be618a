import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPeriodicJob } from "./periodic-job.server.ts";

describe("startPeriodicJob", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("waits firstDelayMs, then runs a round everyMs after the last one ends", async () => {
    const round = vi.fn(async () => {});
    const stop = startPeriodicJob("[test] job", round, { firstDelayMs: 100, everyMs: 1_000 });
    await vi.advanceTimersByTimeAsync(99);
    expect(round).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(round).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(round).toHaveBeenCalledTimes(2);
    await stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(round).toHaveBeenCalledTimes(2);
  });

  it("logs a failing round under its name and keeps going", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = new Error("boom");
    const round = vi.fn(async () => {
      throw boom;
    });
    const stop = startPeriodicJob("[test] job", round, { firstDelayMs: 0, everyMs: 10 });
    await vi.advanceTimersByTimeAsync(15);
    expect(round).toHaveBeenCalledTimes(2);
    expect(logged).toHaveBeenCalledWith("[test] job failed:", boom);
    await stop();
  });

  it("stop waits for the round under way and tells it the job is stopping", async () => {
    let finish = () => {};
    const seen: boolean[] = [];
    const round = vi.fn(async (isStopped: () => boolean) => {
      seen.push(isStopped());
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      seen.push(isStopped());
    });
    const stop = startPeriodicJob("[test] job", round, { firstDelayMs: 0, everyMs: 10 });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(seen).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(100);
    expect(round).toHaveBeenCalledTimes(1);
  });
});
