/**
 * Comparison: how much did a metric change, is the change real, and is it
 * big enough to matter — benchstat's question, answered with a ratio CI, a
 * test on the units that are independent (forks, not samples) and a noise
 * threshold as criterion.rs does. {@link compareForks} is the one engine:
 * `run`'s declared comparisons, `--baseline`, `looplab compare` and
 * {@link compareSamples} all call it.
 *
 * @module
 */

import {
  DEFAULT_LEVEL,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  hierarchicalReplicates,
} from "./bootstrap.ts";
import { studentTQuantile } from "./distributions.ts";
import { mannWhitneyU } from "./mann_whitney.ts";
import {
  adjustPValues,
  type Correction,
  DEFAULT_CORRECTION,
} from "./multiplicity.ts";
import { pairedTTest } from "./paired_t.ts";
import { createRandom } from "./prng.ts";
import { quantiles, quantileSorted } from "./quantile.ts";
import { meanOf } from "./summary.ts";
import { describeThinning, thinForks } from "./thin.ts";
import { assertFiniteSample, assertLevel, type Sample } from "./validate.ts";
import { welchTTest } from "./welch.ts";

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
 * import { assertEquals } from "@std/assert";
 * assertEquals(verdict(0.001, { lower: 1.08, upper: 1.12 }), "slower");
 * assertEquals(verdict(0.001, { lower: 0.995, upper: 1.004 }), "within noise");
 * assertEquals(verdict(0.4, { lower: 0.9, upper: 1.1 }), "no change");
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
  assertThreshold(threshold, "noise threshold");
  assertDirection(direction);
  if (p >= alpha) return "no change";
  const change = changeBeyond(ratio, threshold);
  if (change === null) return "within noise";
  return (change === "increased") === (direction === "bigger")
    ? "faster"
    : "slower";
}

/** What {@link isRegression} reads of a comparison. */
export interface RegressionCandidate {
  /** The comparison's verdict. */
  verdict: Verdict;
  /** Which way is better for the metric. */
  direction: Direction;
  /**
   * The ratio's interval; NaN or null endpoints (a change from zero, which
   * has no ratio; JSON writes NaN as null) mean there is none.
   */
  ratio: { lower: number | null; upper: number | null };
}

/** Options of {@link isRegression}. */
export interface RegressionOptions {
  /**
   * The comparison's p-value adjusted for the family the gate looks at
   * ({@link adjustPValues}); without it the verdict's own p decides alone.
   */
  adjustedP?: number;
  /** The level the adjusted p must fall below. @default 0.05 */
  alpha?: number;
}

/**
 * The CI gate's rule: is a comparison a regression by more than
 * `threshold`? It is when its verdict is "slower", its whole ratio CI lies
 * beyond the threshold on the worse side — the rule {@link verdict}
 * applies with its noise threshold, here applied with the gate's — and,
 * when the gate judged it among others, its adjusted p-value is below
 * alpha. A change from zero has no ratio and no relative threshold
 * applies: its "slower" verdict (with the adjusted p) is a regression.
 *
 * @param comparison the verdict, direction and ratio CI of one comparison
 * @param threshold the smallest relative worsening that counts, e.g. 0.05
 * @param options the adjusted p-value and the level it is held to
 * @returns whether the comparison is a regression
 * @throws {RangeError} on a negative or non-finite threshold, an unknown
 *   direction, an adjusted p outside [0, 1] or alpha outside (0, 1)
 *
 * @example
 * ```ts
 * import { isRegression } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const slower = {
 *   verdict: "slower" as const,
 *   direction: "smaller" as const,
 *   ratio: { lower: 1.03, upper: 1.08 },
 * };
 * assertEquals(isRegression(slower, 0.01), true);
 * assertEquals(isRegression(slower, 0.05), false); // the CI reaches 1.05
 * // Significant alone, but not among the family the gate looked at.
 * assertEquals(isRegression(slower, 0.01, { adjustedP: 0.4 }), false);
 * ```
 */
export function isRegression(
  comparison: RegressionCandidate,
  threshold: number,
  options: RegressionOptions = {},
): boolean {
  assertThreshold(threshold, "regression threshold");
  assertDirection(comparison.direction);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  assertLevel(alpha, "significance level alpha");
  const { adjustedP } = options;
  if (adjustedP !== undefined && !(adjustedP >= 0 && adjustedP <= 1)) {
    throw new RangeError(
      `adjusted p-value must be in [0, 1], got ${adjustedP}`,
    );
  }
  if (comparison.verdict !== "slower") return false;
  if (adjustedP !== undefined && !(adjustedP < alpha)) return false;
  const { lower, upper } = comparison.ratio;
  if (
    lower === null || upper === null || !Number.isFinite(lower) ||
    !Number.isFinite(upper)
  ) return true;
  const change = changeBeyond({ lower, upper }, threshold);
  return change !== null &&
    (change === "increased") === (comparison.direction === "smaller");
}

/** What {@link findRegressions} reads of a comparison. */
export interface GateCandidate extends RegressionCandidate {
  /** The comparison's own two-sided p-value. */
  p: number;
}

/** Options of {@link findRegressions}. */
export interface GateOptions {
  /** The smallest relative worsening that counts. @default 0.01 */
  threshold?: number;
  /** The family-wide significance level. @default 0.05 */
  alpha?: number;
  /** How the family's p-values are adjusted. @default "holm" */
  correction?: Correction;
}

/** A comparison the gate found worse, with the p-value it was judged on. */
export interface Regression<T extends GateCandidate> {
  /** The comparison, as given. */
  comparison: T;
  /** Its p-value adjusted over the family. */
  adjustedP: number;
}

/**
 * The CI gate: the comparisons that regressed, judged as one family. Every
 * comparison given is in the family (faster and unchanged ones too: each is
 * a test the gate read), the p-values are adjusted by `correction`, and each
 * comparison is then held to {@link isRegression} with its adjusted p.
 * Holm by default ({@link DEFAULT_CORRECTION} says why): a run with no
 * regression fails at most alpha of the time, however many comparisons it
 * holds.
 *
 * @param comparisons the family: every comparison the gate looks at
 * @param options threshold, alpha, correction
 * @returns the regressions, in the order given, each with its adjusted p
 * @throws {RangeError} on a p-value outside [0, 1] or a bad option
 *
 * @example
 * ```ts
 * import { findRegressions } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const unchanged = {
 *   verdict: "no change" as const,
 *   direction: "smaller" as const,
 *   ratio: { lower: 0.97, upper: 1.04 },
 *   p: 0.6,
 * };
 * const slower = (p: number) => ({
 *   verdict: "slower" as const,
 *   direction: "smaller" as const,
 *   ratio: { lower: 1.02, upper: 1.2 },
 *   p,
 * });
 * // Among 20 comparisons p = 0.02 is what chance gives; p = 0.0001 is not.
 * const family = [slower(0.02), slower(0.0001), ...Array(18).fill(unchanged)];
 * const found = findRegressions(family);
 * assertEquals(found.length, 1);
 * assertEquals(found[0].comparison.p, 0.0001);
 * assertEquals(found[0].adjustedP, 0.002);
 * ```
 */
export function findRegressions<T extends GateCandidate>(
  comparisons: readonly T[],
  options: GateOptions = {},
): Regression<T>[] {
  const threshold = options.threshold ?? DEFAULT_NOISE_THRESHOLD;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const adjusted = adjustPValues(
    comparisons.map((c) => c.p),
    options.correction ?? DEFAULT_CORRECTION,
  );
  const found: Regression<T>[] = [];
  comparisons.forEach((comparison, i) => {
    const adjustedP = adjusted[i];
    if (isRegression(comparison, threshold, { adjustedP, alpha })) {
      found.push({ comparison, adjustedP });
    }
  });
  return found;
}

/** Which side of 1 ± threshold the whole CI lies on, if either. */
function changeBeyond(
  ratio: { lower: number; upper: number },
  threshold: number,
): "increased" | "decreased" | null {
  if (ratio.lower > 1 + threshold) return "increased";
  if (ratio.upper < 1 - threshold) return "decreased";
  return null;
}

function assertThreshold(threshold: number, what: string): void {
  if (!(threshold >= 0) || !Number.isFinite(threshold)) {
    throw new RangeError(`${what} must be ≥ 0, got ${threshold}`);
  }
}

function assertDirection(direction: unknown): void {
  if (direction !== "smaller" && direction !== "bigger") {
    throw new RangeError(
      `direction must be "smaller" or "bigger", got ${
        JSON.stringify(direction)
      }`,
    );
  }
}

/**
 * How the forks of the two sides relate — the design of the experiment,
 * which decides the test. A discriminated union on `kind`, open to more
 * designs (blocks of both sides alternating within each fork): a new design
 * is a new member, and calls that name an existing one keep working.
 *
 * - `paired-rounds`: fork i of each side ran in the same round, one just
 *   before or after the other (as `run` interleaves declared comparisons);
 *   the test pairs them, which cancels the machine's slow drift. When the
 *   sides hold different numbers of forks, nothing pairs them and they are
 *   compared as `unpaired`.
 * - `unpaired`: the sides ran at different times (a baseline, `compare`).
 * - `interleaved`: fork i of each side is the same process, which ran the
 *   two in alternating blocks of `blockSamples` samples (round r of a side
 *   is its samples [r·blockSamples, (r+1)·blockSamples)). Each round gives
 *   a log ratio of the two blocks' medians, taken milliseconds apart; each
 *   fork's estimate is the median of its rounds' (from `fromRound[i]`, the
 *   first steady round, on); the forks' estimates, the independent units,
 *   go into a one-sample t. With one fork, the rounds do, with a warning.
 */
export type ComparisonDesign =
  | { kind: "interleaved"; blockSamples: number; fromRound?: readonly number[] }
  | { kind: "paired-rounds" }
  | { kind: "unpaired" };

/** The test behind a comparison's p-value and interval. */
export type ComparisonTest =
  | "t on interleaved fork log ratios"
  | "t on interleaved round log ratios"
  | "paired t on log fork medians"
  | "paired t on fork medians"
  | "welch t on log fork medians"
  | "welch t on fork medians"
  | "mann-whitney on pooled samples";

/** Options of {@link compareForks} and {@link compareSamples}. */
export interface CompareOptions extends VerdictOptions {
  /** Confidence level of the ratio's interval. @default 0.95 */
  level?: number;
  /** Bootstrap resamples, with one fork on a side. @default 1000 */
  resamples?: number;
  /** Seed of the resampling stream. @default 0x5eed */
  seed?: number;
}

/** The ratio candidate / base of the centres, with its interval. */
export interface RatioEstimate {
  /** candidate / base. */
  point: number;
  /** Lower endpoint (NaN when the centres were compared as a difference). */
  lower: number;
  /** Upper endpoint (NaN when the centres were compared as a difference). */
  upper: number;
  /** Confidence level. */
  level: number;
}

/** The result of {@link compareForks}. */
export interface Comparison {
  /** The base's centre: the geometric mean of its fork medians. */
  baseCentre: number;
  /** The candidate's centre, likewise. */
  candidateCentre: number;
  /** candidate / base, with its interval. */
  ratio: RatioEstimate;
  /** The test's two-sided p-value. */
  p: number;
  /** The test. */
  test: ComparisonTest;
  /** The verdict in the metric's direction. */
  verdict: Verdict;
  /** What limits the comparison, in words. */
  warnings: string[];
  /** Forks with samples on each side. */
  forks: { base: number; candidate: number };
  /** Samples on each side. */
  n: { base: number; candidate: number };
}

/**
 * Compares a candidate's samples with a base's, fork-aware: forks, not
 * samples, are the independent units, so the test works on the median of
 * each fork, on a log scale (a ratio becomes a difference).
 *
 * - `paired-rounds` design: a paired t-test ({@link pairedTTest}) on the
 *   per-round log ratios;
 * - `unpaired` design: Welch's t ({@link welchTTest}) on the log fork
 *   medians.
 *
 * The centres are the geometric means of the fork medians, and the ratio's
 * CI is the t interval on the log scale, exponentiated. With fewer than two
 * forks on a side there is no between-fork spread to test against: the
 * ratio CI then comes from a hierarchical bootstrap of each side's median
 * (a symmetric log interval that covers both percentile ends) and the
 * p-value from Mann–Whitney U on pooled samples, with a warning. Centres at
 * or below zero (counts of errors or drops can be 0) cannot form a ratio:
 * the same tests then run on the fork medians themselves, and the verdict
 * needs p < alpha and a difference CI that excludes 0.
 *
 * @param base samples per fork of the base (forks with no samples ignored)
 * @param candidate samples per fork of the candidate, likewise
 * @param design how the forks of the two sides relate
 * @param options level, resamples, seed, alpha, noise threshold, direction
 * @returns the centres, ratio, p, test, verdict and warnings
 * @throws {RangeError} on a side with no samples, a non-finite value, an
 *   unknown design or a bad option
 *
 * @example
 * ```ts
 * import { compareForks } from "@looplab/looplab/stats";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const base = [[100, 101], [130, 131], [90, 91], [110, 111], [105, 106]];
 * const candidate = base.map((fork) => fork.map((x) => x * 1.1));
 * const c = compareForks(base, candidate, { kind: "paired-rounds" });
 * assertEquals(c.test, "paired t on log fork medians");
 * assertAlmostEquals(c.ratio.point, 1.1, 1e-12);
 * assertEquals(c.verdict, "slower");
 * ```
 */
export function compareForks(
  base: readonly Sample[],
  candidate: readonly Sample[],
  design: ComparisonDesign,
  options: CompareOptions = {},
): Comparison {
  const kind = (design as { kind?: unknown } | undefined)?.kind;
  if (
    kind !== "paired-rounds" && kind !== "unpaired" && kind !== "interleaved"
  ) {
    throw new RangeError(
      `design.kind must be "interleaved", "paired-rounds" or "unpaired", got ${
        JSON.stringify(kind)
      }`,
    );
  }
  const level = options.level ?? DEFAULT_LEVEL;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const noiseThreshold = options.noiseThreshold ?? DEFAULT_NOISE_THRESHOLD;
  const direction = options.direction ?? "smaller";
  assertLevel(level);
  assertLevel(alpha, "significance level alpha");
  const a = withSamples(base, "base");
  const b = withSamples(candidate, "candidate");
  const ma = a.map((f) => quantiles(f, [0.5])[0]);
  const mb = b.map((f) => quantiles(f, [0.5])[0]);
  // Ratios need positive centres; a change from 0 is judged on the
  // difference instead.
  const positive = [...ma, ...mb].every((x) => x > 0);
  const warnings: string[] = [];
  let estimate: number;
  let half: number;
  let p: number;
  let test: ComparisonTest;
  let baseCentre: number;
  let candidateCentre: number;
  const interleaved = design.kind === "interleaved" ? design : null;
  const rounds = interleaved !== null && positive
    ? interleavedLogRatios(a, b, interleaved)
    : null;
  if (
    interleaved !== null && rounds !== null && rounds.some((f) => f.length > 0)
  ) {
    // Centres from the rounds the test reads (the steady ones), the test
    // on their ratios.
    const steady = (forks: number[][]) =>
      Math.exp(meanOf(forks.map((f, i) => {
        const from = Math.max(0, interleaved.fromRound?.[i] ?? 0) *
          interleaved.blockSamples;
        const kept = from < f.length ? f.slice(from) : f;
        return Math.log(quantiles(kept, [0.5])[0]);
      })));
    baseCentre = steady(a);
    candidateCentre = steady(b);
    const forks = rounds.filter((f) => f.length > 0);
    const units = forks.length >= 2
      ? forks.map((f) => quantiles(f, [0.5])[0])
      : forks[0];
    const t = pairedTTest(units, new Array(units.length).fill(0));
    estimate = t.meanDifference;
    p = t.p;
    half = t.standardError *
      studentTQuantile(1 - (1 - level) / 2, Math.max(t.df, 1e-9));
    if (forks.length >= 2) {
      test = "t on interleaved fork log ratios";
    } else {
      test = "t on interleaved round log ratios";
      warnings.push(
        "one fork: the test treats its rounds as independent and ignores " +
          "between-process variance",
      );
    }
  } else if (a.length >= 2 && b.length >= 2) {
    const scale = positive ? Math.log : (x: number) => x;
    const xa = ma.map(scale);
    const xb = mb.map(scale);
    // Interleaved forks with no usable round are still the same processes.
    const paired = design.kind !== "unpaired" && xa.length === xb.length;
    const t = paired ? pairedTTest(xb, xa) : welchTTest(xb, xa);
    estimate = t.meanDifference;
    p = t.p;
    half = t.standardError *
      studentTQuantile(1 - (1 - level) / 2, Math.max(t.df, 1e-9));
    test = `${paired ? "paired" : "welch"} t on ${
      positive ? "log fork medians" : "fork medians"
    }`;
    const centreOf = (xs: number[]) =>
      positive ? Math.exp(meanOf(xs)) : meanOf(xs);
    baseCentre = centreOf(xa);
    candidateCentre = centreOf(xb);
  } else {
    const seeds = createRandom(seed);
    // Each resample draws every sample: past the bound, thinned in order.
    const ta = thinForks(a);
    const tb = thinForks(b);
    for (const [side, t] of [["base", ta], ["candidate", tb]] as const) {
      if (t.kept < t.total) warnings.push(`${side}: ${describeThinning(t)}`);
    }
    const ra = hierarchicalReplicates(ta.forks, {
      resamples,
      seed: seeds.nextUint32(),
    });
    const rb = hierarchicalReplicates(tb.forks, {
      resamples,
      seed: seeds.nextUint32(),
    });
    const estimates = new Float64Array(resamples);
    for (let i = 0; i < estimates.length; i++) {
      estimates[i] = positive
        ? Math.log(rb.replicates[i] / ra.replicates[i])
        : rb.replicates[i] - ra.replicates[i];
    }
    estimates.sort();
    const tail = (1 - level) / 2;
    const lo = quantileSorted(estimates, tail);
    const hi = quantileSorted(estimates, 1 - tail);
    estimate = positive ? Math.log(rb.point / ra.point) : rb.point - ra.point;
    half = Math.max(estimate - lo, hi - estimate);
    p = mannWhitneyU(b.flat(), a.flat()).p;
    test = "mann-whitney on pooled samples";
    baseCentre = ra.point;
    candidateCentre = rb.point;
    warnings.push(
      "fewer than two forks on a side: the test treats samples as " +
        "independent and ignores between-process variance",
    );
  }
  let ratio: RatioEstimate;
  let result: Verdict;
  if (positive) {
    ratio = {
      point: Math.exp(estimate),
      lower: Math.exp(estimate - half),
      upper: Math.exp(estimate + half),
      level,
    };
    result = verdict(p, ratio, { alpha, noiseThreshold, direction });
    const change = Math.abs(ratio.point - 1);
    const halfWidth = (ratio.upper - ratio.lower) / 2;
    if (halfWidth > change && halfWidth > noiseThreshold) {
      warnings.push(
        `the CI (±${(halfWidth * 100).toFixed(1)}%) is wider than the ` +
          `change (${(change * 100).toFixed(1)}%): more forks or time would ` +
          "be needed to judge it",
      );
    }
  } else {
    ratio = {
      point: baseCentre === 0 ? NaN : candidateCentre / baseCentre,
      lower: NaN,
      upper: NaN,
      level,
    };
    const lower = estimate - half;
    const upper = estimate + half;
    const significant = p < alpha && (lower > 0 || upper < 0);
    result = !significant
      ? "no change"
      : (lower > 0) === (direction === "bigger")
      ? "faster"
      : "slower";
    warnings.push(
      "centres at or below zero: compared as a difference " +
        `(${significantDigits(estimate)} [${significantDigits(lower)}, ` +
        `${significantDigits(upper)}]), not a ratio`,
    );
  }
  return {
    baseCentre,
    candidateCentre,
    ratio,
    p,
    test,
    verdict: result,
    warnings,
    forks: { base: a.length, candidate: b.length },
    n: {
      base: a.reduce((n, f) => n + f.length, 0),
      candidate: b.reduce((n, f) => n + f.length, 0),
    },
  };
}

/**
 * Compares two flat samples: {@link compareForks} with one fork a side, so
 * a library user and `looplab compare` get their verdicts from the same
 * engine. One fork a side has no between-process spread: the ratio CI is a
 * bootstrap of the medians, the p-value Mann–Whitney U's, and the result
 * carries a warning saying so.
 *
 * @param base the reference sample
 * @param candidate the new sample
 * @param options level, resamples, seed, alpha, noise threshold, direction
 * @returns the comparison
 * @throws {RangeError} on empty or non-finite samples or bad options
 *
 * @example
 * ```ts
 * import { compareSamples } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const base = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11];
 * const slower = base.map((x) => x * 1.2);
 * const c = compareSamples(base, slower);
 * assertEquals(c.verdict, "slower");
 * assertEquals(c.test, "mann-whitney on pooled samples");
 * ```
 */
export function compareSamples(
  base: Sample,
  candidate: Sample,
  options: CompareOptions = {},
): Comparison {
  return compareForks([base], [candidate], { kind: "unpaired" }, options);
}

function withSamples(forks: readonly Sample[], side: string): number[][] {
  if (!Array.isArray(forks)) {
    throw new RangeError(
      `${side} must be an array of forks (arrays of samples)`,
    );
  }
  const kept: number[][] = [];
  forks.forEach((f, i) => {
    if (f.length === 0) return;
    assertFiniteSample(f, `${side}[${i}]`);
    kept.push(Array.from(f));
  });
  if (kept.length === 0) throw new RangeError(`${side} has no samples`);
  return kept;
}

function significantDigits(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);
}

/**
 * Per fork, the log ratio candidate / base of each round's block medians,
 * from the fork's first steady round on (see the `interleaved` design).
 */
function interleavedLogRatios(
  a: readonly Sample[],
  b: readonly Sample[],
  design: { blockSamples: number; fromRound?: readonly number[] },
): number[][] {
  const size = design.blockSamples;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(
      `design.blockSamples must be a positive integer, got ${size}`,
    );
  }
  if (a.length !== b.length) {
    throw new RangeError(
      `an interleaved design needs the same forks on both sides; got ` +
        `${a.length} base and ${b.length} candidate forks`,
    );
  }
  const median = (xs: Sample, from: number): number =>
    quantiles(Array.from({ length: size }, (_, i) => xs[from + i]), [0.5])[0];
  return a.map((fa, f) => {
    const fb = b[f];
    const count = Math.floor(Math.min(fa.length, fb.length) / size);
    const first = Math.max(0, design.fromRound?.[f] ?? 0);
    const out: number[] = [];
    for (let r = first; r < count; r++) {
      const ratio = median(fb, r * size) / median(fa, r * size);
      // A block median of 0 (a clock too coarse for it) has no log ratio.
      if (ratio > 0 && Number.isFinite(ratio)) out.push(Math.log(ratio));
    }
    return out;
  });
}
