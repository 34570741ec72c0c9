/**
 * The three functions every peer measures, in one place so that all four
 * tools time the same code: a CPU-bound sum, the cheapest await, and the
 * shortest timer.
 *
 * @module
 */

import { do_not_optimize } from "mitata";

/** The workloads by the name each tool's bench is given. */
export const WORKLOAD_NAMES = ["sum", "await", "timeout"] as const;

/** One of {@link WORKLOAD_NAMES}. */
export type WorkloadName = typeof WORKLOAD_NAMES[number];

/**
 * Sums 1..1000 and hands the sum to mitata's sink (the one looplab's
 * `doNotOptimize` wraps), so no tool's JIT can drop the loop.
 */
export function sum(): number {
  let s = 0;
  for (let i = 1; i <= 1000; i++) s += i;
  do_not_optimize(s);
  return s;
}

/** `await Promise.resolve()`: one microtask hop. */
export async function awaitResolved(): Promise<void> {
  await Promise.resolve();
}

/**
 * `setTimeout(0)` as a promise: one trip through the timer queue. Declared
 * `async` because `Deno.bench` awaits only async functions: a plain function
 * returning the promise is timed as sync (the promise's creation, ~4 µs, with
 * the timers left to pile up).
 */
export async function timeoutZero(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Each workload by name. */
export const WORKLOADS: Record<WorkloadName, () => unknown> = {
  sum,
  await: awaitResolved,
  timeout: timeoutZero,
};
