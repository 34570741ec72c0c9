/**
 * The centre's interval: the median of samples that come in forks, with a
 * confidence interval that counts the spread between forks. `run` reports
 * it for every metric, and `analyze` for a single series (one fork).
 *
 * @module
 */

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED } from "./bootstrap.ts";
import { hierarchicalReplicates } from "./bootstrap.ts";
import { normalCdf, studentTQuantile } from "./distributions.ts";
import { quantileSorted } from "./quantile.ts";
import { assertLevel, type Sample } from "./validate.ts";

/**
 * Fewest resamples behind a centre's CI: the expanded percentile interval
 * reads the replicates at about 0.1% and 99.9% with five forks, which 1,000
 * replicates would leave to one or two order statistics.
 */
export const CENTRE_RESAMPLES = 4_000;

/**
 * The tail probability of the expanded percentile interval (Hesterberg
 * 2015, "What teachers should know about the bootstrap", §5.3): with n
 * independent units — here forks — a percentile interval is too narrow by
 * about √((n−1)/n)·z/t, so the tails are read at Φ(−√(n/(n−1))·t_{n−1})
 * instead of α/2. With one unit there is nothing to expand.
 *
 * @param level the confidence level, in (0, 1)
 * @param units the number of independent units (forks)
 * @returns the probability in each tail at which to read the replicates
 * @throws {RangeError} on a level outside (0, 1)
 *
 * @example
 * ```ts
 * import { expandedTail } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * // scipy: norm.cdf(-sqrt(5 / 4) * t.ppf(0.975, 4)) = 0.000954100551882
 * assertAlmostEquals(expandedTail(0.95, 5), 0.000954100551882, 1e-12);
 * assertEquals(expandedTail(0.95, 1), 0.025000000000000022);
 * ```
 */
export function expandedTail(level: number, units: number): number {
  assertLevel(level);
  const alpha = (1 - level) / 2;
  if (units < 2) return alpha;
  const t = studentTQuantile(1 - alpha, units - 1);
  return normalCdf(-Math.sqrt(units / (units - 1)) * t);
}

/** Options of {@link centreInterval}. */
export interface CentreIntervalOptions {
  /** Confidence level in (0, 1). @default 0.95 */
  level?: number;
  /**
   * Resamples; fewer than {@link CENTRE_RESAMPLES} are raised to it.
   * @default 4000
   */
  resamples?: number;
  /** Seed of the resampling stream. @default 0x5eed */
  seed?: number;
}

/**
 * What a centre's interval is: with one fork, the plain `"percentile"`
 * bootstrap interval; with more, the `"expanded percentile"` interval of
 * {@link expandedTail} over a hierarchical bootstrap.
 */
export type CentreIntervalMethod = "percentile" | "expanded percentile";

/** The result of {@link centreInterval}. */
export interface CentreInterval {
  /** The median of all samples. */
  point: number;
  /** Lower endpoint. */
  lower: number;
  /** Upper endpoint. */
  upper: number;
  /** Confidence level. */
  level: number;
  /** What the interval is: its tails expanded for few forks, or not. */
  method: CentreIntervalMethod;
  /** Forks behind the interval. */
  forks: number;
  /** Resamples behind the interval. */
  resamples: number;
  /**
   * False with one fork: the interval then reflects only the variance
   * within one process, not between processes.
   */
  includesBetweenForkVariance: boolean;
  /** Half the interval's width over |point| (0 when the point is 0). */
  relativeHalfWidth: number;
}

/**
 * The median of samples in forks, with a hierarchical bootstrap interval
 * (forks resampled, then samples within each) read at the expanded
 * percentile tails of {@link expandedTail}, since forks, not samples, are
 * the independent units and there are few of them. With one fork — a
 * single series — this is the plain percentile bootstrap of the median,
 * and says that it excludes between-process variance.
 *
 * @param forks one array of finite samples per fork, each non-empty
 * @param options level, resamples, seed
 * @returns the centre and its interval
 * @throws {RangeError} with no forks, an empty fork, a non-finite value or
 *   a bad option
 *
 * @example
 * ```ts
 * import { centreInterval } from "@looplab/looplab/stats";
 * import { assert, assertEquals } from "@std/assert";
 * const ci = centreInterval([[10, 11, 10], [12, 13, 12], [10, 10, 11]]);
 * assertEquals([ci.point, ci.forks], [11, 3]);
 * assertEquals(ci.method, "expanded percentile");
 * assert(ci.lower <= 11 && 11 <= ci.upper);
 * const one = centreInterval([[1, 2, 3]]);
 * assertEquals([one.method, one.includesBetweenForkVariance], ["percentile", false]);
 * ```
 */
export function centreInterval(
  forks: readonly Sample[],
  options: CentreIntervalOptions = {},
): CentreInterval {
  const level = options.level ?? DEFAULT_LEVEL;
  const tail = expandedTail(level, forks.length);
  const resamples = Math.max(
    options.resamples ?? DEFAULT_RESAMPLES,
    CENTRE_RESAMPLES,
  );
  const { point, replicates } = hierarchicalReplicates(forks, {
    resamples,
    seed: options.seed ?? DEFAULT_SEED,
  });
  replicates.sort();
  const lower = Math.min(quantileSorted(replicates, tail), point);
  const upper = Math.max(quantileSorted(replicates, 1 - tail), point);
  return {
    point,
    lower,
    upper,
    level,
    method: forks.length > 1 ? "expanded percentile" : "percentile",
    forks: forks.length,
    resamples,
    includesBetweenForkVariance: forks.length > 1,
    relativeHalfWidth: point !== 0 ? (upper - lower) / 2 / Math.abs(point) : 0,
  };
}
