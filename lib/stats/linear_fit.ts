/**
 * Ordinary least squares: a straight line y ≈ a + b·x, as the seed's
 * scaling model reads threads against concurrent workers (threads ≈
 * a + b·workers), and the normal-equations solver the knee finder fits its
 * two-piece line with.
 *
 * @module
 */

import { assertFiniteSample, type Sample } from "./validate.ts";

/** The line of {@link linearFit}. */
export interface LinearFit {
  /** a in y ≈ a + b·x. */
  intercept: number;
  /** b in y ≈ a + b·x. */
  slope: number;
  /**
   * The share of y's variance the line explains, R² = 1 − SSE/SST; 1 when
   * y is constant (and the line fits it exactly).
   */
  r2: number;
  /** Points fitted. */
  n: number;
}

/**
 * Fits y ≈ a + b·x by ordinary least squares. It matches scipy's
 * `linregress(x, y)` (intercept, slope, rvalue²).
 *
 * @param x the explanatory values, finite, not all equal
 * @param y the values, finite, as many as x, at least 2
 * @returns the intercept, slope, R² and the number of points
 * @throws {RangeError} on fewer than 2 points, lengths that differ, a
 *   non-finite value, or every x equal (no line is defined)
 *
 * @example
 * ```ts
 * import { linearFit } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * // Threads against concurrent workers: 6 of the runtime's own, 2 a worker.
 * const fit = linearFit([0, 1, 2, 4], [6, 8, 10, 14]);
 * assertAlmostEquals(fit.intercept, 6, 1e-12);
 * assertAlmostEquals(fit.slope, 2, 1e-12);
 * assertAlmostEquals(fit.r2, 1, 1e-12);
 * ```
 */
export function linearFit(x: Sample, y: Sample): LinearFit {
  assertFiniteSample(x, "x");
  assertFiniteSample(y, "y");
  if (x.length !== y.length) {
    throw new RangeError(
      `x and y must have the same length, got ${x.length} and ${y.length}`,
    );
  }
  const n = x.length;
  if (n < 2) {
    throw new RangeError(`a line needs at least 2 points, got ${n}`);
  }
  if (Array.from(x).every((v) => v === x[0])) {
    throw new RangeError(
      `every x is ${x[0]}: a line through one x is not defined`,
    );
  }
  const xs = Array.from(x);
  const ys = Array.from(y);
  // Fitted on centred x: far from 0 (times, large counts) the normal
  // equations would otherwise lose the slope's digits to 1 + x².
  const xMean = xs.reduce((s, v) => s + v, 0) / n;
  const { beta, sse } = leastSquares(xs.map((v) => [1, v - xMean]), ys);
  const yMean = ys.reduce((s, v) => s + v, 0) / n;
  const sst = ys.reduce((s, v) => s + (v - yMean) ** 2, 0);
  return {
    intercept: beta[0] - beta[1] * xMean,
    slope: beta[1],
    r2: sst === 0 ? 1 : 1 - sse / sst,
    n,
  };
}

/**
 * Ordinary least squares by the normal equations (a few columns: a line,
 * the knee's two-piece line), with the columns scaled to unit size first to
 * keep them well conditioned when x runs to 10^5.
 *
 * @param design one row per point: the columns' values (1 for an intercept)
 * @param y the values
 * @returns the coefficients, one per column, and the residual sum of squares
 */
export function leastSquares(
  design: number[][],
  y: number[],
): { beta: number[]; sse: number } {
  const p = design[0].length;
  const scale = new Array(p).fill(0);
  for (const row of design) {
    row.forEach((v, j) => (scale[j] = Math.max(scale[j], Math.abs(v))));
  }
  for (let j = 0; j < p; j++) if (scale[j] === 0) scale[j] = 1;
  const a = Array.from({ length: p }, () => new Array(p + 1).fill(0));
  design.forEach((row, i) => {
    for (let j = 0; j < p; j++) {
      const vj = row[j] / scale[j];
      for (let k = 0; k < p; k++) a[j][k] += vj * (row[k] / scale[k]);
      a[j][p] += vj * y[i];
    }
  });
  const solution = solve(a);
  const beta = solution.map((b, j) => b / scale[j]);
  let sse = 0;
  design.forEach((row, i) => {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += row[j] * beta[j];
    sse += (y[i] - fitted) ** 2;
  });
  return { beta, sse };
}

/** Gaussian elimination with partial pivoting on an augmented matrix. */
function solve(a: number[][]): number[] {
  const p = a.length;
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) {
      if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    }
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const lead = a[col][col];
    if (lead === 0) continue;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const factor = a[r][col] / lead;
      for (let c = col; c <= p; c++) a[r][c] -= factor * a[col][c];
    }
  }
  return a.map((row, i) => (row[i] === 0 ? 0 : row[p] / row[i]));
}
