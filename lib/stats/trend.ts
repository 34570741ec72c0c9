/**
 * Trends in a series over time: the Theil–Sen slope with Sen's (1968)
 * confidence interval, and the Mann–Kendall test for a monotonic trend.
 * Both are rank-based, so a few wild samples (a GC pause, one slow read of
 * `/proc`) cannot swing them the way they swing a least-squares fit.
 *
 * @module
 */

import { normalQuantile, normalSf } from "./distributions.ts";
import { quantileSorted } from "./quantile.ts";
import { thinForks } from "./thin.ts";
import { assertFiniteSample, assertLevel, type Sample } from "./validate.ts";
import { DEFAULT_LEVEL } from "./bootstrap.ts";

/**
 * Most points {@link theilSen} reads: 2,000 points make 1,999,000 pairwise
 * slopes, sorted in about 0.3 s on our 2-core machine (a 43,200-point
 * series, thinned to 1,964, takes the same). Its cost grows as n²
 * (a 12-hour soak sampled each second has 43,200 points: 933 M slopes and
 * 7.5 GB), so above the bound the series is thinned evenly — every k-th
 * point from the first, in time order — which keeps its span and shape and
 * so estimates the same line; the interval is then the one 2,000 points
 * give, wider than all of them would, never narrower.
 */
export const THEIL_SEN_MAX_POINTS = 2_000;

/** Options of {@link theilSen}. */
export interface TheilSenOptions {
  /** Confidence level of the slope's interval. @default 0.95 */
  level?: number;
}

/** The Theil–Sen line of {@link theilSen}. */
export interface TheilSenFit {
  /** The median of the pairwise slopes. */
  slope: number;
  /** The median of y − slope·x. */
  intercept: number;
  /** Lower end of the slope's interval (Sen 1968). */
  lower: number;
  /** Upper end of the slope's interval. */
  upper: number;
  /**
   * Points the fit read: all of them, or the evenly thinned
   * {@link THEIL_SEN_MAX_POINTS} or fewer when there were more.
   */
  points: number;
}

/**
 * The Theil–Sen estimator of a line through (x, y): the median of the slopes
 * between every pair of points with different x, an intercept that is the
 * median of y − slope·x, and the slope's confidence interval from Kendall's
 * variance with ties in x and y accounted for (Sen 1968, eq. 2.6). It
 * matches scipy's `theilslopes(y, x, alpha=level, method="joint")`, except
 * where scipy returns NaN for an interval whose variance comes out negative
 * (heavy ties in both x and y): the variance is taken as 0 there, as scipy
 * itself does when it comes out exactly 0, and the interval closes on the
 * middle slopes. Above {@link THEIL_SEN_MAX_POINTS} points it reads an
 * evenly thinned series.
 *
 * @param x the positions (times), finite, any order
 * @param y the values, finite, as many as x, at least 2
 * @param options the interval's level
 * @returns the slope, intercept, interval and how many points were read
 * @throws {RangeError} on fewer than 2 points, lengths that differ, a
 *   non-finite value, every x equal, or a level outside (0, 1)
 *
 * @example
 * ```ts
 * import { theilSen } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * // One wild point does not move the line: least squares would give 5.4.
 * const fit = theilSen([0, 1, 2, 3, 4], [0, 2, 4, 40, 8]);
 * assertEquals([fit.slope, fit.intercept], [2, 0]);
 * ```
 */
export function theilSen(
  x: Sample,
  y: Sample,
  options: TheilSenOptions = {},
): TheilSenFit {
  const level = options.level ?? DEFAULT_LEVEL;
  assertLevel(level);
  assertFiniteSample(x, "x", 2);
  assertFiniteSample(y, "y", 2);
  if (x.length !== y.length) {
    throw new RangeError(
      `x and y must have the same length, got ${x.length} and ${y.length}`,
    );
  }
  const xs = thinForks([x], THEIL_SEN_MAX_POINTS).forks[0];
  const ys = thinForks([y], THEIL_SEN_MAX_POINTS).forks[0];
  const n = xs.length;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const xi = xs[i], yi = ys[i];
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j] - xi;
      // The pair in increasing x, as scipy forms it, so that each slope
      // rounds exactly as scipy's does.
      if (dx > 0) slopes[count++] = (ys[j] - yi) / dx;
      else if (dx < 0) slopes[count++] = (yi - ys[j]) / (xi - xs[j]);
    }
  }
  if (count === 0) {
    throw new RangeError(
      `x holds ${n} equal values (${xs[0]}); a slope needs two different x`,
    );
  }
  const sorted = slopes.subarray(0, count).sort();
  const slope = quantileSorted(sorted, 0.5);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = ys[i] - slope * xs[i];
  const intercept = quantileSorted(residuals.sort(), 0.5);

  const variance = (kendallTerm(n) - tieTerms(xs) - tieTerms(ys)) / 18;
  const z = normalQuantile((1 - level) / 2);
  const sigma = Math.sqrt(Math.max(0, variance));
  const upperRank = Math.min(roundHalfEven((count - z * sigma) / 2), count - 1);
  const lowerRank = Math.max(roundHalfEven((count + z * sigma) / 2) - 1, 0);
  return {
    slope,
    intercept,
    lower: sorted[lowerRank],
    upper: sorted[upperRank],
    points: n,
  };
}

/** The result of {@link mannKendall}. */
export interface MannKendallResult {
  /** S: later values above earlier ones, minus those below, over all pairs. */
  s: number;
  /** Var(S) under no trend, with ties accounted for. */
  variance: number;
  /** (S ∓ 1) / √Var(S): continuity-corrected; 0 when S is 0. */
  z: number;
  /** Two-sided p-value from the normal. */
  p: number;
}

/**
 * The Mann–Kendall test of a series for a monotonic trend (Mann 1945;
 * Kendall 1975; as Gilbert 1987 §16.4 gives it): S sums the sign of every
 * later-minus-earlier difference; under no trend it has mean 0 and variance
 * [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over the groups of t tied values;
 * z = (S − 1)/σ for S > 0, (S + 1)/σ for S < 0, 0 for S = 0; p is two-sided
 * from the normal. S is counted in O(n log n) — pairs minus tied pairs minus
 * twice the inversions, counted by a merge sort — so a 12-hour soak sampled
 * each second (43,200 values) is read whole.
 *
 * @param y the series in time order, finite, at least 2 values
 * @returns S, its variance, z and the two-sided p
 * @throws {RangeError} on fewer than 2 values or a non-finite one
 *
 * @example
 * ```ts
 * import { mannKendall } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * // Every later value above every earlier: S = 10 pairs; Var = 5·4·15/18.
 * const r = mannKendall([1, 2, 3, 4, 5]);
 * assertEquals(r.s, 10);
 * assertAlmostEquals(r.z, 9 / Math.sqrt(50 / 3), 1e-12);
 * assertAlmostEquals(r.p, 0.027486, 1e-6); // 2·scipy.stats.norm.sf(z)
 * ```
 */
export function mannKendall(y: Sample): MannKendallResult {
  assertFiniteSample(y, "y", 2);
  const n = y.length;
  const values = Float64Array.from(y);
  const inversions = sortCountingInversions(values);
  let tiedPairs = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && values[j] === values[i]) j++;
    const t = j - i;
    tiedPairs += (t * (t - 1)) / 2;
    i = j;
  }
  const s = (n * (n - 1)) / 2 - tiedPairs - 2 * inversions;
  const variance = (kendallTerm(n) - tieTerms(values)) / 18;
  const z = s === 0 || variance <= 0
    ? 0
    : (s > 0 ? s - 1 : s + 1) / Math.sqrt(variance);
  return { s, variance, z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/** n(n−1)(2n+5): 18 times the variance of Kendall's S with no ties. */
function kendallTerm(n: number): number {
  return n * (n - 1) * (2 * n + 5);
}

/** Σ t(t−1)(2t+5) over the groups of t equal values. */
function tieTerms(values: Sample): number {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    sum += kendallTerm(j - i);
    i = j;
  }
  return sum;
}

/**
 * Sorts `values` in place (a stable merge sort) and returns the pairs
 * i < j with values[i] > values[j] strictly: equal values are not inversions.
 */
function sortCountingInversions(values: Float64Array<ArrayBuffer>): number {
  const n = values.length;
  let from: Float64Array<ArrayBuffer> = values;
  let to = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start, j = mid, k = start;
      while (i < mid && j < end) {
        if (from[i] <= from[j]) to[k++] = from[i++];
        else {
          // Every value left in the left run is above this one.
          inversions += mid - i;
          to[k++] = from[j++];
        }
      }
      while (i < mid) to[k++] = from[i++];
      while (j < end) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
  return inversions;
}

/** numpy's `round`: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
