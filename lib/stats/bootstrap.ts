/**
 * Bootstrap confidence intervals: percentile and BCa (bias-corrected and
 * accelerated, Efron 1987) for the mean, the median or any statistic, and a
 * hierarchical bootstrap over groups (forks) for between-process intervals.
 *
 * Every resample is drawn from a seeded xoshiro128** stream ({@link
 * createRandom}), so the same data, options and seed give the same interval.
 *
 * The mean and median are resampled without building resamples: on sorted
 * data a resample is a vector of counts, and one cumulative scan of the counts
 * yields both its mean and any of its quantiles. That is O(n) per resample
 * with no sort and no allocation.
 *
 * @module
 */

import { normalCdf, normalQuantile } from "./distributions.ts";
import { createRandom, type Random } from "./prng.ts";
import { quantileSorted } from "./quantile.ts";
import { meanOf } from "./summary.ts";
import {
  assertFiniteSample,
  assertIntegerInRange,
  assertLevel,
  type Sample,
  sortedCopy,
} from "./validate.ts";

/**
 * Default number of resamples. Efron & Tibshirani (1993, §19.3) find
 * B ≈ 1,000 enough for percentile and BCa intervals: the Monte Carlo error of
 * a 95% endpoint is then about 4% of the interval's half-width, small beside
 * the run-to-run spread of any benchmark (our coverage tests pass at this B).
 * Each resample of n samples costs n random draws, and those draws bound the
 * analysis time: 10,000 samples × 1,000 resamples is 10 M draws, about
 * 35 ms on our 2-core machines, where 2,000 would double it and criterion.rs's
 * 100,000 would take seconds.
 */
export const DEFAULT_RESAMPLES = 1_000;
/** Default confidence level. */
export const DEFAULT_LEVEL = 0.95;
/** Default seed, so that unseeded calls are still reproducible. */
export const DEFAULT_SEED = 0x5eed;
/**
 * The BCa acceleration comes from a jackknife, which costs one evaluation of
 * the statistic per left-out point. Above this many points a custom statistic
 * is jackknifed by leaving out groups instead (delete-d jackknife), which
 * estimates the same skewness at a bounded cost.
 */
export const JACKKNIFE_MAX_GROUPS = 400;

/** How the interval's endpoints are read from the bootstrap distribution. */
export type BootstrapMethod = "percentile" | "bca";

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of resamples. @default 1000 */
  resamples?: number;
  /** Confidence level in (0, 1). @default 0.95 */
  level?: number;
  /** Seed of the resampling stream. @default 0x5eed */
  seed?: number;
  /** Percentile or BCa endpoints. @default "bca" */
  method?: BootstrapMethod;
}

/** A point estimate with a confidence interval. */
export interface ConfidenceInterval {
  /** The statistic on the original sample. */
  point: number;
  /** Lower endpoint. */
  lower: number;
  /** Upper endpoint. */
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /**
   * How the endpoints were computed: a {@link BootstrapMethod}, or
   * `"expanded percentile"` for a centre's interval over several forks
   * (`centreInterval`).
   */
  method: BootstrapMethod | "expanded percentile";
  /** Number of resamples behind the interval. */
  resamples: number;
}

/** Bootstrap replicates of the mean and median of one sample. */
export interface CentreReplicates {
  /** One mean per resample. */
  means: Float64Array;
  /** One median per resample. */
  medians: Float64Array;
}

interface ResolvedOptions {
  resamples: number;
  level: number;
  seed: number;
  method: BootstrapMethod;
}

function resolve(options: BootstrapOptions = {}): ResolvedOptions {
  const resolved = {
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    level: options.level ?? DEFAULT_LEVEL,
    seed: options.seed ?? DEFAULT_SEED,
    method: options.method ?? "bca",
  };
  assertIntegerInRange(resolved.resamples, "resamples", 10);
  assertLevel(resolved.level);
  if (resolved.method !== "percentile" && resolved.method !== "bca") {
    throw new RangeError(
      `method must be "percentile" or "bca", got ${
        JSON.stringify(
          resolved.method,
        )
      }`,
    );
  }
  return resolved;
}

/**
 * Resamples a sorted sample `resamples` times and returns the mean and the
 * median of every resample. Used by the interval functions and by two-sample
 * comparisons, which pair replicates of two samples into a ratio.
 *
 * @param sorted finite observations in ascending order (unchecked)
 * @param resamples number of resamples
 * @param random the stream to draw from
 * @returns the replicates
 *
 * @example
 * ```ts
 * import { createRandom, resampleCentres } from "@looplab/looplab/stats";
 * import { assert, assertEquals } from "@std/assert";
 * const r = resampleCentres(new Float64Array([1, 2, 3, 4]), 100, createRandom(1));
 * assertEquals([r.means.length, r.medians.length], [100, 100]);
 * assert(r.means.every((m) => 1 <= m && m <= 4));
 * ```
 */
export function resampleCentres(
  sorted: Float64Array,
  resamples: number,
  random: Random,
): CentreReplicates {
  const n = sorted.length;
  const counts = new Int32Array(n);
  const draws = new Int32Array(n);
  const means = new Float64Array(resamples);
  const medians = new Float64Array(resamples);
  const medianRank = (n - 1) / 2;
  const lowRank = Math.floor(medianRank);
  const interpolate = medianRank !== lowRank;
  for (let r = 0; r < resamples; r++) {
    random.fillIndices(draws, n);
    for (let i = 0; i < n; i++) counts[draws[i]]++;
    // Walk the cumulative counts to the median's rank: about n/2 steps.
    let seen = 0;
    let i = 0;
    while (seen + counts[i] <= lowRank) seen += counts[i++];
    let median = sorted[i];
    if (interpolate && seen + counts[i] <= lowRank + 1) {
      let next = i + 1;
      while (counts[next] === 0) next++;
      median = (median + sorted[next]) / 2;
    }
    medians[r] = median;
    // One pass takes the mean and clears the counts for the next resample.
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += counts[k] * sorted[k];
      counts[k] = 0;
    }
    means[r] = sum / n;
  }
  return { means, medians };
}

/**
 * Confidence intervals for the mean and the median of one sample, from one
 * shared set of resamples.
 *
 * @param sample finite observations, at least two
 * @param options resamples, level, seed, method
 * @returns an interval for each centre
 * @throws {RangeError} on fewer than two values, a non-finite value, or a bad
 *   option
 *
 * @example
 * ```ts
 * import { bootstrapCentres } from "@looplab/looplab/stats";
 * import { assert, assertEquals } from "@std/assert";
 * const { mean, median } = bootstrapCentres([3, 1, 4, 1, 5, 9, 2, 6]);
 * assertEquals([mean.point, median.point], [3.875, 3.5]);
 * assert(mean.lower < mean.point && mean.point < mean.upper);
 * ```
 */
export function bootstrapCentres(
  sample: Sample,
  options?: BootstrapOptions,
): { mean: ConfidenceInterval; median: ConfidenceInterval } {
  assertFiniteSample(sample, "sample", 2);
  return bootstrapCentresSorted(sortedCopy(sample), options);
}

/**
 * {@link bootstrapCentres} for a sample already sorted and checked.
 *
 * @param sorted finite observations in ascending order, at least two
 * @param options resamples, level, seed, method
 * @returns an interval for each centre
 *
 * @example
 * ```ts
 * import { bootstrapCentresSorted } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const { median } = bootstrapCentresSorted(new Float64Array([1, 2, 3, 4, 5]));
 * assertEquals(median.point, 3);
 * ```
 */
export function bootstrapCentresSorted(
  sorted: Float64Array,
  options?: BootstrapOptions,
): { mean: ConfidenceInterval; median: ConfidenceInterval } {
  const o = resolve(options);
  const { means, medians } = resampleCentres(
    sorted,
    o.resamples,
    createRandom(o.seed),
  );
  const meanPoint = meanOf(sorted);
  const medianPoint = quantileSorted(sorted, 0.5);
  return {
    mean: intervalFrom(
      meanPoint,
      means,
      o,
      () => jackknifeMean(sorted, meanPoint),
    ),
    median: intervalFrom(
      medianPoint,
      medians,
      o,
      () => jackknifeMedian(sorted),
    ),
  };
}

/**
 * A confidence interval for any statistic of one sample. The statistic gets
 * each resample as a fresh Float64Array (in draw order) and must return a
 * finite number.
 *
 * @param sample finite observations, at least two
 * @param statistic the estimator, e.g. a trimmed mean or a p99
 * @param options resamples, level, seed, method
 * @returns the interval
 * @throws {RangeError} on bad input or when the statistic returns a
 *   non-finite value
 *
 * @example
 * ```ts
 * import { bootstrapInterval, quantiles } from "@looplab/looplab/stats";
 * import { assert, assertAlmostEquals } from "@std/assert";
 * const p90 = (xs: Float64Array) => quantiles(xs, [0.9])[0];
 * const ci = bootstrapInterval([5, 7, 6, 9, 12, 6, 5, 8], p90, {
 *   resamples: 500,
 * });
 * // The point is the statistic of the sample itself: type-7 p90 = 9.9.
 * assertAlmostEquals(ci.point, 9.9, 1e-12);
 * assert(ci.lower <= ci.point && ci.point <= ci.upper);
 * ```
 */
export function bootstrapInterval(
  sample: Sample,
  statistic: (resample: Float64Array) => number,
  options?: BootstrapOptions,
): ConfidenceInterval {
  assertFiniteSample(sample, "sample", 2);
  const o = resolve(options);
  const data = Float64Array.from(sample);
  const n = data.length;
  const evaluate = (xs: Float64Array): number => {
    const value = statistic(xs);
    if (!Number.isFinite(value)) {
      throw new RangeError(`statistic returned ${value}; it must be finite`);
    }
    return value;
  };
  const point = evaluate(Float64Array.from(data));
  const random = createRandom(o.seed);
  const replicates = new Float64Array(o.resamples);
  const draws = new Int32Array(n);
  for (let r = 0; r < o.resamples; r++) {
    random.fillIndices(draws, n);
    const resample = new Float64Array(n);
    for (let i = 0; i < n; i++) resample[i] = data[draws[i]];
    replicates[r] = evaluate(resample);
  }
  return intervalFrom(point, replicates, o, () => {
    const groups = Math.min(n, JACKKNIFE_MAX_GROUPS);
    const estimates = new Float64Array(groups);
    for (let g = 0; g < groups; g++) {
      const kept: number[] = [];
      for (let i = 0; i < n; i++) if (i % groups !== g) kept.push(data[i]);
      estimates[g] = evaluate(Float64Array.from(kept));
    }
    return estimates;
  });
}

/** Options of {@link hierarchicalBootstrap}. */
export interface HierarchicalBootstrapOptions {
  /** Number of resamples. @default 1000 */
  resamples?: number;
  /** Confidence level in (0, 1). @default 0.95 */
  level?: number;
  /** Seed of the resampling stream. @default 0x5eed */
  seed?: number;
  /** The centre of the pooled resample. @default "median" */
  statistic?: "mean" | "median";
}

/** The result of {@link hierarchicalBootstrap}. */
export interface HierarchicalInterval extends ConfidenceInterval {
  /** Number of groups (forks) resampled. */
  groups: number;
  /**
   * False when there was only one group: the interval then reflects only
   * within-group (within-process) variance.
   */
  includesBetweenGroupVariance: boolean;
}

/**
 * A two-level bootstrap for samples that come in groups (one group per fork):
 * each resample draws groups with replacement, then draws each chosen group's
 * samples with replacement, and takes the centre of everything drawn. The
 * interval so widens with the spread between forks, which a pooled bootstrap
 * would hide. Endpoints are percentiles: with a handful of groups a jackknife
 * acceleration would be noise.
 *
 * @param groups one array of finite samples per group, each non-empty
 * @param options resamples, level, seed, statistic
 * @returns the interval, with the number of groups
 * @throws {RangeError} when there are no groups, a group is empty or holds a
 *   non-finite value, or an option is out of range
 *
 * @example
 * ```ts
 * import { hierarchicalBootstrap } from "@looplab/looplab/stats";
 * import { assert, assertEquals } from "@std/assert";
 * const ci = hierarchicalBootstrap([[10, 11, 10], [12, 13, 12], [10, 10, 11]]);
 * assertEquals([ci.groups, ci.point], [3, 11]);
 * assert(ci.lower <= 11 && 11 <= ci.upper);
 * ```
 */
export function hierarchicalBootstrap(
  groups: readonly Sample[],
  options: HierarchicalBootstrapOptions = {},
): HierarchicalInterval {
  const { point, replicates } = hierarchicalReplicates(groups, options);
  const o = resolve({ ...options, method: "percentile" });
  return {
    ...intervalFrom(point, replicates, o, () => new Float64Array()),
    groups: groups.length,
    includesBetweenGroupVariance: groups.length > 1,
  };
}

/**
 * The replicates behind {@link hierarchicalBootstrap}: the statistic on the
 * original groups pooled, and on each two-level resample (unsorted, in draw
 * order). Comparisons divide two such sets into ratio replicates.
 *
 * @param groups one array of finite samples per group, each non-empty
 * @param options resamples, seed, statistic (level is not used)
 * @returns the point estimate and the replicates
 * @throws {RangeError} on empty or non-finite groups or bad options
 *
 * @example
 * ```ts
 * import { hierarchicalReplicates } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const r = hierarchicalReplicates([[1, 2], [3, 4]], { resamples: 100 });
 * assertEquals([r.point, r.replicates.length], [2.5, 100]);
 * ```
 */
export function hierarchicalReplicates(
  groups: readonly Sample[],
  options: HierarchicalBootstrapOptions = {},
): { point: number; replicates: Float64Array } {
  if (groups.length === 0) {
    throw new RangeError("groups is empty; need at least one group of samples");
  }
  const statistic = options.statistic ?? "median";
  if (statistic !== "mean" && statistic !== "median") {
    throw new RangeError(
      `statistic must be "mean" or "median", got ${JSON.stringify(statistic)}`,
    );
  }
  const o = resolve({ ...options, method: "percentile" });
  groups.forEach((g, i) => assertFiniteSample(g, `groups[${i}]`));

  // Pool the groups and give every pooled value its rank, so that a resample
  // is a vector of counts over ranks (see resampleCentres).
  const offsets = new Int32Array(groups.length + 1);
  groups.forEach((g, i) => (offsets[i + 1] = offsets[i] + g.length));
  const total = offsets[groups.length];
  const pooled = new Float64Array(total);
  groups.forEach((g, i) => pooled.set(Float64Array.from(g), offsets[i]));
  const order = Array.from({ length: total }, (_, i) => i)
    .sort((a, b) => pooled[a] - pooled[b]);
  const sorted = new Float64Array(total);
  const rankOf = new Int32Array(total);
  order.forEach((index, rank) => {
    sorted[rank] = pooled[index];
    rankOf[index] = rank;
  });

  const point = statistic === "mean"
    ? meanOf(sorted)
    : quantileSorted(sorted, 0.5);
  const random = createRandom(o.seed);
  const counts = new Int32Array(total);
  const replicates = new Float64Array(o.resamples);
  const g = groups.length;
  const draws = new Int32Array(Math.max(...groups.map((x) => x.length)));
  for (let r = 0; r < o.resamples; r++) {
    counts.fill(0);
    let drawn = 0;
    for (let k = 0; k < g; k++) {
      const chosen = random.nextInt(g);
      const start = offsets[chosen];
      const size = offsets[chosen + 1] - start;
      const picks = draws.subarray(0, size);
      random.fillIndices(picks, size);
      for (let i = 0; i < size; i++) counts[rankOf[start + picks[i]]]++;
      drawn += size;
    }
    replicates[r] = statistic === "mean"
      ? weightedMean(sorted, counts, drawn)
      : weightedMedian(sorted, counts, drawn);
  }
  return { point, replicates };
}

function weightedMean(
  sorted: Float64Array,
  counts: Int32Array,
  drawn: number,
): number {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += counts[i] * sorted[i];
  return sum / drawn;
}

function weightedMedian(
  sorted: Float64Array,
  counts: Int32Array,
  drawn: number,
): number {
  const rank = (drawn - 1) / 2;
  const lowRank = Math.floor(rank);
  let seen = 0;
  let low = NaN;
  for (let i = 0; i < sorted.length; i++) {
    const c = counts[i];
    if (c === 0) continue;
    if (Number.isNaN(low) && lowRank < seen + c) {
      low = sorted[i];
      if (rank === lowRank) return low;
    }
    if (lowRank + 1 < seen + c) return (low + sorted[i]) / 2;
    seen += c;
  }
  return low;
}

/** Leave-one-out means, each in O(1) from the total. */
function jackknifeMean(sorted: Float64Array, mean: number): Float64Array {
  const n = sorted.length;
  const total = mean * n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (total - sorted[i]) / (n - 1);
  return out;
}

/** Leave-one-out medians of sorted data, each in O(1). */
function jackknifeMedian(sorted: Float64Array): Float64Array {
  const n = sorted.length;
  const rank = (n - 2) / 2;
  const lo = Math.floor(rank);
  const weight = rank - lo;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Removing index i shifts every later order statistic down by one.
    const a = lo < i ? sorted[lo] : sorted[lo + 1];
    const b = lo + 1 < i ? sorted[lo + 1] : sorted[lo + 2];
    out[i] = weight === 0 ? a : a + weight * (b - a);
  }
  return out;
}

/**
 * Reads an interval off sorted replicates: percentiles, or BCa percentiles
 * shifted by the bias correction z0 and the acceleration a from a jackknife.
 */
function intervalFrom(
  point: number,
  replicates: Float64Array,
  o: ResolvedOptions,
  jackknife: () => Float64Array,
): ConfidenceInterval {
  replicates.sort();
  const b = replicates.length;
  const alpha = (1 - o.level) / 2;
  let lowP = alpha;
  let highP = 1 - alpha;
  if (o.method === "bca" && replicates[0] !== replicates[b - 1]) {
    let below = 0;
    let equal = 0;
    for (let i = 0; i < b; i++) {
      if (replicates[i] < point) below++;
      else if (replicates[i] === point) equal++;
    }
    // Ties count half (discrete statistics such as the median tie often);
    // the clamp keeps z0 finite when every replicate falls on one side.
    const share = Math.min(
      Math.max((below + equal / 2) / b, 0.5 / b),
      1 - 0.5 / b,
    );
    const z0 = normalQuantile(share);
    const a = acceleration(jackknife());
    const adjust = (p: number): number => {
      const z = z0 + normalQuantile(p);
      return normalCdf(z0 + z / (1 - a * z));
    };
    lowP = adjust(alpha);
    highP = adjust(1 - alpha);
  }
  return {
    point,
    lower: Math.min(quantileSorted(replicates, lowP), point),
    upper: Math.max(quantileSorted(replicates, highP), point),
    level: o.level,
    method: o.method,
    resamples: b,
  };
}

/** Efron's acceleration: the skewness of the jackknife influence values. */
function acceleration(estimates: Float64Array): number {
  if (estimates.length < 3) return 0;
  const centre = meanOf(estimates);
  let squares = 0;
  let cubes = 0;
  for (let i = 0; i < estimates.length; i++) {
    const d = centre - estimates[i];
    squares += d * d;
    cubes += d * d * d;
  }
  return squares === 0 ? 0 : cubes / (6 * Math.pow(squares, 1.5));
}
