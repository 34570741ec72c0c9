/**
 * The paired t-test: did the same units (rounds, machines, inputs) change
 * between two conditions? It tests the mean of the per-unit differences, so
 * what the units share — a machine's slow drift across rounds — cancels.
 *
 * @module
 */

import { studentTSf } from "./distributions.ts";
import { meanOf, varianceOf } from "./summary.ts";
import { assertFiniteSample, type Sample } from "./validate.ts";

/** The result of {@link pairedTTest}. */
export interface PairedTResult {
  /** t = mean(d) / (s_d / √n), with d = x − y pair by pair. */
  t: number;
  /** Degrees of freedom, n − 1. */
  df: number;
  /** Two-sided p-value from Student's t with df degrees of freedom. */
  p: number;
  /** mean(x − y). */
  meanDifference: number;
  /** s_d / √n, the standard error of the mean difference. */
  standardError: number;
}

/**
 * Two-sided paired t-test of `x` against `y`, matching scipy's
 * `ttest_rel(x, y)`. When every difference is the same the standard error
 * is zero: p is 1 if the differences are 0 and 0 otherwise (scipy gives NaN
 * and 0), and t is 0 or ±Infinity accordingly.
 *
 * @param x first sample, finite, at least two values
 * @param y second sample, finite, as long as `x`: `y[i]` pairs with `x[i]`
 * @returns t, df, p, the mean difference and its standard error
 * @throws {RangeError} on samples shorter than two, of different lengths, or
 *   with a non-finite value
 *
 * @example
 * ```ts
 * import { pairedTTest } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const r = pairedTTest([10.1, 11.3, 9.8, 12.0, 10.7], [11.0, 12.1, 10.2, 13.5, 11.9]);
 * // scipy.stats.ttest_rel(x, y): t −5.16099, p 0.0066934, df 4
 * assertAlmostEquals(r.t, -5.16099, 1e-5);
 * assertAlmostEquals(r.p, 0.0066934, 1e-7);
 * assertEquals(r.df, 4);
 * ```
 */
export function pairedTTest(x: Sample, y: Sample): PairedTResult {
  assertFiniteSample(x, "x", 2);
  assertFiniteSample(y, "y", 2);
  if (x.length !== y.length) {
    throw new RangeError(
      `x and y must pair up, one y per x; got ${x.length} and ${y.length} values`,
    );
  }
  const n = x.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = x[i] - y[i];
  const meanDifference = meanOf(d);
  const standardError = Math.sqrt(varianceOf(d) / n);
  const df = n - 1;
  if (standardError === 0) {
    return {
      t: meanDifference === 0 ? 0 : Math.sign(meanDifference) * Infinity,
      df,
      p: meanDifference === 0 ? 1 : 0,
      meanDifference,
      standardError,
    };
  }
  const t = meanDifference / standardError;
  const p = Math.min(1, 2 * studentTSf(Math.abs(t), df));
  return { t, df, p, meanDifference, standardError };
}
