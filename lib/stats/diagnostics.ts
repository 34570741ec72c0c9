/**
 * What a careful engineer would want to know about a centre estimated from
 * forks before trusting it: too few samples, one fork, a wide interval, a
 * centre too small to be real work, a first fork slower than the rest, too
 * few distinct values (a coarse clock, or a lattice of counts), and a span
 * timed between marks too short for the clock that timed it. The
 * thresholds live here; the caller words the warnings.
 *
 * @module
 */

import type { CentreInterval } from "./centre.ts";
import { quantiles, quantileSorted } from "./quantile.ts";
import type { Sample } from "./validate.ts";

/** Fewer samples than this make any CI unreliable. */
export const FEW_SAMPLES = 10;
/** A relative CI half-width above this is wide. */
export const WIDE_CI = 0.1;
/** A per-call centre below this many ns is faster than one CPU cycle's work. */
export const ELIMINATED_NS = 1;
/** A first fork this much slower than the others' median is flagged. */
export const SLOW_FIRST_FORK = 1.1;
/** Fewest samples from which a time's resolution is judged. */
export const MIN_RESOLUTION_SAMPLES = 20;
/**
 * A span timed between marks shorter than this many times the clock's cost
 * per pair of readings is flagged: the cost subtracted is then over 10% of
 * what was read, and the clock's own jitter a large share of each sample.
 */
export const MIN_SPAN_OVER_CLOCK = 10;

/** Options of {@link diagnoseForks}. */
export interface DiagnoseOptions {
  /**
   * The values are times (larger is slower): the first fork is judged for
   * slowness and, unless `perCallNs`, the clock's resolution is judged;
   * otherwise few distinct values make a lattice.
   */
  time: boolean;
  /**
   * The values are ns per call of a timed function (a bench): the centre is
   * judged for dead-code elimination, and distinct values are not counted
   * (a batched bench time is never a lattice).
   */
  perCallNs: boolean;
  /**
   * Per-call spans timed between marks, from which this clock cost (ns) was
   * subtracted: the centre is judged against it.
   */
  clockCostNs?: number;
}

/** The result of {@link diagnoseForks}. */
export interface ForkDiagnostics {
  /** Samples over all forks. */
  samples: number;
  /** Fewer than {@link FEW_SAMPLES} samples. */
  fewSamples: boolean;
  /** One fork: the interval excludes between-process variance. */
  oneFork: boolean;
  /** The relative half-width exceeds {@link WIDE_CI}. */
  wide: boolean;
  /** A per-call centre below {@link ELIMINATED_NS}: likely optimised away. */
  eliminated: boolean;
  /**
   * The first fork's median over the median of the other forks' medians,
   * when it exceeds {@link SLOW_FIRST_FORK} (three forks or more, times
   * only); null otherwise.
   */
  firstForkSlowdown: number | null;
  /** Distinct values over all forks, where counted; null otherwise. */
  distinctValues: number | null;
  /**
   * A time (not per call) with at least {@link MIN_RESOLUTION_SAMPLES}
   * samples and few distinct values: the clock may be too coarse.
   */
  coarseClock: boolean;
  /**
   * Not a time and few distinct values: a lattice (counts, sizes), whose
   * density "modes" are just its values.
   */
  lattice: boolean;
  /**
   * Spans timed between marks whose centre is under
   * {@link MIN_SPAN_OVER_CLOCK} times the clock's cost.
   */
  shortSpan: boolean;
}

/**
 * Judges a centre estimated from forks. "Few distinct values" means fewer
 * than max(5, n/20).
 *
 * @param forks the samples per fork the centre came from (non-empty forks)
 * @param centre the centre and its relative half-width
 * @param options whether the values are times, and per-call bench times
 * @returns each finding
 *
 * @example
 * ```ts
 * import { centreInterval, diagnoseForks } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const forks = [[130, 131, 129], [100, 101, 99], [100, 99, 101], [101, 100, 100]];
 * const d = diagnoseForks(forks, centreInterval(forks), { time: true, perCallNs: true });
 * assertEquals(d.firstForkSlowdown, 1.3);
 * assertEquals([d.fewSamples, d.oneFork, d.eliminated], [false, false, false]);
 * // Spans timed between marks: 100 ns is under 10× an 80 ns clock cost.
 * const marked = diagnoseForks(forks, centreInterval(forks), {
 *   time: true,
 *   perCallNs: true,
 *   clockCostNs: 80,
 * });
 * assertEquals(marked.shortSpan, true);
 * ```
 */
export function diagnoseForks(
  forks: readonly Sample[],
  centre: Pick<CentreInterval, "point" | "relativeHalfWidth">,
  options: DiagnoseOptions,
): ForkDiagnostics {
  const samples = forks.reduce((n, f) => n + f.length, 0);
  let firstForkSlowdown: number | null = null;
  if (options.time && forks.length >= 3) {
    const medians = forks.map((f) => quantiles(f, [0.5])[0]);
    const rest = medians.slice(1).sort((a, b) => a - b);
    const slower = medians[0] / quantileSorted(rest, 0.5);
    if (slower > SLOW_FIRST_FORK) firstForkSlowdown = slower;
  }
  // Counted only where it is read: not for bench times, the hot case.
  const judgesClock = options.time && !options.perCallNs &&
    samples >= MIN_RESOLUTION_SAMPLES;
  const distinctValues = judgesClock || !options.time
    ? distinctCount(forks)
    : null;
  const fewValues = distinctValues !== null &&
    distinctValues < Math.max(5, samples / 20);
  return {
    samples,
    fewSamples: samples < FEW_SAMPLES,
    oneFork: forks.length === 1,
    wide: centre.relativeHalfWidth > WIDE_CI,
    eliminated: options.perCallNs && centre.point < ELIMINATED_NS,
    firstForkSlowdown,
    distinctValues,
    coarseClock: judgesClock && fewValues,
    lattice: !options.time && fewValues,
    shortSpan: options.clockCostNs !== undefined &&
      centre.point < MIN_SPAN_OVER_CLOCK * options.clockCostNs,
  };
}

function distinctCount(forks: readonly Sample[]): number {
  const values = new Set<number>();
  for (const f of forks) for (let i = 0; i < f.length; i++) values.add(f[i]);
  return values.size;
}
