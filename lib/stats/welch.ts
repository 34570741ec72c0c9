/**
 * Welch's unequal-variances t-test: do two samples have different means?
 *
 * @module
 */

import { studentTSf } from "./distributions.ts";
import { meanOf, varianceOf } from "./summary.ts";
import { assertFiniteSample, type Sample } from "./validate.ts";

/** The result of {@link welchTTest}. */
export interface WelchResult {
  /** t = (mean(x) − mean(y)) / √(s²ₓ/nₓ + s²ᵧ/nᵧ). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value from Student's t with df degrees of freedom. */
  p: number;
  /** mean(x) − mean(y). */
  meanDifference: number;
  /** √(s²ₓ/nₓ + s²ᵧ/nᵧ), the standard error of the difference. */
  standardError: number;
}

/**
 * Two-sided Welch's t-test of `x` against `y`, matching scipy's
 * `ttest_ind(x, y, equal_var=False)`. Its standard error and
 * Welch–Satterthwaite df also give the interval of the difference, so
 * callers build intervals from this result rather than repeat the formula.
 * When both samples are constant the
 * standard error is zero: p is 1 if the means are equal and 0 otherwise, and
 * t is 0 or ±Infinity accordingly.
 *
 * @param x first sample, finite, at least two values
 * @param y second sample, finite, at least two values
 * @returns t, df, p and the difference of means
 * @throws {RangeError} on a sample shorter than two or a non-finite value
 *
 * @example
 * ```ts
 * import { welchTTest } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * const r = welchTTest([1, 2, 3, 4], [3, 4, 5, 6, 7]);
 * // scipy.stats.ttest_ind(x, y, equal_var=False): df 6.9808, p 0.0349
 * assertAlmostEquals(r.df, 6.9808, 1e-4);
 * assertAlmostEquals(r.p, 0.0349, 1e-4);
 * ```
 */
export function welchTTest(x: Sample, y: Sample): WelchResult {
  assertFiniteSample(x, "x", 2);
  assertFiniteSample(y, "y", 2);
  const nx = x.length;
  const ny = y.length;
  const meanDifference = meanOf(x) - meanOf(y);
  const vx = varianceOf(x) / nx;
  const vy = varianceOf(y) / ny;
  const se2 = vx + vy;
  if (se2 === 0) {
    return {
      t: meanDifference === 0 ? 0 : Math.sign(meanDifference) * Infinity,
      df: nx + ny - 2,
      p: meanDifference === 0 ? 1 : 0,
      meanDifference,
      standardError: 0,
    };
  }
  const standardError = Math.sqrt(se2);
  const t = meanDifference / standardError;
  const df = (se2 * se2) / ((vx * vx) / (nx - 1) + (vy * vy) / (ny - 1));
  const p = Math.min(1, 2 * studentTSf(Math.abs(t), df));
  return { t, df, p, meanDifference, standardError };
}
