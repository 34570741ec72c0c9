/**
 * A cost curve over a parameter (a sweep), read as what to report: the
 * growth class that fits it, and a knee only where the slope really changes.
 * A smooth n² curve "bends" everywhere and a flat, noisy one somewhere;
 * neither has a knee worth reporting.
 *
 * @module
 */

import { type ComplexityResult, fitComplexity } from "./complexity.ts";
import { findKnee, type Knee } from "./knee.ts";
import { assertFiniteSample, type Sample } from "./validate.ts";

/**
 * A growth class is fitted from three points or more: through two, a
 * one-parameter fit of every class ranks them by noise.
 */
export const MIN_FIT_POINTS = 3;
/**
 * Fewest points for a knee: three parameters and a breakpoint need six
 * points to leave any doubt.
 */
export const MIN_KNEE_POINTS = 6;
/** Family-wise significance of the knee's F-test over the breakpoints tried. */
const KNEE_ALPHA = 0.05;

/** The result of {@link analyzeCurve}. */
export interface CurveAnalysis {
  /**
   * The best-fitting growth class; null with fewer than
   * {@link MIN_FIT_POINTS} points, repeated x, an x below 1 or costs that
   * average 0.
   */
  complexity: ComplexityResult | null;
  /** A knee worth reporting, or null. */
  knee: Knee | null;
}

/**
 * Fits a growth class to a cost curve and keeps its knee only when it is
 * relevant. A knee is reported when the curve has at least
 * {@link MIN_KNEE_POINTS} distinct points and the two-piece fit:
 *
 * - is significant after Bonferroni over the n − 2 breakpoints tried
 *   (p < 0.05 / (n − 2));
 * - removes at least three quarters of a single line's squared error (noise
 *   around a flat curve also "bends" somewhere);
 * - has two points on each side of the knee;
 * - moves the curve: across one of its two segments it rises or falls by a
 *   quarter of the curve's mean;
 * - explains the curve at least twice as well (normalised RMS) as the best
 *   growth class, when there is one.
 *
 * Only a curve whose slope changes at a point — a capacity, a cache size —
 * passes all five.
 *
 * @param xs the parameter values (any order)
 * @param ys the cost at each x
 * @returns the growth class and the knee, each possibly null
 * @throws {RangeError} on arrays of different lengths or non-finite values
 *
 * @example
 * ```ts
 * import { analyzeCurve } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
 * const bend = analyzeCurve(xs, xs.map((x) => (x <= 512 ? x : 512 + 8 * (x - 512))));
 * assertAlmostEquals(bend.knee!.x, 512, 1);
 * const square = analyzeCurve(xs, xs.map((x) => x * x));
 * assertEquals(square.complexity?.best.complexity, "n^2");
 * assertEquals(square.knee, null);
 * ```
 */
export function analyzeCurve(xs: Sample, ys: Sample): CurveAnalysis {
  assertFiniteSample(xs, "xs");
  assertFiniteSample(ys, "ys");
  if (xs.length !== ys.length) {
    throw new RangeError(
      `xs and ys must have the same length, got ${xs.length} and ${ys.length}`,
    );
  }
  const x = Array.from(xs);
  const y = Array.from(ys);
  const distinct = new Set(x).size === x.length;
  const complexity = x.length >= MIN_FIT_POINTS && distinct &&
      x.every((v) => v >= 1) && y.reduce((s, v) => s + v, 0) !== 0
    ? fitComplexity(x, y)
    : null;
  return { complexity, knee: distinct ? relevantKnee(x, y, complexity) : null };
}

function relevantKnee(
  xs: number[],
  ys: number[],
  complexity: ComplexityResult | null,
): Knee | null {
  if (xs.length < MIN_KNEE_POINTS) return null;
  const knee = findKnee(xs, ys);
  const alpha = KNEE_ALPHA / (xs.length - 2);
  if (knee === null || !(knee.p < alpha) || knee.sse > 0.25 * knee.sseLine) {
    return null;
  }
  const before = xs.filter((x) => x < knee.x).length;
  const after = xs.filter((x) => x > knee.x).length;
  if (before < 2 || after < 2) return null;
  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const movement = Math.max(
    Math.abs(knee.slopeBefore) * (knee.x - lo),
    Math.abs(knee.slopeAfter) * (hi - knee.x),
  );
  if (movement < 0.25 * Math.abs(mean)) return null;
  if (complexity === null) return knee;
  const kneeRms = Math.sqrt(knee.sse / ys.length) / Math.abs(mean);
  return kneeRms * 2 <= complexity.best.rms ? knee : null;
}
