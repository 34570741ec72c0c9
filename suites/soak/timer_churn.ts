/**
 * soak/timer-churn — arm and clear timers at a rate, the way a connection
 * handler arms a keep-alive interval and a short timeout, and tears the
 * interval down when the timeout fires. Its twin `timer-churn-leaky`
 * forgets the teardown once in `leakEvery`: the interval keeps ticking for
 * good, and its closure keeps its array on the heap.
 *
 * @module
 */

import {
  defineSoakWorkload,
  type SoakContext,
  type SoakWorkload,
} from "../../mod.ts";
import { integerOption, runPaced } from "./_pace.ts";

const CHURN_DEFAULTS = {
  /** Operations (an interval and a timeout each) per second. */
  ratePerSec: 200,
  /** Operations in flight at most. */
  concurrency: 64,
  /** The timeout's delay, ms: it clears the interval when it fires. */
  delayMs: 1,
  /** The interval's period, ms: long, so a healthy one never ticks. */
  periodMs: 1000,
  /** Numbers in the array each interval's closure holds. */
  arrayLength: 1024,
};

/**
 * Arms an interval whose closure holds an array of `arrayLength` numbers
 * (it sums them on each tick) and a timeout that clears the interval when
 * it fires, at a rate. It counts "operations", "errors" and "dropped" and
 * records "latency" (ms from its slot to the timeout's firing) as
 * `runPaced` does, and gauges "timers": timeouts and intervals armed now.
 *
 * Options: `ratePerSec` (200), `concurrency` (64), `delayMs` (1),
 * `periodMs` (1000), `arrayLength` (1024).
 *
 * @example
 * ```ts
 * import { timerChurn } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(timerChurn.name, "timer-churn");
 * assertEquals(timerChurn.defaults?.periodMs, 1000);
 * ```
 */
export const timerChurn: SoakWorkload = defineSoakWorkload({
  name: "timer-churn",
  description:
    "arm an interval and a timeout that clears it when it fires — at a rate",
  defaults: CHURN_DEFAULTS,
  run: (ctx) => churn(ctx, false),
});

/**
 * {@link timerChurn} whose `leakEvery`-th operation, up to `maxLeaked`,
 * leaves its interval armed: it ticks every `periodMs` for the rest of the
 * run (event-loop work growing with each leak) and its closure's array
 * stays on the heap. It gauges "leaked" (intervals leaked so far, exactly
 * ⌊operations / leakEvery⌋ until the cap) and clears them all when it
 * stops.
 *
 * Measured on our VM (Deno 2.9.6), a leaked interval at the default
 * `arrayLength` holds about 8.8 KiB of heap after a collection (the 1024
 * numbers at 8 bytes each, its closure and timer): heapUsed grows by
 * about 5 MiB a minute at the defaults, with no file descriptor or thread.
 *
 * Options: those of {@link timerChurn}, `leakEvery` (20: ten leaks a
 * second at the default rate, 1800 in three minutes), `maxLeaked` (20000:
 * reached after about 33 minutes at the defaults, about 170 MiB of heap).
 *
 * @example
 * ```ts
 * import { timerChurnLeaky } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(timerChurnLeaky.name, "timer-churn-leaky");
 * assertEquals(timerChurnLeaky.defaults?.leakEvery, 20);
 * ```
 */
export const timerChurnLeaky: SoakWorkload = defineSoakWorkload({
  name: "timer-churn-leaky",
  description: "timer-churn that leaves one interval in leakEvery ticking",
  defaults: { ...CHURN_DEFAULTS, leakEvery: 20, maxLeaked: 20000 },
  run: (ctx) => churn(ctx, true),
});

async function churn(ctx: SoakContext, leaky: boolean): Promise<void> {
  const concurrency = integerOption(ctx, "concurrency", 1);
  const delayMs = integerOption(ctx, "delayMs", 0);
  const periodMs = integerOption(ctx, "periodMs", 1);
  const arrayLength = integerOption(ctx, "arrayLength", 0);
  const leakEvery = leaky ? integerOption(ctx, "leakEvery", 1) : 0;
  const maxLeaked = leaky ? integerOption(ctx, "maxLeaked", 0) : 0;
  const leaked: ReturnType<typeof setInterval>[] = [];
  let armed = 0;
  let completed = 0;
  let checksum = 0;
  try {
    await runPaced(ctx, concurrency, () =>
      new Promise<void>((resolve) => {
        const values = Array.from({ length: arrayLength }, (_, i) => i);
        // A tick's work: reading the whole array the closure holds.
        const interval = setInterval(() => {
          let sum = 0;
          for (const v of values) sum += v;
          checksum = (checksum + sum) | 0;
        }, periodMs);
        setTimeout(() => {
          completed++;
          if (
            leaky && completed % leakEvery === 0 && leaked.length < maxLeaked
          ) {
            leaked.push(interval);
            ctx.gauge("leaked", leaked.length);
            armed -= 1; // the timeout
          } else {
            clearInterval(interval);
            armed -= 2;
          }
          ctx.gauge("timers", armed);
          resolve();
        }, delayMs);
        armed += 2;
        ctx.gauge("timers", armed);
      }));
  } finally {
    for (const interval of leaked) clearInterval(interval);
    armed -= leaked.length;
    ctx.gauge("timers", armed);
  }
}
