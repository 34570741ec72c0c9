/**
 * Which growth class fits a curve best — constant, log n, n, n log n, n², n³
 * — by least squares through the origin, as Google Benchmark's
 * `MinimalLeastSq` does: for each class g, the coefficient is
 * Σ y·g(n) / Σ g(n)², and the fit's error is the RMS of the residuals
 * divided by the mean of y. The class with the lowest normalised RMS wins.
 *
 * @module
 */

import { assertFiniteSample, type Sample } from "./validate.ts";

/** A growth class of a cost curve. */
export type ComplexityClass = "1" | "log n" | "n" | "n log n" | "n^2" | "n^3";

/** The classes tried, in order of growth. */
export const COMPLEXITY_CLASSES: readonly ComplexityClass[] = [
  "1",
  "log n",
  "n",
  "n log n",
  "n^2",
  "n^3",
];

const GROWTH: Record<ComplexityClass, (n: number) => number> = {
  "1": () => 1,
  "log n": (n) => Math.log2(n),
  "n": (n) => n,
  "n log n": (n) => n * Math.log2(n),
  "n^2": (n) => n * n,
  "n^3": (n) => n * n * n,
};

/**
 * The growth function of a class at n: 1, log₂ n, n, n·log₂ n, n², n³.
 *
 * @param complexity the class
 * @param n the size, ≥ 1
 * @returns g(n)
 *
 * @example
 * ```ts
 * import { complexityGrowth } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(complexityGrowth("n log n", 8), 24);
 * ```
 */
export function complexityGrowth(
  complexity: ComplexityClass,
  n: number,
): number {
  return GROWTH[complexity](n);
}

/** One class's fit. */
export interface ComplexityFit {
  /** The class. */
  complexity: ComplexityClass;
  /** The least-squares coefficient: y ≈ coefficient · g(n). */
  coefficient: number;
  /** RMS of the residuals divided by the mean of y. */
  rms: number;
}

/** The result of {@link fitComplexity}. */
export interface ComplexityResult {
  /** The class with the lowest normalised RMS. */
  best: ComplexityFit;
  /** Every class's fit, in {@link COMPLEXITY_CLASSES} order. */
  fits: ComplexityFit[];
}

/**
 * Fits every growth class to the points (n, y) and names the best.
 *
 * @param sizes the parameter n at each point, each ≥ 1 (log n must be ≥ 0)
 * @param costs the measured cost at each point (time, bytes, …), mean ≠ 0
 * @returns the best fit and all fits
 * @throws {RangeError} on fewer than two points, arrays of different
 *   lengths, a size below 1, or non-finite values
 *
 * @example
 * ```ts
 * import { fitComplexity } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const n = [1000, 2000, 4000, 8000, 16000];
 * const fit = fitComplexity(n, n.map((x) => 3e-6 * x * x));
 * assertEquals(fit.best.complexity, "n^2");
 * ```
 */
export function fitComplexity(
  sizes: Sample,
  costs: Sample,
): ComplexityResult {
  assertFiniteSample(sizes, "sizes", 2);
  assertFiniteSample(costs, "costs", 2);
  if (sizes.length !== costs.length) {
    throw new RangeError(
      `sizes and costs must have the same length, got ${sizes.length} and ${costs.length}`,
    );
  }
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] < 1) {
      throw new RangeError(`sizes[${i}] is ${sizes[i]}; sizes must be ≥ 1`);
    }
  }
  let meanCost = 0;
  for (let i = 0; i < costs.length; i++) meanCost += costs[i];
  meanCost /= costs.length;
  if (meanCost === 0) {
    throw new RangeError("costs average 0; the normalised RMS is undefined");
  }
  const fits = COMPLEXITY_CLASSES.map((complexity): ComplexityFit => {
    const g = GROWTH[complexity];
    let sumYG = 0;
    let sumGG = 0;
    for (let i = 0; i < sizes.length; i++) {
      const gi = g(sizes[i]);
      sumYG += costs[i] * gi;
      sumGG += gi * gi;
    }
    const coefficient = sumGG === 0 ? 0 : sumYG / sumGG;
    let squares = 0;
    for (let i = 0; i < sizes.length; i++) {
      const r = costs[i] - coefficient * g(sizes[i]);
      squares += r * r;
    }
    const rms = Math.sqrt(squares / sizes.length) / Math.abs(meanCost);
    return { complexity, coefficient, rms };
  });
  const best = fits.reduce((a, b) => (b.rms < a.rms ? b : a));
  return { best, fits };
}
