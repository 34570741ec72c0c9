/**
 * The units of time a metric may carry (`MetricRecord.unit`), and their
 * size in nanoseconds: the one table the runner records with and the
 * reports format with. Any other unit ("count", "bytes", "ops/s") is not a
 * time and is never rescaled.
 *
 * @example
 * ```ts
 * import { isTimeUnit, NS_PER_TIME_UNIT } from "@looplab/looplab/artifact";
 * import { assert, assertEquals } from "@std/assert";
 * assertEquals(NS_PER_TIME_UNIT["µs"], 1_000);
 * assert(isTimeUnit("us"));
 * assert(!isTimeUnit("count"));
 * ```
 *
 * @module
 */

/** A unit of time a metric may be recorded in; "us" is an ASCII "µs". */
export type TimeUnit = "s" | "ms" | "us" | "µs" | "ns";

/** Nanoseconds in one of each time unit, largest unit first. */
export const NS_PER_TIME_UNIT: Readonly<Record<TimeUnit, number>> = {
  s: 1e9,
  ms: 1e6,
  us: 1e3,
  "µs": 1e3,
  ns: 1,
};

/**
 * Whether a metric's unit is a time (in which smaller is faster and values
 * rescale to a readable unit).
 *
 * @param unit the metric's unit
 * @returns true for s, ms, us, µs and ns
 *
 * @example
 * ```ts
 * import { isTimeUnit } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * assertEquals(isTimeUnit("ms"), true);
 * assertEquals(isTimeUnit("constructor"), false);
 * ```
 */
export function isTimeUnit(unit: string): unit is TimeUnit {
  return Object.hasOwn(NS_PER_TIME_UNIT, unit);
}
