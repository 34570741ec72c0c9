/**
 * A proportion's confidence interval: how sure a rate measured over n
 * repetitions can be (a false-positive rate, a power, a coverage).
 *
 * @module
 */

import { normalQuantile } from "./distributions.ts";
import { assertLevel } from "./validate.ts";

/** A proportion with its interval. */
export interface ProportionInterval {
  /** k / n. */
  point: number;
  /** Lower endpoint. */
  lower: number;
  /** Upper endpoint. */
  upper: number;
  /** Confidence level. */
  level: number;
}

/**
 * The Wilson score interval of k successes in n trials (Wilson 1927):
 * unlike the normal approximation it stays inside [0, 1] and keeps its
 * coverage near 0 and n, where calibration rates live (0 false positives in
 * 40 runs still allows a true rate up to 8.8%).
 *
 * @param k successes, 0 ≤ k ≤ n
 * @param n trials, at least 1
 * @param level confidence level, in (0, 1)
 * @returns the proportion and its interval
 * @throws {RangeError} on counts that are not integers with 0 ≤ k ≤ n, n ≥ 1
 *
 * @example
 * ```ts
 * import { wilsonInterval } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * // scipy: z = norm.ppf(0.975); Wilson's formula for k = 0, n = 40.
 * const none = wilsonInterval(0, 40);
 * assertEquals([none.point, none.lower], [0, 0]);
 * assertAlmostEquals(none.upper, 0.08762160119728664, 1e-12);
 * ```
 */
export function wilsonInterval(
  k: number,
  n: number,
  level = 0.95,
): ProportionInterval {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(
      `need integer counts with 0 ≤ k ≤ n and n ≥ 1, got k = ${k}, n = ${n}`,
    );
  }
  assertLevel(level);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return {
    point: p,
    lower: Math.max(0, centre - half),
    upper: Math.min(1, centre + half),
    level,
  };
}
