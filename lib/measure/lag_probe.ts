/**
 * An event-loop lag probe: a timer that records how late it fires. In Deno
 * `monitorEventLoopDelay` missed a 200 ms block in one of two runs here, so
 * the probe measures lateness itself: each tick is scheduled for an absolute
 * time, and its lateness is the difference between when it ran and when it
 * was due.
 *
 * @module
 */

/** A running lag probe. */
export interface LagProbe {
  /**
   * Stops the probe and returns each tick's lateness in ms, in order. A
   * tick already overdue when the probe stops counts, with its lateness so
   * far: a loop blocked until the probe stops still shows its lag.
   */
  stop(): number[];
}

/**
 * Starts a probe that ticks every `intervalMs` and records its lateness.
 * Deadlines are absolute (start + i·interval), so lateness does not
 * accumulate into drift; a tick that is late by more than an interval
 * skips to the next deadline still in the future (no catch-up burst of the
 * ticks the block swallowed).
 *
 * @param intervalMs the tick period in ms, > 0
 * @returns the probe; call `stop()` to end it and read the lateness
 * @throws {RangeError} when the interval is not positive
 *
 * @example
 * ```ts
 * import { startLagProbe } from "./lag_probe.ts";
 * import { delay } from "@std/async/delay";
 * import { assert } from "@std/assert";
 * const probe = startLagProbe(5);
 * await delay(30);
 * const lateness = probe.stop();
 * assert(lateness.length > 0 && lateness.every(Number.isFinite));
 * ```
 */
export function startLagProbe(intervalMs: number): LagProbe {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) {
    throw new RangeError(
      `lag probe interval must be > 0 ms, got ${intervalMs}`,
    );
  }
  const lateness: number[] = [];
  const origin = performance.now();
  let tick = 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = origin;
  const arm = (): void => {
    due = origin + tick * intervalMs;
    timer = setTimeout(() => {
      const now = performance.now();
      lateness.push(now - due);
      tick = Math.max(tick + 1, Math.ceil((now - origin) / intervalMs));
      arm();
    }, Math.max(0, due - performance.now()));
  };
  arm();
  return {
    stop(): number[] {
      if (timer === undefined) return lateness;
      clearTimeout(timer);
      timer = undefined;
      const overdueMs = performance.now() - due;
      if (overdueMs > 0) lateness.push(overdueMs);
      return lateness;
    },
  };
}
