/**
 * Quantiles by linear interpolation between order statistics — the method R
 * calls type 7 and numpy calls "linear": the p-quantile sits at rank p·(n−1).
 *
 * @module
 */

import { assertFiniteSample, type Sample, sortedCopy } from "./validate.ts";

/**
 * The p-quantile of an already sorted sample (ascending), by R's type 7.
 * No checks: callers that sort once and read many quantiles use this.
 *
 * @param sorted observations in ascending order, at least one
 * @param p a probability in [0, 1]
 * @returns the interpolated quantile
 *
 * @example
 * ```ts
 * import { quantileSorted } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
 * ```
 */
export function quantileSorted(sorted: Sample, p: number): number {
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const weight = rank - lo;
  return weight === 0
    ? sorted[lo]
    : sorted[lo] + weight * (sorted[hi] - sorted[lo]);
}

/**
 * Quantiles of a sample in any order, by R's type 7.
 *
 * @param sample finite observations, at least one
 * @param probabilities each in [0, 1]
 * @returns one quantile per probability, in the order asked
 * @throws {RangeError} on an empty or non-finite sample, or a probability
 *   outside [0, 1]
 *
 * @example
 * ```ts
 * import { quantiles } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(quantiles([5, 1, 3], [0, 0.5, 1]), [1, 3, 5]);
 * ```
 */
export function quantiles(
  sample: Sample,
  probabilities: readonly number[],
): number[] {
  assertFiniteSample(sample);
  for (const p of probabilities) {
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
    }
  }
  const sorted = sortedCopy(sample);
  return probabilities.map((p) => quantileSorted(sorted, p));
}
