/**
 * Where does a cost curve bend? A knee finder by segmented regression: for
 * each interior point x_k, fit the continuous two-piece line
 * y = a + b·x + c·max(0, x − x_k) by least squares, and keep the breakpoint
 * with the smallest residual sum of squares. The slope is b before the knee
 * and b + c after it; a per-item cost that changes at a capacity shows up as
 * exactly such a bend in the total cost.
 *
 * The best grid point is then refined by a golden-section search for a
 * continuous breakpoint between its two neighbours, so the knee is found
 * within one grid step of the true change and usually much closer. Whether
 * the bend is real is judged by an F-test of the two-piece fit against a
 * single line (the breakpoint search makes that p-value optimistic; read it
 * as a screen, not a test).
 *
 * @module
 */

import { incompleteBeta } from "./distributions.ts";
import { leastSquares } from "./linear_fit.ts";
import { assertFiniteSample, type Sample } from "./validate.ts";

/** The result of {@link findKnee}. */
export interface Knee {
  /** The breakpoint, refined between the grid points around the best one. */
  x: number;
  /** The grid point (one of the x values given) that fitted best. */
  gridX: number;
  /** Index of that grid point in ascending-x order. */
  index: number;
  /** Slope before the knee. */
  slopeBefore: number;
  /** Slope after the knee. */
  slopeAfter: number;
  /** Residual sum of squares of the two-piece fit. */
  sse: number;
  /** Residual sum of squares of a single straight line. */
  sseLine: number;
  /** p-value of the F-test of the two-piece fit against one line. */
  p: number;
}

/**
 * Finds the breakpoint where the slope of y over x changes most clearly.
 *
 * @param xs the parameter values (any order; need not be evenly spaced)
 * @param ys the cost at each x
 * @returns the knee, or null when there are fewer than four points (a bend
 *   needs at least one interior point and one residual degree of freedom)
 * @throws {RangeError} on arrays of different lengths, non-finite values or
 *   repeated x values
 *
 * @example
 * ```ts
 * import { findKnee } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * const xs = Array.from({ length: 40 }, (_, i) => i * 50);
 * const ys = xs.map((x) => (x < 502 ? x : 502 + 4 * (x - 502)));
 * // Refined between grid points: the bend is found where it is, at 502.
 * assertAlmostEquals(findKnee(xs, ys)!.x, 502, 1);
 * ```
 */
export function findKnee(xs: Sample, ys: Sample): Knee | null {
  assertFiniteSample(xs, "xs");
  assertFiniteSample(ys, "ys");
  if (xs.length !== ys.length) {
    throw new RangeError(
      `xs and ys must have the same length, got ${xs.length} and ${ys.length}`,
    );
  }
  const n = xs.length;
  if (n < 4) return null;
  const order = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => xs[a] - xs[b]);
  const x = order.map((i) => xs[i]);
  const y = order.map((i) => ys[i]);
  for (let i = 1; i < n; i++) {
    if (x[i] === x[i - 1]) {
      throw new RangeError(`xs holds ${x[i]} twice; each x must be distinct`);
    }
  }
  const line = leastSquares(x.map((xi) => [1, xi]), y);
  const hinge = (at: number) =>
    leastSquares(x.map((xi) => [1, xi, Math.max(0, xi - at)]), y);
  let k = 1;
  let bestSse = Infinity;
  for (let i = 1; i < n - 1; i++) {
    const { sse } = hinge(x[i]);
    if (sse < bestSse) {
      bestSse = sse;
      k = i;
    }
  }
  // Golden-section search between the neighbours of the best grid point.
  let lo = x[k - 1];
  let hi = x[k + 1];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (
    let iteration = 0;
    iteration < 60 && hi - lo > 1e-9 * (hi - x[0]);
    iteration++
  ) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (hinge(a).sse <= hinge(b).sse) hi = b;
    else lo = a;
  }
  const refined = (lo + hi) / 2;
  const refinedFit = hinge(refined);
  const useRefined = refinedFit.sse <= bestSse;
  const fit = useRefined ? refinedFit : hinge(x[k]);
  return {
    x: useRefined ? refined : x[k],
    gridX: x[k],
    index: k,
    slopeBefore: fit.beta[1],
    slopeAfter: fit.beta[1] + fit.beta[2],
    sse: fit.sse,
    sseLine: line.sse,
    p: fTestP(line.sse, fit.sse, n - 3),
  };
}

/** P(F(1, df) ≥ f) for the extra-parameter F-test of nested fits. */
function fTestP(sseSmall: number, sseLarge: number, df: number): number {
  if (df <= 0) return NaN;
  if (sseLarge <= 0) return sseSmall > 0 ? 0 : 1;
  const f = (sseSmall - sseLarge) / (sseLarge / df);
  if (!(f > 0)) return 1;
  // F(1, df) tail via the incomplete beta: I_{df/(df+f)}(df/2, 1/2).
  return incompleteBeta(df / (df + f), df / 2, 0.5);
}
