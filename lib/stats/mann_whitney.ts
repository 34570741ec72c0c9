/**
 * The Mann–Whitney U test (Wilcoxon rank-sum): does one sample tend to hold
 * larger values than the other? Rank-based, so a few huge outliers in latency
 * data cannot swing it the way they swing a t-test.
 *
 * @module
 */

import { normalSf } from "./distributions.ts";
import { assertFiniteSample, type Sample } from "./validate.ts";

/** How the p-value was computed. */
export type MannWhitneyMethod = "exact" | "asymptotic";

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /**
   * "exact" uses the permutation distribution of U (no ties allowed);
   * "asymptotic" the normal approximation with tie and continuity
   * corrections; "auto" picks exact when there are no ties and
   * n₁·n₂ ≤ {@link MANN_WHITNEY_EXACT_MAX_PRODUCT}. @default "auto"
   */
  method?: MannWhitneyMethod | "auto";
}

/** The result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U for the first sample: pairs (x, y) with x > y, ties counting ½. */
  u: number;
  /** U for the second sample, n₁·n₂ − u. */
  uOther: number;
  /** Two-sided p-value. */
  p: number;
  /** How p was computed. */
  method: MannWhitneyMethod;
  /** The z statistic (asymptotic method only; NaN for exact). */
  z: number;
  /** Whether any value occurs more than once across both samples. */
  ties: boolean;
  /**
   * u / (n₁·n₂): the probability that a value of the first sample exceeds
   * one of the second (ties ½), a scale-free effect size; 0.5 is no effect.
   */
  probabilityOfSuperiority: number;
}

/**
 * Largest n₁·n₂ for which "auto" uses the exact distribution. Its cost grows
 * as (n₁·n₂)²/4 additions; at 2,500 (e.g. 50 × 50) that is ~1.6 M, well under
 * a millisecond, and the normal approximation is already good beyond it.
 */
export const MANN_WHITNEY_EXACT_MAX_PRODUCT = 2_500;

/**
 * Two-sided Mann–Whitney U test of `x` against `y`, matching scipy's
 * `mannwhitneyu(x, y, alternative="two-sided", use_continuity=True)`.
 *
 * @param x first sample, finite, at least one value
 * @param y second sample, finite, at least one value
 * @param options which p-value method
 * @returns U, the p-value and the method used
 * @throws {RangeError} on an empty or non-finite sample, an unknown method,
 *   or "exact" requested for data with ties
 *
 * @example
 * ```ts
 * import { mannWhitneyU } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const r = mannWhitneyU([1, 2, 3], [4, 5, 6, 7]);
 * assertEquals(r.u, 0);
 * assertEquals(r.method, "exact");
 * // Two of the C(7, 3) = 35 arrangements are as extreme (either tail).
 * assertAlmostEquals(r.p, 2 / 35, 1e-15);
 * ```
 */
export function mannWhitneyU(
  x: Sample,
  y: Sample,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  assertFiniteSample(x, "x");
  assertFiniteSample(y, "y");
  const requested = options.method ?? "auto";
  if (!["auto", "exact", "asymptotic"].includes(requested)) {
    throw new RangeError(
      `method must be "auto", "exact" or "asymptotic", got ${
        JSON.stringify(requested)
      }`,
    );
  }
  const n1 = x.length;
  const n2 = y.length;
  const { rankSumX, tieTerm } = rankSum(x, y);
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  const uOther = n1 * n2 - u;
  const ties = tieTerm > 0;
  if (requested === "exact" && ties) {
    throw new RangeError(
      "the exact Mann–Whitney distribution needs data without ties; " +
        'use method "asymptotic" or "auto"',
    );
  }
  const method: MannWhitneyMethod = requested === "auto"
    ? (!ties && n1 * n2 <= MANN_WHITNEY_EXACT_MAX_PRODUCT
      ? "exact"
      : "asymptotic")
    : requested;
  const probabilityOfSuperiority = u / (n1 * n2);
  if (method === "exact") {
    const p = Math.min(1, 2 * exactLowerTail(Math.min(u, uOther), n1, n2));
    return { u, uOther, p, method, z: NaN, ties, probabilityOfSuperiority };
  }
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * ((n + 1) - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) {
    // Every value tied: no evidence of a difference.
    return { u, uOther, p: 1, method, z: 0, ties, probabilityOfSuperiority };
  }
  const z = (Math.max(u, uOther) - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance);
  const p = Math.min(1, 2 * normalSf(z));
  return { u, uOther, p, method, z, ties, probabilityOfSuperiority };
}

/** Sum of x's mid-ranks in the pooled sample, and Σ(t³ − t) over tie runs. */
function rankSum(x: Sample, y: Sample): { rankSumX: number; tieTerm: number } {
  const n = x.length + y.length;
  const values = new Float64Array(n);
  values.set(Float64Array.from(x));
  values.set(Float64Array.from(y), x.length);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  let rankSumX = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const t = end - start;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (order[k] < x.length) rankSumX += midRank;
    }
    tieTerm += t * t * t - t;
    start = end;
  }
  return { rankSumX, tieTerm };
}

/**
 * P(U ≤ u) under the null, for samples of n1 and n2 without ties. Counts the
 * arrangements with f(i, j, u) = f(i − 1, j, u − j) + f(i, j − 1, u): only
 * additions of positive counts, so no cancellation even when the counts pass
 * 2^53, then divides by C(n1 + n2, n1).
 */
function exactLowerTail(u: number, n1: number, n2: number): number {
  // rows[j] holds f(i, j, ·) for the current i; start from i = 0.
  let rows: Float64Array[] = Array.from(
    { length: n2 + 1 },
    () => Float64Array.of(1),
  );
  for (let i = 1; i <= n1; i++) {
    const next: Float64Array[] = [Float64Array.of(1)]; // f(i, 0, ·) = [1]
    for (let j = 1; j <= n2; j++) {
      const f = new Float64Array(i * j + 1);
      const fromLeft = next[j - 1]; // f(i, j − 1, ·)
      const fromAbove = rows[j]; // f(i − 1, j, ·)
      for (let k = 0; k < fromLeft.length; k++) f[k] += fromLeft[k];
      for (let k = 0; k < fromAbove.length; k++) f[k + j] += fromAbove[k];
      next.push(f);
    }
    rows = next;
  }
  const counts = rows[n2];
  let total = 0;
  let tail = 0;
  for (let k = 0; k < counts.length; k++) {
    total += counts[k];
    if (k <= u) tail += counts[k];
  }
  return tail / total;
}
