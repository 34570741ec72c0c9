/**
 * Two-sample comparison: how much did a metric change, is the change real,
 * and is it big enough to matter — benchstat's question, answered with a
 * ratio CI, a rank test and a noise threshold as criterion.rs does.
 *
 * @module
 */

import {
  DEFAULT_LEVEL,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  resampleCentres,
} from "./bootstrap.ts";
import { type MannWhitneyResult, mannWhitneyU } from "./mann_whitney.ts";
import { createRandom } from "./prng.ts";
import { quantileSorted } from "./quantile.ts";
import { meanOf } from "./summary.ts";
import {
  assertFiniteSample,
  assertIntegerInRange,
  assertLevel,
  type Sample,
  sortedCopy,
} from "./validate.ts";
import { type WelchResult, welchTTest } from "./welch.ts";

/** Default significance level for verdicts. */
export const DEFAULT_ALPHA = 0.05;
/**
 * Default noise threshold: a significant change smaller than 1% is reported
 * as "within noise" (criterion.rs's default `noise_threshold` is 0.01).
 */
export const DEFAULT_NOISE_THRESHOLD = 0.01;

/** Which way is better for a metric. */
export type Direction = "smaller" | "bigger";

/**
 * The outcome of a comparison: "faster" and "slower" mean better and worse in
 * the metric's own direction (for throughput, bigger is faster).
 */
export type Verdict = "faster" | "slower" | "no change" | "within noise";

/** The ratio new / base of a centre, with a bootstrap CI. */
export interface RatioInterval {
  /** centre(candidate) / centre(base). */
  ratio: number;
  /** Lower endpoint. */
  lower: number;
  /** Upper endpoint. */
  upper: number;
  /** Confidence level. */
  level: number;
  /** Which centre. */
  centre: "mean" | "median";
  /** Resamples behind the interval. */
  resamples: number;
}

/** Options of {@link ratioOfCentres}. */
export interface RatioOptions {
  /** Which centre to compare. @default "median" */
  centre?: "mean" | "median";
  /** Confidence level. @default 0.95 */
  level?: number;
  /** Resamples per sample. @default 1000 */
  resamples?: number;
  /** Seed of the resampling stream. @default 0x5eed */
  seed?: number;
}

/**
 * The ratio of centres candidate / base with a percentile bootstrap CI: both
 * samples are resampled independently and the i-th replicates are divided.
 *
 * @param base the reference sample, finite, at least two values, centre ≠ 0
 * @param candidate the new sample, finite, at least two values
 * @param options centre, level, resamples, seed
 * @returns the ratio and its interval
 * @throws {RangeError} on bad samples or options, or a base centre of zero
 *
 * @example
 * ```ts
 * import { ratioOfCentres } from "@looplab/looplab/stats";
 * const r = ratioOfCentres([10, 11, 10, 12, 11], [20, 22, 21, 20, 23]);
 * r.ratio; // 2
 * ```
 */
export function ratioOfCentres(
  base: Sample,
  candidate: Sample,
  options: RatioOptions = {},
): RatioInterval {
  assertFiniteSample(base, "base", 2);
  assertFiniteSample(candidate, "candidate", 2);
  const centre = options.centre ?? "median";
  if (centre !== "mean" && centre !== "median") {
    throw new RangeError(
      `centre must be "mean" or "median", got ${JSON.stringify(centre)}`,
    );
  }
  const level = options.level ?? DEFAULT_LEVEL;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  assertLevel(level);
  assertIntegerInRange(resamples, "resamples", 10);
  const sortedBase = sortedCopy(base);
  const sortedCandidate = sortedCopy(candidate);
  const centreOf = (sorted: Float64Array): number =>
    centre === "mean" ? meanOf(sorted) : quantileSorted(sorted, 0.5);
  const baseCentre = centreOf(sortedBase);
  if (baseCentre === 0) {
    throw new RangeError(`the base sample's ${centre} is 0; a ratio needs ≠ 0`);
  }
  const random = createRandom(options.seed ?? DEFAULT_SEED);
  const a = resampleCentres(sortedBase, resamples, random);
  const b = resampleCentres(sortedCandidate, resamples, random);
  const pick = centre === "mean" ? "means" : "medians";
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) ratios[i] = b[pick][i] / a[pick][i];
  ratios.sort();
  const alpha = (1 - level) / 2;
  return {
    ratio: centreOf(sortedCandidate) / baseCentre,
    lower: quantileSorted(ratios, alpha),
    upper: quantileSorted(ratios, 1 - alpha),
    level,
    centre,
    resamples,
  };
}

/** Options of {@link verdict}. */
export interface VerdictOptions {
  /** Significance level. @default 0.05 */
  alpha?: number;
  /** Smallest relative change that matters. @default 0.01 */
  noiseThreshold?: number;
  /** Which way is better. @default "smaller" */
  direction?: Direction;
}

/**
 * Turns a p-value and a ratio CI into a verdict. Not significant (p ≥ alpha):
 * "no change". Significant, and the whole CI lies beyond the noise threshold
 * on one side (above 1 + t or below 1 − t): "faster" or "slower" according
 * to the direction. Significant but the CI reaches into ±t: "within noise".
 *
 * @param p the test's p-value
 * @param ratio the ratio CI (new / base)
 * @param options alpha, noise threshold, direction
 * @returns the verdict
 * @throws {RangeError} on a p outside [0, 1], alpha outside (0, 1) or a
 *   negative threshold
 *
 * @example
 * ```ts
 * import { verdict } from "@looplab/looplab/stats";
 * verdict(0.001, { lower: 1.08, upper: 1.12 }); // "slower"
 * verdict(0.001, { lower: 0.995, upper: 1.004 }); // "within noise"
 * verdict(0.4, { lower: 0.9, upper: 1.1 }); // "no change"
 * ```
 */
export function verdict(
  p: number,
  ratio: { lower: number; upper: number },
  options: VerdictOptions = {},
): Verdict {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const threshold = options.noiseThreshold ?? DEFAULT_NOISE_THRESHOLD;
  const direction = options.direction ?? "smaller";
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`p-value must be in [0, 1], got ${p}`);
  }
  assertLevel(alpha, "significance level alpha");
  if (!(threshold >= 0) || !Number.isFinite(threshold)) {
    throw new RangeError(`noise threshold must be ≥ 0, got ${threshold}`);
  }
  if (direction !== "smaller" && direction !== "bigger") {
    throw new RangeError(
      `direction must be "smaller" or "bigger", got ${
        JSON.stringify(direction)
      }`,
    );
  }
  if (p >= alpha) return "no change";
  const increased = ratio.lower > 1 + threshold;
  const decreased = ratio.upper < 1 - threshold;
  if (!increased && !decreased) return "within noise";
  return increased === (direction === "bigger") ? "faster" : "slower";
}

/** Options of {@link compareSamples}. */
export interface CompareOptions extends RatioOptions, VerdictOptions {
  /** Which test gives the p-value behind the verdict. @default "mann-whitney" */
  test?: "mann-whitney" | "welch";
}

/** The result of {@link compareSamples}. */
export interface Comparison {
  /** candidate / base of the chosen centre, with CI. */
  ratio: RatioInterval;
  /** The Mann–Whitney U test. */
  mannWhitney: MannWhitneyResult;
  /** Welch's t-test. */
  welch: WelchResult;
  /** The test whose p-value the verdict used. */
  test: "mann-whitney" | "welch";
  /** That p-value. */
  p: number;
  /** The verdict. */
  verdict: Verdict;
  /** Sample sizes. */
  n: { base: number; candidate: number };
}

/**
 * Compares a candidate sample with a base sample: ratio of centres with a
 * bootstrap CI, Mann–Whitney U and Welch's t p-values, and a verdict from
 * the chosen test (Mann–Whitney by default: latency is skewed and heavy
 * tailed, where the t-test's normality does not hold).
 *
 * @param base the reference sample
 * @param candidate the new sample
 * @param options ratio, verdict and test options
 * @returns the comparison
 * @throws {RangeError} on bad samples or options
 *
 * @example
 * ```ts
 * import { compareSamples } from "@looplab/looplab/stats";
 * const base = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11];
 * const slower = base.map((x) => x * 1.2);
 * compareSamples(base, slower).verdict; // "slower"
 * ```
 */
export function compareSamples(
  base: Sample,
  candidate: Sample,
  options: CompareOptions = {},
): Comparison {
  const test = options.test ?? "mann-whitney";
  if (test !== "mann-whitney" && test !== "welch") {
    throw new RangeError(
      `test must be "mann-whitney" or "welch", got ${JSON.stringify(test)}`,
    );
  }
  const ratio = ratioOfCentres(base, candidate, options);
  const mannWhitney = mannWhitneyU(candidate, base);
  const welch = welchTTest(candidate, base);
  const p = test === "welch" ? welch.p : mannWhitney.p;
  return {
    ratio,
    mannWhitney,
    welch,
    test,
    p,
    verdict: verdict(p, ratio, options),
    n: { base: base.length, candidate: candidate.length },
  };
}
