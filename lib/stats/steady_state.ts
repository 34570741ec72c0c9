/**
 * Has a fork reached a steady state? The classification of Barrett et al.
 * ("Virtual Machine Warmup Blows Hot and Cold", OOPSLA 2017) for one fork's
 * time-ordered samples, as one pipeline: set outliers aside → find
 * changepoints → merge equivalent segments → classify.
 *
 * - **Outliers** (their rule): a sample outside median ± 3·(p90 − p10) of
 *   the centred window of {@link DEFAULT_OUTLIER_WINDOW} samples around it
 *   is set aside for the detection only. Samples in the first half-window
 *   are never outliers: that is where a warm-up lives, and a window there
 *   would not be full.
 * - **Changepoints**: binary segmentation on the normal mean-and-variance
 *   cost (m·ln σ̂² for a segment of m samples: the cost Barrett et al. give
 *   PELT), splitting while a split lowers the cost by more than the penalty
 *   {@link DEFAULT_PENALTY_FACTOR}·ln(n). Not PELT: PELT prunes only where
 *   changepoints are many, so on a flat fork — the common case — it is
 *   quadratic (≈ 50 million segment costs for 10,000 samples), while binary
 *   segmentation reads each sample once per level of splitting. Its one
 *   weakness, a short middle segment whose best single split does not pay
 *   the penalty, is the shape the outlier step already removes. The variance
 *   has a floor of q²/12, q the smallest gap between distinct values: a
 *   timer's quantisation noise, below which a run of equal readings would
 *   otherwise look infinitely steady.
 * - **Equivalence**: adjacent segments are merged when their means differ
 *   by at most `equivalence` × the fastest segment's mean (Barrett et al.'s
 *   delta, as a share of the fastest segment) or by less than three standard
 *   errors of the difference. Barrett et al. widen each mean by its
 *   segment's variance, negligible in their unit (seconds) and not
 *   commensurable with a mean in ours; a standard deviation would call a
 *   20% warm-up under 15% noise flat, while a standard error only stops a
 *   short segment's uncertain mean (a spike's neighbours) from deciding the
 *   class.
 * - **Classes**: one segment → `flat`; a last segment shorter than
 *   `steadyShare` of the series (Barrett et al.'s final 500 of 2,000
 *   iterations) or than {@link MIN_STEADY_SAMPLES} → `no steady state`;
 *   otherwise `slowdown` when any earlier segment was faster than the last,
 *   else `warmup`. A series shorter than {@link MIN_STEADY_SAMPLES} cannot
 *   show a steady state and is classed `no steady state`.
 *
 * @module
 */

import { DEFAULT_NOISE_THRESHOLD } from "./compare.ts";
import { quantileSorted } from "./quantile.ts";
import {
  assertFiniteSample,
  assertIntegerInRange,
  type Sample,
} from "./validate.ts";

/** A fork's class, in Barrett et al.'s vocabulary. */
export type SteadyStateClass =
  | "flat"
  | "warmup"
  | "slowdown"
  | "no steady state";

/** One segment between changepoints, in the series' own indexing. */
export interface SteadySegment {
  /** Index of its first sample. */
  start: number;
  /** Index one past its last sample. */
  end: number;
  /** Mean of its samples that are not outliers. */
  mean: number;
}

/** The result of {@link classifySteadyState}. */
export interface SteadyState {
  /** The fork's class. */
  class: SteadyStateClass;
  /**
   * Index of the first sample of the steady (last) segment; null when there
   * is no steady state.
   */
  steadyFrom: number | null;
  /** Index of the first sample of each segment after the first. */
  changepoints: number[];
  /** The segments, equivalent neighbours merged, covering the series. */
  segments: SteadySegment[];
}

/** Options of {@link classifySteadyState}. */
export interface SteadyStateOptions {
  /** Samples in the window that judges outliers. @default 200 */
  outlierWindow?: number;
  /** The penalty per changepoint, in units of ln(n). @default 15 */
  penaltyFactor?: number;
  /**
   * Segments whose means differ by at most this share of the fastest
   * segment's mean are equivalent. @default 0.01
   */
  equivalence?: number;
  /**
   * The share of the series the steady segment must cover at least.
   * @default 0.25
   */
  steadyShare?: number;
}

/** Barrett et al.'s outlier window: 200 in-process iterations. */
export const DEFAULT_OUTLIER_WINDOW = 200;
/** Barrett et al.'s outlier bound: median ± 3·(p90 − p10). */
const OUTLIER_SPREADS = 3;
/** Barrett et al.'s PELT penalty: 15·ln(n). */
export const DEFAULT_PENALTY_FACTOR = 15;
/**
 * Equivalent segments differ by at most 1% of the fastest mean: the
 * comparison engine's noise threshold, below which a change is "within
 * noise" there too.
 */
export const DEFAULT_EQUIVALENCE: number = DEFAULT_NOISE_THRESHOLD;
/**
 * The steady segment covers at least the last quarter of the series:
 * Barrett et al. required a steady state before the last 500 of 2,000
 * iterations.
 */
export const DEFAULT_STEADY_SHARE = 0.25;
/**
 * Fewest samples a steady segment can have: fewer cannot tell a steady
 * state from the tail of a warm-up (issue 13 saw forks of 10 samples all
 * taken before the JIT settled).
 */
export const MIN_STEADY_SAMPLES = 10;
/**
 * Two segments whose means differ by less than three standard errors of
 * the difference are equivalent, however far apart: a short segment's mean
 * is too uncertain to call it slower or faster than its neighbour.
 */
const EQUIVALENT_ERRORS = 3;
/**
 * Fewest samples in a segment: a variance from fewer is too noisy to weigh
 * against the penalty.
 */
const MIN_SEGMENT = 5;

/**
 * Classifies one fork's time-ordered samples as `flat`, `warmup`,
 * `slowdown` or `no steady state`, with the changepoints found and where
 * the steady segment starts (see the module doc for the method). Outliers
 * are set aside only to find the changepoints; every index refers to the
 * series as given.
 *
 * @param samples one fork's samples in time order (ns per call: bigger is
 *   slower), at least one, all finite
 * @param options the outlier window, penalty, equivalence and steady share
 * @returns the class, the steady segment's start and the segments
 * @throws {RangeError} on an empty or non-finite series or a bad option
 *
 * @example
 * ```ts
 * import { classifySteadyState } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const jitter = [0, 1, -1, 2, -2];
 * const fork = Array.from(
 *   { length: 400 },
 *   (_, i) => (i < 60 ? 150 : 100) + jitter[i % 5],
 * );
 * const s = classifySteadyState(fork);
 * assertEquals([s.class, s.steadyFrom, s.changepoints], ["warmup", 60, [60]]);
 * assertEquals(s.segments.map((g) => g.mean), [150, 100]);
 * ```
 */
export function classifySteadyState(
  samples: Sample,
  options: SteadyStateOptions = {},
): SteadyState {
  assertFiniteSample(samples, "samples");
  const window = options.outlierWindow ?? DEFAULT_OUTLIER_WINDOW;
  assertIntegerInRange(window, "outlierWindow", 2);
  const penaltyFactor = options.penaltyFactor ?? DEFAULT_PENALTY_FACTOR;
  if (!(penaltyFactor > 0 && Number.isFinite(penaltyFactor))) {
    throw new RangeError(
      `penaltyFactor must be a finite number > 0, got ${penaltyFactor}`,
    );
  }
  const equivalence = options.equivalence ?? DEFAULT_EQUIVALENCE;
  if (!(equivalence >= 0 && Number.isFinite(equivalence))) {
    throw new RangeError(
      `equivalence must be a finite number ≥ 0, got ${equivalence}`,
    );
  }
  const steadyShare = options.steadyShare ?? DEFAULT_STEADY_SHARE;
  if (!(steadyShare > 0 && steadyShare <= 1)) {
    throw new RangeError(`steadyShare must be in (0, 1], got ${steadyShare}`);
  }

  const n = samples.length;
  const kept = keptIndices(samples, window);
  const values = new Float64Array(kept.length);
  for (let k = 0; k < kept.length; k++) values[k] = samples[kept[k]];
  const cuts = changepoints(values, penaltyFactor * Math.log(values.length));
  const { segments, fasterBefore } = mergeEquivalent(
    values,
    kept,
    cuts,
    n,
    equivalence,
  );

  const steady = segments[segments.length - 1];
  const needed = Math.max(MIN_STEADY_SAMPLES, Math.ceil(steadyShare * n));
  const changepointsFound = segments.slice(1).map((s) => s.start);
  if (steady.end - steady.start < needed) {
    return {
      class: "no steady state",
      steadyFrom: null,
      changepoints: changepointsFound,
      segments,
    };
  }
  return {
    class: segments.length === 1
      ? "flat"
      : fasterBefore
      ? "slowdown"
      : "warmup",
    steadyFrom: steady.start,
    changepoints: changepointsFound,
    segments,
  };
}

/**
 * The indices of the samples that are not outliers: outside median ±
 * 3·(p90 − p10) of the centred window around them. A sorted copy of the
 * window slides along, one insertion and one removal per sample.
 */
function keptIndices(samples: Sample, outlierWindow: number): Int32Array {
  const n = samples.length;
  const half = Math.floor(Math.min(outlierWindow, n) / 2);
  if (half === 0) return Int32Array.of(0); // one sample: nothing to judge it by
  const sorted = new Float64Array(2 * half);
  let size = 0;
  const insert = (x: number) => {
    const at = lowerBound(sorted, size, x);
    sorted.copyWithin(at + 1, at, size);
    sorted[at] = x;
    size++;
  };
  const remove = (x: number) => {
    const at = lowerBound(sorted, size, x);
    sorted.copyWithin(at, at + 1, size);
    size--;
  };
  const kept = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < Math.min(half, n); i++) kept[count++] = i;
  for (let i = 0; i < Math.min(2 * half, n); i++) insert(samples[i]);
  for (let i = half; i < n; i++) {
    if (i > half) {
      remove(samples[i - half - 1]);
      if (i + half <= n) insert(samples[i + half - 1]);
    }
    const window = size === sorted.length ? sorted : sorted.subarray(0, size);
    const median = quantileSorted(window, 0.5);
    const bound = OUTLIER_SPREADS *
      (quantileSorted(window, 0.9) - quantileSorted(window, 0.1));
    const x = samples[i];
    if (x >= median - bound && x <= median + bound) kept[count++] = i;
  }
  return kept.slice(0, count);
}

/** The first position in `sorted[0, size)` holding a value ≥ x. */
function lowerBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0, hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The changepoints of `values` (positions where a segment starts, sorted)
 * by binary segmentation on the normal mean-and-variance cost.
 */
function changepoints(values: Float64Array, penalty: number): number[] {
  const n = values.length;
  if (n < 2 * MIN_SEGMENT) return [];
  const sorted = Float64Array.from(values).sort();
  let gap = Infinity;
  for (let i = 1; i < n; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0 && d < gap) gap = d;
  }
  if (gap === Infinity) return []; // every value equal: nothing changes
  const floor = (gap * gap) / 12;
  // Prefix sums of values centred on their mean, so that the variance of a
  // segment is not the difference of two large, nearly equal numbers.
  const centre = sorted[n >>> 1];
  const sums = new Float64Array(n + 1);
  const squares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const x = values[i] - centre;
    sums[i + 1] = sums[i] + x;
    squares[i + 1] = squares[i] + x * x;
  }
  const cost = (a: number, b: number): number => {
    const m = b - a;
    const s = sums[b] - sums[a];
    const variance = (squares[b] - squares[a] - (s * s) / m) / m;
    return m * Math.log(Math.max(variance, floor));
  };
  const found: number[] = [];
  const pending: number[] = [0, n];
  while (pending.length > 0) {
    const b = pending.pop()!, a = pending.pop()!;
    if (b - a < 2 * MIN_SEGMENT) continue;
    const whole = cost(a, b);
    let best = -1, bestGain = penalty;
    // The hot loop: both costs written out, no call per split.
    for (let t = a + MIN_SEGMENT; t <= b - MIN_SEGMENT; t++) {
      const m1 = t - a, m2 = b - t;
      const s1 = sums[t] - sums[a], s2 = sums[b] - sums[t];
      const v1 = (squares[t] - squares[a] - (s1 * s1) / m1) / m1;
      const v2 = (squares[b] - squares[t] - (s2 * s2) / m2) / m2;
      const gain = whole - m1 * Math.log(v1 > floor ? v1 : floor) -
        m2 * Math.log(v2 > floor ? v2 : floor);
      if (gain > bestGain) {
        bestGain = gain;
        best = t;
      }
    }
    if (best < 0) continue;
    found.push(best);
    pending.push(a, best, best, b);
  }
  return found.sort((x, y) => x - y);
}

/** A run of kept samples: its count, and sums of values and squares. */
interface Run {
  begin: number;
  count: number;
  sum: number;
  squares: number;
}

/**
 * The segments between the changepoints `cuts` (positions in the kept
 * `values`), in the series' indexing, adjacent equivalent ones merged, and
 * whether an earlier segment was faster than the last beyond equivalence.
 * A segment starts at the first kept sample it holds (the first at 0), so
 * outliers between two segments belong to the earlier one.
 */
function mergeEquivalent(
  values: Float64Array,
  kept: Int32Array,
  cuts: number[],
  n: number,
  equivalence: number,
): { segments: SteadySegment[]; fasterBefore: boolean } {
  const bounds = [0, ...cuts, values.length];
  const runs: Run[] = bounds.slice(1).map((end, k) => {
    const run = {
      begin: bounds[k],
      count: end - bounds[k],
      sum: 0,
      squares: 0,
    };
    for (let i = run.begin; i < end; i++) {
      run.sum += values[i];
      run.squares += values[i] * values[i];
    }
    return run;
  });
  const mean = (r: Run) => r.sum / r.count;
  const variance = (r: Run) =>
    r.count < 2 ? 0 : Math.max(0, r.squares - r.sum * mean(r)) / (r.count - 1);
  // Barrett et al.'s delta, a share of the fastest segment's mean, widened
  // where the two means are less certain than that.
  const delta = equivalence * Math.min(...runs.map((r) => Math.abs(mean(r))));
  const equivalent = (a: Run, b: Run) =>
    Math.abs(mean(a) - mean(b)) <=
      Math.max(
        delta,
        EQUIVALENT_ERRORS *
          Math.sqrt(variance(a) / a.count + variance(b) / b.count),
      );
  const merged: Run[] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last !== undefined && equivalent(last, r)) {
      last.count += r.count;
      last.sum += r.sum;
      last.squares += r.squares;
    } else {
      merged.push({ ...r });
    }
  }
  const steady = merged[merged.length - 1];
  const segments = merged.map((r, k) => ({
    start: k === 0 ? 0 : kept[r.begin],
    end: k === merged.length - 1 ? n : kept[merged[k + 1].begin],
    mean: mean(r),
  }));
  return {
    segments,
    fasterBefore: merged.some((r) =>
      mean(r) < mean(steady) && !equivalent(r, steady)
    ),
  };
}
