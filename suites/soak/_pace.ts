/**
 * The pacing every built-in soak workload shares: operations started at a
 * fixed rate from an absolute schedule, a bounded number in flight, and the
 * throughput, latency, error and dropped counts reported the same way.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import {
  assertIntegerInRange,
  assertNumberInRange,
  type SoakContext,
} from "../../mod.ts";

/**
 * A workload's integer option, checked.
 *
 * @param ctx the workload's context
 * @param name the option
 * @param min its least value
 * @returns its value
 * @throws {RangeError} naming the option when it is not an integer ≥ min
 */
export function integerOption(
  ctx: SoakContext,
  name: string,
  min: number,
): number {
  const value = ctx.options[name];
  assertIntegerInRange(value, `option ${name}`, min);
  return value;
}

/**
 * Starts `operation` at slot i = start + i / ratePerSec (the option
 * `ratePerSec`) until the signal
 * aborts, then waits for the operations in flight. Slots come from the
 * start, not from the last wake, so late timers do not slow the rate; after
 * a stall the due slots start at once, and those that find `maxInFlight`
 * operations running are counted "dropped" instead of queued.
 *
 * Each operation that resolves counts one "operations" and records its
 * "latency": ms from its slot (not from when it actually started, so a
 * stall shows in latency instead of hiding: no coordinated omission). One
 * that rejects before the abort counts one "errors".
 *
 * @param ctx the workload's context, with the option `ratePerSec`
 * @param maxInFlight operations in flight at most
 * @param operation one operation
 * @throws {RangeError} on a rate ≤ 0, naming the option
 */
export async function runPaced(
  ctx: SoakContext,
  maxInFlight: number,
  operation: () => Promise<void>,
): Promise<void> {
  const { ratePerSec } = ctx.options;
  assertNumberInRange(ratePerSec, "option ratePerSec", 0, Infinity, {
    minExclusive: true,
  });
  const { signal } = ctx;
  const periodMs = 1000 / ratePerSec;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let slot = 0;
  while (!signal.aborted) {
    const due = start + slot * periodMs;
    const waitMs = due - performance.now();
    if (waitMs > 0) {
      try {
        await delay(waitMs, { signal });
      } catch {
        break; // aborted while waiting
      }
      continue;
    }
    slot++;
    if (inFlight.size >= maxInFlight) {
      ctx.count("dropped");
      continue;
    }
    // A synchronous throw is an operation's error like a rejection.
    const started = new Promise<void>((resolve) => resolve(operation())).then(
      () => {
        ctx.count("operations");
        ctx.record("latency", performance.now() - due);
      },
      () => {
        if (!signal.aborted) ctx.count("errors");
      },
    ).finally(() => inFlight.delete(started));
    inFlight.add(started);
  }
  await Promise.all(inFlight);
}
