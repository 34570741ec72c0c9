/**
 * Modality: is a distribution one hump or several, where are the humps, and
 * what share of the samples sits in each? ("24% of requests in a slow mode
 * near +500 µs" is the finding in the streaming story this tool grew from.)
 *
 * Method: a Gaussian kernel density estimate on a grid (linear binning, then
 * a truncated kernel sum) with Silverman's rule-of-thumb bandwidth
 * 0.9·min(s, IQR/1.34)·n^(−1/5) (Silverman 1986, eq. 3.31). The robust
 * spread keeps a far slow mode from inflating the bandwidth and smoothing
 * itself away. Every local maximum of the density starts as a candidate mode,
 * with the density minima between them as cut points. Candidates are then
 * merged until each survivor is significant by two rules:
 *
 * - share: it holds at least `minShare` of the samples (and at least
 *   {@link MIN_MODE_SAMPLES}), so sparse bumps in a long tail do not count;
 * - separation: the density at the valley between two neighbours is at most
 *   `maxValleyRatio` times the lower of their peaks, so ripples on one hump
 *   do not count, and the dip is larger than sampling noise: the lower peak
 *   exceeds the valley by at least `dipZ` standard errors of the estimate,
 *   with Var f̂(x) ≈ f(x)·R(K)/(n·h) and R(K) = 1/(2√π) for the Gaussian
 *   kernel (Wand & Jones 1995, §2.5; the idea is SiZer's, Chaudhuri &
 *   Marron 1999, applied at the valleys only).
 *
 * The weakest violation is merged first (the smallest mode into the neighbour
 * it is least separated from, else the shallowest valley). Shares are counted
 * from the samples between cut points, not integrated from the estimate.
 *
 * @module
 */

import { quantileSorted } from "./quantile.ts";
import { varianceOf } from "./summary.ts";
import { assertFiniteSample, type Sample, sortedCopy } from "./validate.ts";

/** Fewest samples a mode may hold, whatever `minShare` says. */
export const MIN_MODE_SAMPLES = 5;
/** Below this many samples the shape cannot be judged; one mode is reported. */
export const MIN_MODALITY_SAMPLES = 20;
/**
 * Default smallest share of a mode. 5% keeps the sparse right tail of
 * lognormal-like latency from reading as modes while still finding a slow
 * path taken by one request in twenty.
 */
export const DEFAULT_MIN_SHARE = 0.05;
/**
 * Default separation rule: the valley must dip to 80% of the lower peak or
 * less. Shallower dents are within the wobble of a density estimate.
 */
export const DEFAULT_MAX_VALLEY_RATIO = 0.8;
/**
 * Default dip significance in standard errors. Measured on seeded samples: at
 * 3, none of 1,440 unimodal samples (normal, exponential, uniform, lognormal
 * σ 0.5–1.5; n 30–5,000) read as multimodal (at 2: 19), while a 76/24
 * mixture of unit normals 4 s.d. apart is found in 10 of 10 samples of 1,000
 * (5 s.d.: 2 of 10 samples of 100).
 */
export const DEFAULT_DIP_Z = 3;

/** Options of {@link findModes}. */
export interface ModalityOptions {
  /** Kernel bandwidth in the data's unit. @default Silverman's rule */
  bandwidth?: number;
  /** Smallest share of samples a mode may hold, in (0, 0.5]. @default 0.05 */
  minShare?: number;
  /** Largest valley / lower-peak density ratio that separates modes, in (0, 1). @default 0.8 */
  maxValleyRatio?: number;
  /** Smallest dip between modes, in standard errors of the estimate. @default 3 */
  dipZ?: number;
}

/** One mode of a distribution. */
export interface Mode {
  /** Where the density peaks, in the data's unit. */
  location: number;
  /** Share of all samples in this mode, in (0, 1]. */
  share: number;
  /** Samples in this mode. */
  count: number;
  /** Smallest sample in this mode. */
  lower: number;
  /** Largest sample in this mode. */
  upper: number;
  /** Estimated density at the peak. */
  density: number;
}

/** The result of {@link findModes}. */
export interface Modality {
  /** True when more than one significant mode was found. */
  multimodal: boolean;
  /** The modes in ascending order of location; shares sum to 1. */
  modes: Mode[];
  /** The kernel bandwidth used. */
  bandwidth: number;
  /** True when there were fewer than {@link MIN_MODALITY_SAMPLES} samples. */
  tooFewSamples: boolean;
}

/** Grid resolution: at least this many points per bandwidth... */
const POINTS_PER_BANDWIDTH = 4;
/** ...within these bounds on the grid's size. */
const MIN_GRID = 512;
const MAX_GRID = 16_384;
/** The Gaussian kernel is cut at ±4 bandwidths (it has 6e-5 of its mass beyond). */
const KERNEL_REACH = 4;

/**
 * Silverman's rule-of-thumb bandwidth 0.9·min(s, IQR/1.34)·n^(−1/5); when
 * one spread is zero (heavily quantised data) the other is used.
 *
 * @param sorted finite observations in ascending order, at least two
 * @returns the bandwidth (0 only when every value is the same)
 *
 * @example
 * ```ts
 * import { silvermanBandwidth } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * // 0.9 · min(s = 1.5811, IQR / 1.34 = 1.4925) · 5^(−1/5)
 * const h = silvermanBandwidth(new Float64Array([1, 2, 3, 4, 5]));
 * assertAlmostEquals(h, 0.973585, 1e-6);
 * ```
 */
export function silvermanBandwidth(sorted: Float64Array): number {
  const s = Math.sqrt(varianceOf(sorted));
  const iqr = (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)) /
    1.34;
  const spread = s > 0 && iqr > 0 ? Math.min(s, iqr) : Math.max(s, iqr);
  return 0.9 * spread * Math.pow(sorted.length, -0.2);
}

/**
 * Finds the significant modes of a sample. See the module documentation for
 * the method and the two significance rules.
 *
 * @param sample finite observations, at least one
 * @param options bandwidth, minShare, maxValleyRatio
 * @returns the modes, their shares, and whether there is more than one
 * @throws {RangeError} on an empty or non-finite sample or a bad option
 *
 * @example
 * ```ts
 * import { createRandom, findModes } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const r = createRandom(7);
 * const fast = Array.from({ length: 760 }, () => 100 + 5 * r.nextNormal());
 * const slow = Array.from({ length: 240 }, () => 600 + 5 * r.nextNormal());
 * const m = findModes([...fast, ...slow]);
 * assertEquals(m.multimodal, true);
 * assertEquals(m.modes.map((x) => x.share), [0.76, 0.24]);
 * ```
 */
export function findModes(
  sample: Sample,
  options: ModalityOptions = {},
): Modality {
  assertFiniteSample(sample);
  return findModesSorted(sortedCopy(sample), options);
}

/**
 * {@link findModes} for a sample already sorted ascending and checked.
 *
 * @param sorted finite observations in ascending order, at least one
 * @param options bandwidth, minShare, maxValleyRatio
 * @returns the modes
 *
 * @example
 * ```ts
 * import { findModesSorted } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const m = findModesSorted(new Float64Array([1, 1, 2, 3]));
 * assertEquals(m.tooFewSamples, true);
 * assertEquals(m.modes.length, 1);
 * ```
 */
export function findModesSorted(
  sorted: Float64Array,
  options: ModalityOptions = {},
): Modality {
  const minShare = options.minShare ?? DEFAULT_MIN_SHARE;
  const maxValleyRatio = options.maxValleyRatio ?? DEFAULT_MAX_VALLEY_RATIO;
  if (!(minShare > 0 && minShare <= 0.5)) {
    throw new RangeError(`minShare must be in (0, 0.5], got ${minShare}`);
  }
  if (!(maxValleyRatio > 0 && maxValleyRatio < 1)) {
    throw new RangeError(
      `maxValleyRatio must be in (0, 1), got ${maxValleyRatio}`,
    );
  }
  const dipZ = options.dipZ ?? DEFAULT_DIP_Z;
  if (!(dipZ >= 0) || !Number.isFinite(dipZ)) {
    throw new RangeError(`dipZ must be a finite number ≥ 0, got ${dipZ}`);
  }
  if (
    options.bandwidth !== undefined &&
    !(options.bandwidth > 0 && Number.isFinite(options.bandwidth))
  ) {
    throw new RangeError(
      `bandwidth must be a finite number > 0, got ${options.bandwidth}`,
    );
  }
  const n = sorted.length;
  const min = sorted[0];
  const max = sorted[n - 1];
  const single = (bandwidth: number, tooFewSamples: boolean): Modality => ({
    multimodal: false,
    modes: [{
      location: quantileSorted(sorted, 0.5),
      share: 1,
      count: n,
      lower: min,
      upper: max,
      density: NaN,
    }],
    bandwidth,
    tooFewSamples,
  });
  if (n < MIN_MODALITY_SAMPLES) return single(NaN, true);
  const bandwidth = options.bandwidth ?? silvermanBandwidth(sorted);
  if (!(bandwidth > 0)) return single(0, false);

  const { grid, density } = kernelDensity(sorted, bandwidth);
  const segments = candidateModes(grid, density);
  const cuts = (i: number): number => segments[i].valleyX;
  // Count the samples between consecutive cut points.
  let start = 0;
  for (let i = 0; i < segments.length; i++) {
    let end = start;
    const limit = i === segments.length - 1 ? Infinity : cuts(i);
    while (end < n && sorted[end] <= limit) end++;
    segments[i].first = start;
    segments[i].count = end - start;
    start = end;
  }
  const minCount = Math.max(Math.ceil(minShare * n), MIN_MODE_SAMPLES);
  // Var f̂(x) ≈ f(x) · R(K) / (n h), R(K) = 1 / (2√π) for a Gaussian kernel.
  const varianceScale = 1 / (n * bandwidth * 2 * Math.sqrt(Math.PI));
  mergeUntilSignificant(segments, {
    minCount,
    maxValleyRatio,
    dipZ,
    varianceScale,
  });
  const modes = segments
    .filter((s) => s.count > 0)
    .map((s): Mode => ({
      location: s.peakX,
      share: s.count / n,
      count: s.count,
      lower: sorted[s.first],
      upper: sorted[s.first + s.count - 1],
      density: s.peak,
    }));
  return {
    multimodal: modes.length > 1,
    modes,
    bandwidth,
    tooFewSamples: false,
  };
}

/** A candidate mode: its peak and the valley to its right. */
interface Segment {
  peakX: number;
  peak: number;
  /** Density at the valley separating it from the next segment. */
  valley: number;
  /** Location of that valley (the cut point). */
  valleyX: number;
  first: number;
  count: number;
}

/** Gaussian KDE on a regular grid, by linear binning and a truncated kernel. */
function kernelDensity(
  sorted: Float64Array,
  bandwidth: number,
): { grid: Float64Array; density: Float64Array } {
  const n = sorted.length;
  const lo = sorted[0] - 3 * bandwidth;
  const hi = sorted[n - 1] + 3 * bandwidth;
  const size = Math.min(
    MAX_GRID,
    Math.max(
      MIN_GRID,
      Math.ceil(((hi - lo) / bandwidth) * POINTS_PER_BANDWIDTH),
    ),
  );
  const step = (hi - lo) / (size - 1);
  const bins = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    const position = (sorted[i] - lo) / step;
    const j = Math.min(Math.floor(position), size - 2);
    const w = position - j;
    bins[j] += 1 - w;
    bins[j + 1] += w;
  }
  const reach = Math.max(1, Math.ceil((KERNEL_REACH * bandwidth) / step));
  const kernel = new Float64Array(reach + 1);
  const norm = 1 / (n * bandwidth * Math.sqrt(2 * Math.PI));
  for (let k = 0; k <= reach; k++) {
    const u = (k * step) / bandwidth;
    kernel[k] = norm * Math.exp(-0.5 * u * u);
  }
  const density = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const weight = bins[j];
    if (weight === 0) continue;
    const from = Math.max(0, j - reach);
    const to = Math.min(size - 1, j + reach);
    for (let m = from; m <= to; m++) {
      density[m] += weight * kernel[Math.abs(m - j)];
    }
  }
  const grid = new Float64Array(size);
  for (let j = 0; j < size; j++) grid[j] = lo + j * step;
  return { grid, density };
}

/** Every local maximum, with the minimum between it and the next one. */
function candidateModes(grid: Float64Array, density: Float64Array): Segment[] {
  const segments: Segment[] = [];
  let rising = true;
  let valley = Infinity;
  let valleyX = grid[0];
  for (let j = 1; j < density.length; j++) {
    const d = density[j];
    const previous = density[j - 1];
    if (rising && d < previous) {
      if (segments.length > 0) {
        const last = segments[segments.length - 1];
        last.valley = valley;
        last.valleyX = valleyX;
      }
      segments.push({
        peakX: grid[j - 1],
        peak: previous,
        valley: 0,
        valleyX: Infinity,
        first: 0,
        count: 0,
      });
      rising = false;
      valley = Infinity;
    } else if (!rising && d > previous) {
      rising = true;
    }
    if (!rising && d < valley) {
      valley = d;
      valleyX = grid[j];
    } else if (rising && previous < valley) {
      valley = previous;
      valleyX = grid[j - 1];
    }
  }
  if (segments.length === 0) {
    // Monotone on the grid (cannot happen with tails, kept for safety).
    let best = 0;
    for (let j = 1; j < density.length; j++) {
      if (density[j] > density[best]) best = j;
    }
    segments.push({
      peakX: grid[best],
      peak: density[best],
      valley: 0,
      valleyX: Infinity,
      first: 0,
      count: 0,
    });
  }
  return segments;
}

/** Merges candidates until every mode passes the share and separation rules. */
function mergeUntilSignificant(
  segments: Segment[],
  rules: {
    minCount: number;
    maxValleyRatio: number;
    dipZ: number;
    varianceScale: number;
  },
): void {
  // How clearly the valley after segments[i] separates it from the next one,
  // in standard errors; -Infinity when the valley is too shallow a share of
  // the lower peak.
  const separation = (i: number): number => {
    const lowerPeak = Math.min(segments[i].peak, segments[i + 1].peak);
    const valley = segments[i].valley;
    if (valley > rules.maxValleyRatio * lowerPeak) return -Infinity;
    const se = Math.sqrt((lowerPeak + valley) * rules.varianceScale);
    return (lowerPeak - valley) / se;
  };
  while (segments.length > 1) {
    let smallest = -1;
    for (let i = 0; i < segments.length; i++) {
      if (
        segments[i].count < rules.minCount &&
        (smallest < 0 || segments[i].count < segments[smallest].count)
      ) {
        smallest = i;
      }
    }
    let pair = -1; // merge segments[pair] with segments[pair + 1]
    if (smallest >= 0) {
      const left = smallest - 1;
      const right = smallest < segments.length - 1 ? smallest : -1;
      if (left < 0) pair = right;
      else if (right < 0) pair = left;
      else pair = separation(left) <= separation(right) ? left : right;
    } else {
      let weakest = rules.dipZ;
      for (let i = 0; i < segments.length - 1; i++) {
        const strength = separation(i);
        if (strength < weakest) {
          weakest = strength;
          pair = i;
        }
      }
      if (pair < 0) return;
    }
    const a = segments[pair];
    const b = segments[pair + 1];
    const higher = a.peak >= b.peak ? a : b;
    segments.splice(pair, 2, {
      peakX: higher.peakX,
      peak: higher.peak,
      valley: b.valley,
      valleyX: b.valleyX,
      first: a.first,
      count: a.count + b.count,
    });
  }
}
