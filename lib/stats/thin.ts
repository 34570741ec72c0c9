/**
 * Bounding how many samples the analysis sees, keeping each fork's samples
 * in time order: systematic thinning (every k-th sample) rather than a
 * random subset, so that a fork's time series keeps its shape — warm-up,
 * drift, phases — for the analyses that read it in order.
 *
 * Two places bound samples. A fork keeps at most `maxSamples` of a metric
 * while it records ({@link createThinner}): past the bound it keeps every
 * second value it holds and then every 2^k-th it records, so that it holds
 * between half the bound and the bound. The analysis of one metric sees at
 * most {@link ANALYSIS_SAMPLE_LIMIT} samples over all its forks
 * ({@link thinForks}): its bootstrap draws every sample thousands of times.
 *
 * @module
 */

import type { Sample } from "./validate.ts";

/**
 * Most samples one metric's analysis reads over all its forks: 5 forks of
 * 10,000. The centre's hierarchical bootstrap (4,000 resamples) costs about
 * 20 ns a sample a resample here, so the bound keeps a metric's analysis
 * near 1.5 s on our 2-core machine.
 */
export const ANALYSIS_SAMPLE_LIMIT = 50_000;

/** Forks thinned for analysis by {@link thinForks}. */
export interface ThinnedForks {
  /** Each fork's kept samples, in their order. */
  forks: Sample[];
  /** Each fork's stride: it kept samples 0, s, 2s, … (1: all kept). */
  strides: number[];
  /** Samples before thinning, over all forks. */
  total: number;
  /** Samples kept, over all forks. */
  kept: number;
}

/**
 * Thins forks so that together they hold at most `limit` samples: each
 * fork gets an equal share, and a fork over its share keeps every s-th
 * sample from its first (s the smallest stride that fits). Forks within
 * their share are kept whole, so under the limit nothing changes.
 *
 * @param forks samples per fork, in time order
 * @param limit most samples kept in all, at least the number of forks
 * @returns the kept samples, the strides and the counts
 * @throws {RangeError} when `limit` is not an integer of at least one per
 *   fork
 *
 * @example
 * ```ts
 * import { thinForks } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const t = thinForks([[1, 2, 3, 4, 5, 6, 7, 8], [9, 10]], 6);
 * assertEquals(t.forks, [[1, 4, 7], [9, 10]]);
 * assertEquals([t.strides, t.total, t.kept], [[3, 1], 10, 5]);
 * ```
 */
export function thinForks(
  forks: readonly Sample[],
  limit: number = ANALYSIS_SAMPLE_LIMIT,
): ThinnedForks {
  if (!Number.isInteger(limit) || limit < Math.max(1, forks.length)) {
    throw new RangeError(
      `limit must be an integer of at least one sample per fork ` +
        `(${Math.max(1, forks.length)}), got ${limit}`,
    );
  }
  const total = forks.reduce((sum, f) => sum + f.length, 0);
  if (total <= limit) {
    return {
      forks: [...forks],
      strides: forks.map(() => 1),
      total,
      kept: total,
    };
  }
  const share = Math.floor(limit / forks.length);
  const strides = forks.map((f) => Math.max(1, Math.ceil(f.length / share)));
  const thinned = forks.map((f, i) => {
    const stride = strides[i];
    if (stride === 1) return f;
    return Array.from(
      { length: Math.ceil(f.length / stride) },
      (_, j) => f[j * stride],
    );
  });
  return {
    forks: thinned,
    strides,
    total,
    kept: thinned.reduce((sum, f) => sum + f.length, 0),
  };
}

/**
 * Says, in one line, that an analysis read fewer samples than there were,
 * and which.
 *
 * @param bounded what {@link thinForks} kept
 * @returns the sentence
 *
 * @example
 * ```ts
 * import { describeThinning, thinForks } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const t = thinForks([[1, 2, 3, 4, 5, 6], [7]], 4);
 * assertEquals(
 *   describeThinning(t),
 *   "analysed 3 of 7 samples (one in 3 of a fork, in order): " +
 *     "the most one analysis reads",
 * );
 * ```
 */
export function describeThinning(bounded: ThinnedForks): string {
  return `analysed ${bounded.kept} of ${bounded.total} samples (one in ` +
    `${strideList(bounded.strides)} of a fork, in order): the most one ` +
    "analysis reads";
}

/**
 * Says, in one line, that forks recorded more values than they keep
 * ({@link createThinner}), and which they kept.
 *
 * @param recorded values each fork recorded
 * @param strides each fork's stride
 * @param limit the most values a fork keeps
 * @returns the sentence
 *
 * @example
 * ```ts
 * import { describeRecording } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   describeRecording([40_000, 30_000], [8, 4], 10_000),
 *   "70000 values recorded, more than the 10000 a fork keeps: forks kept " +
 *     "one in 4 or 8, in order",
 * );
 * ```
 */
export function describeRecording(
  recorded: readonly number[],
  strides: readonly number[],
  limit: number,
): string {
  const all = recorded.reduce((a, b) => a + b, 0);
  return `${all} values recorded, more than the ${limit} a fork keeps: ` +
    `forks kept one in ${strideList(strides)}, in order`;
}

/** The distinct strides past 1, smallest first: "2 or 4". */
function strideList(strides: readonly number[]): string {
  return [...new Set(strides)].filter((k) => k > 1).sort((a, b) => a - b)
    .join(" or ");
}

/** What a fork records into: at most `limit` values, in order. */
export interface Thinner {
  /** Offers the next value recorded. */
  push(value: number): void;
  /** The values kept: those recorded at 0, stride, 2·stride, … */
  readonly samples: number[];
  /** Values recorded, kept or not. */
  readonly recorded: number;
  /** The stride of the kept values: 1 until the bound was passed. */
  readonly stride: number;
}

/**
 * A record of at most `limit` values that stays in time order: past the
 * bound it keeps every second value it holds and doubles its stride, so it
 * holds the values recorded at multiples of the stride — between half the
 * bound and the bound of them, whatever was recorded.
 *
 * @param limit most values kept, at least 1
 * @returns the thinner
 * @throws {RangeError} on a limit that is not a positive integer
 *
 * @example
 * ```ts
 * import { createThinner } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const t = createThinner(4);
 * for (let i = 0; i < 10; i++) t.push(i);
 * assertEquals([t.samples, t.stride, t.recorded], [[0, 4, 8], 4, 10]);
 * ```
 */
export function createThinner(limit: number): Thinner {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  let samples: number[] = [];
  let recorded = 0;
  let stride = 1;
  return {
    push(value: number): void {
      if (recorded++ % stride !== 0) return;
      samples.push(value);
      if (samples.length > limit) {
        samples = samples.filter((_, i) => i % 2 === 0);
        stride *= 2;
      }
    },
    get samples() {
      return samples;
    },
    get recorded() {
      return recorded;
    },
    get stride() {
      return stride;
    },
  };
}
