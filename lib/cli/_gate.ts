/**
 * The CI gate of `run --baseline`, `compare` and `revs`: which comparisons
 * are regressions, corrected for their number, and how each is said.
 *
 * @module
 */

import type { ComparisonRecord } from "../artifact/mod.ts";
import { terminalSafe } from "../report/mod.ts";
import {
  DEFAULT_CORRECTION,
  findRegressions,
  type Regression,
} from "../stats/mod.ts";

/**
 * The CI gate over a command's comparisons ({@link findRegressions}): the
 * family is every comparison given, its p-values adjusted by Holm; a
 * regression is verdict "slower", adjusted p below alpha, and the whole
 * ratio CI beyond 1 ± threshold on the bad side — or, for a change from
 * zero, which has no ratio, verdict "slower" and the adjusted p.
 *
 * @param comparisons the comparisons the gate looks at: its whole family
 * @param threshold the relative change that counts, e.g. 0.05
 * @param alpha the family-wide significance level
 * @returns the regressions, each with its adjusted p-value
 *
 * @example
 * ```ts
 * import { regressionsIn } from "./_gate.ts";
 * import type { ComparisonRecord } from "../artifact/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const slower = (p: number) => ({
 *   candidate: "suite/case", metric: "time", unit: "ns", p,
 *   verdict: "slower", direction: "smaller", baseCentre: 100,
 *   candidateCentre: 110, ratio: { point: 1.1, lower: 1.05, upper: 1.15 },
 * }) as ComparisonRecord;
 * const unchanged = { ...slower(0.5), verdict: "no change" } as const;
 * // Both "slower" ones are significant alone; among three comparisons
 * // Holm holds p = 0.03 to 0.05 / 2 (adjusted 0.06) and 0.001 to 0.05 / 3.
 * const found = regressionsIn(
 *   [slower(0.001), slower(0.03), unchanged],
 *   0.01,
 *   0.05,
 * );
 * assertEquals(found.map((r) => r.comparison.p), [0.001]);
 * assertEquals(found[0].adjustedP, 0.003);
 * ```
 */
export function regressionsIn(
  comparisons: readonly ComparisonRecord[],
  threshold: number,
  alpha: number,
): Regression<ComparisonRecord>[] {
  return findRegressions(comparisons, {
    threshold,
    alpha,
    correction: DEFAULT_CORRECTION,
  });
}

/**
 * One stderr line per regression, with the ratio, its CI, the comparison's
 * own p and the p the gate judged it on, adjusted over the family.
 *
 * @param regressions what {@link regressionsIn} found
 * @param family how many comparisons the gate looked at
 * @returns the lines, free of control characters from the artifacts
 *
 * @example
 * ```ts
 * import { regressionLines } from "./_gate.ts";
 * import type { ComparisonRecord } from "../artifact/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const comparison = {
 *   candidate: "suite/case", metric: "time", p: 0.001,
 *   ratio: { point: 1.1, lower: 1.05, upper: 1.15 },
 * } as ComparisonRecord;
 * assertEquals(regressionLines([{ comparison, adjustedP: 0.002 }], 2), [
 *   "regression: suite/case time is worse than the baseline (ratio 1.100, " +
 *   "CI 1.050–1.150, p 0.0010, adjusted p 0.0020 (holm, 2 comparisons))",
 * ]);
 * ```
 */
export function regressionLines(
  regressions: readonly Regression<ComparisonRecord>[],
  family: number,
): string[] {
  return regressions.map(({ comparison, adjustedP }) => {
    const r = terminalSafe(comparison);
    return `regression: ${r.candidate} ${r.metric} is worse than the ` +
      `baseline (ratio ${r.ratio.point.toFixed(3)}, CI ` +
      `${r.ratio.lower.toFixed(3)}–${r.ratio.upper.toFixed(3)}, ` +
      `p ${r.p.toPrecision(2)}, adjusted p ${adjustedP.toPrecision(2)} ` +
      `(${DEFAULT_CORRECTION}, ${family} comparisons))`;
  });
}

/**
 * Gates on comparisons: finds the regressions among them
 * ({@link regressionsIn}) and says each on stderr ({@link regressionLines}).
 *
 * @param comparisons the family the gate judges
 * @param threshold the smallest change that counts (a fraction)
 * @param alpha the family-wise significance level
 * @returns the regressions
 *
 * @example
 * ```ts ignore
 * if (gateRegressions(artifact.comparisons, 0.05, 0.05).length > 0) return 1;
 * ```
 */
export function gateRegressions(
  comparisons: readonly ComparisonRecord[],
  threshold: number,
  alpha: number,
): Regression<ComparisonRecord>[] {
  const regressions = regressionsIn(comparisons, threshold, alpha);
  for (const line of regressionLines(regressions, comparisons.length)) {
    console.error(line);
  }
  return regressions;
}
