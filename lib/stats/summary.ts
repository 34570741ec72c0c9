/**
 * Centre and spread of a sample: the numbers every report starts with.
 *
 * @module
 */

import { quantileSorted } from "./quantile.ts";
import { assertFiniteSample, type Sample, sortedCopy } from "./validate.ts";

/**
 * Scales the median absolute deviation so that it estimates the standard
 * deviation of normal data: 1 / Φ⁻¹(3/4) ≈ 1.4826 (the constant R's `mad`
 * uses).
 */
export const MAD_NORMAL_SCALE = 1.4826;

/** Centre, spread and tail quantiles of one sample. */
export interface Summary {
  /** Number of observations. */
  n: number;
  /** Arithmetic mean. */
  mean: number;
  /** Median (the 0.5 quantile, type 7). */
  median: number;
  /** Sample standard deviation with n − 1 in the denominator; 0 when n = 1. */
  stdDev: number;
  /** Median absolute deviation from the median, times {@link MAD_NORMAL_SCALE}. */
  mad: number;
  /** Smallest observation. */
  min: number;
  /** Largest observation. */
  max: number;
  /** 50th percentile (equals the median). */
  p50: number;
  /** 75th percentile. */
  p75: number;
  /** 90th percentile. */
  p90: number;
  /** 99th percentile. */
  p99: number;
  /** 99.9th percentile. */
  p999: number;
}

/**
 * Summarises a sample: n, mean, median, standard deviation (n − 1), scaled
 * MAD, min, max and the p50/p75/p90/p99/p999 quantiles (R type 7).
 *
 * @param sample finite observations, at least one
 * @returns the summary
 * @throws {RangeError} on an empty sample or a NaN/±Infinity value
 *
 * @example
 * ```ts
 * import { summarize } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const s = summarize([1, 2, 3, 4, 100]);
 * assertEquals(s.median, 3);
 * assertEquals(s.mad, 1.4826); // 1.4826 × median |x − 3| = 1.4826 × 1
 * ```
 */
export function summarize(sample: Sample): Summary {
  assertFiniteSample(sample);
  return summarizeSorted(sortedCopy(sample));
}

/**
 * {@link summarize} for a sample already sorted ascending and checked, so
 * that a pipeline sorts once.
 *
 * @param sorted finite observations in ascending order, at least one
 * @returns the summary
 *
 * @example
 * ```ts
 * import { summarizeSorted } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(summarizeSorted(new Float64Array([1, 2, 3])).mean, 2);
 * ```
 */
export function summarizeSorted(sorted: Float64Array): Summary {
  const n = sorted.length;
  const median = quantileSorted(sorted, 0.5);
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs(sorted[i] - median);
  deviations.sort();
  return {
    n,
    mean: meanOf(sorted),
    median,
    stdDev: n > 1 ? Math.sqrt(varianceOf(sorted)) : 0,
    mad: MAD_NORMAL_SCALE * quantileSorted(deviations, 0.5),
    min: sorted[0],
    max: sorted[n - 1],
    p50: median,
    p75: quantileSorted(sorted, 0.75),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    p999: quantileSorted(sorted, 0.999),
  };
}

/**
 * The arithmetic mean, summed with Neumaier's compensation so that long
 * samples of similar values keep full precision.
 *
 * @param sample finite observations, at least one (unchecked)
 * @returns the mean
 *
 * @example
 * ```ts
 * import { meanOf } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(meanOf([1, 2, 3, 4]), 2.5);
 * ```
 */
export function meanOf(sample: Sample): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < sample.length; i++) {
    const x = sample[i];
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x)
      ? (sum - t) + x
      : (x - t) + sum;
    sum = t;
  }
  return (sum + compensation) / sample.length;
}

/**
 * The sample variance with n − 1 in the denominator (two-pass).
 *
 * @param sample finite observations, at least two (unchecked)
 * @returns the unbiased variance
 *
 * @example
 * ```ts
 * import { varianceOf } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(varianceOf([1, 2, 3, 4]), 5 / 3, 1e-15);
 * ```
 */
export function varianceOf(sample: Sample): number {
  const mean = meanOf(sample);
  let squares = 0;
  for (let i = 0; i < sample.length; i++) {
    const d = sample[i] - mean;
    squares += d * d;
  }
  return squares / (sample.length - 1);
}

/**
 * The geometric mean, exp of the mean log: the centre of ratios, so that a
 * doubling and a halving cancel (benchstat's geomean row).
 *
 * @param sample positive finite observations, at least one
 * @returns the geometric mean
 * @throws {RangeError} on an empty sample, a non-finite value or a value
 *   at or below zero
 *
 * @example
 * ```ts
 * import { geometricMean } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * assertAlmostEquals(geometricMean([2, 8]), 4, 1e-15);
 * assertEquals(geometricMean([2, 0.5]), 1);
 * ```
 */
export function geometricMean(sample: Sample): number {
  assertFiniteSample(sample);
  const logs = new Float64Array(sample.length);
  for (let i = 0; i < sample.length; i++) {
    if (!(sample[i] > 0)) {
      throw new RangeError(
        `sample[${i}] is ${sample[i]}; a geometric mean needs values > 0`,
      );
    }
    logs[i] = Math.log(sample[i]);
  }
  return Math.exp(meanOf(logs));
}
