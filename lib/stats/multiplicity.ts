/**
 * Multiplicity: p-values adjusted for the family of tests they were read
 * with. A gate that looks at 81 comparisons, each at 5%, finds a "slower"
 * one in most healthy runs; judged on adjusted p-values it does so at most
 * 5% of the time. Holm's step-down (family-wise error) and
 * Benjamini–Hochberg's step-up (false discovery rate), as statsmodels'
 * `multipletests` computes them (`holm`, `fdr_bh`).
 *
 * @module
 */

/** The adjustments {@link adjustPValues} knows. */
export type Correction = "holm" | "benjamini-hochberg";

/**
 * The correction the CI gate uses unless told otherwise: Holm. A gate's
 * error is failing a build that has no regression. Holm bounds the chance
 * of that at alpha whatever the other comparisons are and however they
 * depend on each other (they share base cases and the machine's drift).
 * Benjamini–Hochberg bounds the expected share of false findings among the
 * findings instead; with nothing changed that is the same bound, but true
 * changes in the family loosen its bar for the rest: with 40 real
 * speed-ups among 81 comparisons, an unchanged metric at p = 0.02 that
 * happens to read slower passes it (adjusted p 0.040; Holm's 0.82), and a
 * build with no regression fails.
 */
export const DEFAULT_CORRECTION: Correction = "holm";

/**
 * Holm–Bonferroni step-down adjusted p-values: the i-th smallest of m is
 * multiplied by m − i + 1, made non-decreasing in that order and capped at
 * 1. Rejecting where the adjusted p is below alpha holds the family-wise
 * error rate at alpha under any dependence (Holm 1979); it rejects
 * everything Bonferroni does, and sometimes more.
 *
 * @param p the family's p-values, each in [0, 1]
 * @returns the adjusted p-values, in the order given
 * @throws {RangeError} on a p-value outside [0, 1], naming its index
 *
 * @example
 * ```ts
 * import { holmAdjust } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * // 0.01 × 4, then 0.02 × 3, then max(0.03 × 2, 0.06), then 0.5 × 1.
 * assertEquals(holmAdjust([0.03, 0.01, 0.5, 0.02]), [0.06, 0.04, 0.5, 0.06]);
 * ```
 */
export function holmAdjust(p: readonly number[]): number[] {
  const order = ascending(p);
  const m = p.length;
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[index]));
    adjusted[index] = running;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg step-up adjusted p-values (q-values): the i-th
 * smallest of m is multiplied by m / i, made non-decreasing from the
 * largest down and capped at 1. Rejecting where the adjusted p is below
 * alpha holds the expected share of false rejections among the rejections
 * at alpha, for independent or positively dependent tests (Benjamini &
 * Hochberg 1995; Benjamini & Yekutieli 2001).
 *
 * @param p the family's p-values, each in [0, 1]
 * @returns the adjusted p-values, in the order given
 * @throws {RangeError} on a p-value outside [0, 1], naming its index
 *
 * @example
 * ```ts
 * import { benjaminiHochbergAdjust } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * // 0.5 × 4/4; min(0.03 × 4/3, 0.5); 0.02 × 4/2; 0.01 × 4/1.
 * assertEquals(
 *   benjaminiHochbergAdjust([0.03, 0.01, 0.5, 0.02]),
 *   [0.04, 0.04, 0.5, 0.04],
 * );
 * ```
 */
export function benjaminiHochbergAdjust(p: readonly number[]): number[] {
  const order = ascending(p);
  const m = p.length;
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    running = Math.min(running, (m * p[index]) / (rank + 1));
    adjusted[index] = running;
  }
  return adjusted;
}

/**
 * Adjusts a family's p-values by the named correction.
 *
 * @param p the family's p-values, each in [0, 1]
 * @param correction which adjustment @default "holm"
 * @returns the adjusted p-values, in the order given
 * @throws {RangeError} on a p-value outside [0, 1] or an unknown correction
 *
 * @example
 * ```ts
 * import { adjustPValues } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(adjustPValues([0.01, 0.04]), [0.02, 0.04]);
 * assertEquals(adjustPValues([0.01, 0.04], "benjamini-hochberg"), [0.02, 0.04]);
 * ```
 */
export function adjustPValues(
  p: readonly number[],
  correction: Correction = DEFAULT_CORRECTION,
): number[] {
  if (correction === "holm") return holmAdjust(p);
  if (correction === "benjamini-hochberg") return benjaminiHochbergAdjust(p);
  throw new RangeError(
    `correction must be "holm" or "benjamini-hochberg", got ${
      JSON.stringify(correction)
    }`,
  );
}

/** Indices of `p` by ascending p-value, ties in the order given. */
function ascending(p: readonly number[]): number[] {
  if (!Array.isArray(p)) {
    throw new RangeError("p-values must be an array of numbers");
  }
  p.forEach((x, i) => {
    if (!(typeof x === "number" && x >= 0 && x <= 1)) {
      throw new RangeError(`p[${i}] must be in [0, 1], got ${x}`);
    }
  });
  return p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
}
