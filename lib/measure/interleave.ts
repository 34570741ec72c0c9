/**
 * Times several bench functions in one process, interleaved: each round
 * runs every function for one block of samples, in an order drawn afresh
 * each round, so that whatever the host does to the process — a noisy
 * neighbour, a frequency change, a collection — falls on every function
 * alike within milliseconds, and the ratio of two functions can be read
 * round by round (randomized multiple interleaved trials, Abedi & Brecht,
 * ICPE 2017).
 *
 * Each function gets its own loop, generated once (`new Function`), so the
 * JIT compiles and profiles each loop for its one callee and neither
 * deoptimises the other, and no loop is regenerated per block. mitata's
 * `measure()` serves single functions (`timeBench`); it cannot pause its
 * loop for another function's block, and calling it per block would
 * generate and compile a new loop and allocate its sample arrays each time.
 *
 * Batches are sized once the warm-up rounds stop improving: functions
 * whose times per call are within a factor of two share one batch, so that
 * a sample of each side of a comparison covers the same number of calls.
 *
 * @module
 */

import { do_not_optimize } from "mitata";
// prng.ts and quantile.ts alone, not stats/mod.ts: every fork of a group
// loads this file, and the whole statistics folder adds ~7 ms to its start.
import { createRandom, permutation } from "../stats/prng.ts";
import { quantiles } from "../stats/quantile.ts";
import {
  type BenchFunction,
  heapPerIteration,
  MAX_BATCH,
  TARGET_SAMPLE_NS,
  warmUp,
} from "./bench_timer.ts";
import {
  markPairCostNs,
  type RegionFunction,
  regionOf,
  timeRegions,
} from "./region.ts";

/** Samples of each function per block. */
export const BLOCK_SAMPLES = 4;
/**
 * Warm-up rounds stop once a round is within this fraction of the one
 * before (the base function's block median), the JIT having settled.
 */
const WARMUP_SETTLED = 0.05;
/** Warm-up takes at most this share of the time left when it starts. */
const WARMUP_SHARE = 0.3;
/** Fewest recorded rounds, even past the deadline. */
const MIN_ROUNDS = 2;

/** Options of {@link timeInterleaved}. */
export interface InterleavedOptions {
  /** `performance.now()` value at which to stop recording rounds. */
  deadlineMs: number;
  /** Most samples of each function. */
  maxSamples: number;
  /** Seed of the order of each round. */
  seed: number;
  /** `globalThis.gc` when the process runs with `--expose-gc`. */
  gc?: () => void;
  /**
   * Per function, calls to time (`Deno.bench`'s `n`; see `timeBench`):
   * rounds go on, past the deadline, until every function given one has
   * timed that many calls, and, while a function has none, until the
   * deadline (at most `maxSamples` samples). In a round every function is
   * timed, so a function given calls is timed at least that many.
   */
  calls?: readonly (number | undefined)[];
  /** Per function, untimed calls before the warm-up rounds. */
  warmupCalls?: readonly (number | undefined)[];
}

/** What {@link timeInterleaved} measured. */
export interface InterleavedTiming {
  /**
   * Per function, time per call of each sample in ns, in the order taken:
   * round r is samples [r·blockSamples, (r+1)·blockSamples).
   */
  samplesNs: number[][];
  /**
   * Per function, calls per sample: the same for functions within a factor
   * of {@link SHARED_BATCH_RATIO} of each other's time per call.
   */
  iterationsPerSample: number[];
  /** Samples of each function per round. */
  blockSamples: number;
  /** Per recorded round, the functions' indices in the order they ran. */
  order: number[][];
  /** Rounds run to warm up before recording. */
  warmupRounds: number;
  /** Per function, heap growth per call in bytes (null: a GC intervened). */
  heapBytesPerIteration: (number | null)[];
  /** Per function, whether it returned a promise. */
  async: boolean[];
  /**
   * The clock's cost per pair of marks, ns, subtracted from each span of
   * the functions timed between marks (`timedRegion`); null when none is.
   */
  clockCostNs: number | null;
  /** Per function, whether it was timed between marks, a call per sample. */
  marked: boolean[];
}

/** A generated loop: runs `k` calls and returns the elapsed ms. */
type Loop = (k: number) => number | Promise<number>;

/**
 * The loop of a function timed between marks: a call per span, the spans
 * summed, the clock's cost taken off each.
 */
function markedLoop(region: RegionFunction, costNs: () => number): Loop {
  const spans: number[] = [];
  return async (k) => {
    spans.length = 0;
    await timeRegions(region, k, costNs(), spans);
    let sumNs = 0;
    for (const x of spans) sumNs += x;
    return sumNs / 1e6;
  };
}

/**
 * One loop per function, each its own compiled code: `new Function` makes a
 * fresh function literal every time, with its own feedback.
 */
function loopFor(fn: BenchFunction, async: boolean): Loop {
  const body = async
    ? "return async function loop(k) { const t0 = clock.now(); " +
      "for (let i = 0; i < k; i++) sink(await fn()); return clock.now() - t0; };"
    : "return function loop(k) { const t0 = clock.now(); " +
      "for (let i = 0; i < k; i++) sink(fn()); return clock.now() - t0; };";
  return new Function("fn", "sink", "clock", body)(
    fn,
    do_not_optimize,
    performance,
  ) as Loop;
}

/**
 * Times functions interleaved in blocks until the deadline (after at least
 * two recorded rounds) or until each has `maxSamples` samples.
 *
 * @param fns the functions, the base first
 * @param options deadline, sample bound, seed, gc hook
 * @returns per-function samples in time order, the batch, the order of
 *   every round
 * @throws {RangeError} with fewer than two functions
 *
 * @example
 * ```ts
 * import { timeInterleaved } from "./interleave.ts";
 * import { assert, assertEquals } from "@std/assert";
 * const t = await timeInterleaved([() => Math.sqrt(2), () => Math.cbrt(2)], {
 *   deadlineMs: performance.now() + 60,
 *   maxSamples: 1000,
 *   seed: 1,
 * });
 * assertEquals(t.samplesNs[0].length, t.order.length * t.blockSamples);
 * assertEquals(t.samplesNs[1].length, t.samplesNs[0].length);
 * assert(t.order.every((round) => [...round].sort().join() === "0,1"));
 * ```
 */
export async function timeInterleaved(
  fns: readonly BenchFunction[],
  options: InterleavedOptions,
): Promise<InterleavedTiming> {
  if (fns.length < 2) {
    throw new RangeError(
      `interleaving needs at least two functions, got ${fns.length}`,
    );
  }
  const async: boolean[] = [];
  for (const [m, fn] of fns.entries()) {
    const first = fn();
    async.push(first instanceof Promise);
    if (first instanceof Promise) await first;
    await warmUp(fn, options.warmupCalls?.[m] ?? 0);
  }
  const regions = fns.map(regionOf);
  const marked = regions.map((r) => r !== undefined);
  // Calibrated now, and again once warm-up has warmed the marks' code.
  let clockCostNs = marked.includes(true) ? markPairCostNs() : null;
  const loops = fns.map((fn, i) => {
    const region = regions[i];
    return region === undefined
      ? loopFor(fn, async[i])
      : markedLoop(region, () => clockCostNs ?? 0);
  });
  // A function timed between marks has a span per call: a call per sample.
  const batchesFor = (ns: readonly number[]): number[] =>
    sharedBatches(ns).map((k, m) => marked[m] ? 1 : k);
  const random = createRandom(options.seed);
  const blockSamples = BLOCK_SAMPLES;

  // Each function's batch from its own loop: doubled until one lasts a
  // sample.
  const perCallNs: number[] = [];
  for (const loop of loops) {
    let k = 1;
    let ns = 0;
    while (k < MAX_BATCH) {
      ns = (await loop(k)) * 1e6;
      if (ns >= TARGET_SAMPLE_NS) break;
      k *= 2;
    }
    perCallNs.push(ns / k);
  }
  let batches = batchesFor(perCallNs);

  // Warm-up rounds, not recorded: until the base's block median is within
  // 5% of the round before, or the warm-up share of the time is spent. Then
  // the batches are sized again from the settled times.
  // One round: every function's block, in a fresh order; each block's
  // samples are appended to `record` when given.
  const round = async (
    record: number[][] | null,
  ): Promise<{ order: number[]; medians: number[] }> => {
    const order = permutation(fns.length, random);
    const medians = new Array<number>(fns.length);
    for (const m of order) {
      const k = batches[m];
      const block: number[] = [];
      for (let s = 0; s < blockSamples; s++) {
        block.push(((await loops[m](k)) * 1e6) / k);
      }
      record?.[m].push(...block);
      medians[m] = median(block);
    }
    return { order, medians };
  };
  const warmupEnd = performance.now() +
    Math.max(0, options.deadlineMs - performance.now()) * WARMUP_SHARE;
  let warmupRounds = 0;
  let previous = Infinity;
  let settledNs = perCallNs;
  while (performance.now() < warmupEnd) {
    settledNs = (await round(null)).medians;
    warmupRounds++;
    const base = settledNs[0];
    const settled = Math.abs(base - previous) <= WARMUP_SETTLED * previous;
    previous = base;
    if (settled) break;
  }
  batches = batchesFor(settledNs);
  if (clockCostNs !== null) clockCostNs = markPairCostNs();

  const samplesNs: number[][] = fns.map(() => []);
  const order: number[][] = [];
  const calls = options.calls ?? [];
  // Rounds go on while a member given calls lacks them, and, while any
  // member has none given, until the deadline: a member with calls does
  // not cut the others' time short (it is timed at least its calls).
  const uncounted = fns.some((_, m) => calls[m] === undefined);
  const more = (): boolean => {
    if (samplesNs[0].length + blockSamples > options.maxSamples) return false;
    const lacking = calls.some((n, m) =>
      n !== undefined && samplesNs[m].length * batches[m] < n
    );
    return lacking ||
      (uncounted && performance.now() < options.deadlineMs);
  };
  while (order.length < MIN_ROUNDS || more()) {
    order.push((await round(samplesNs)).order);
  }
  const heapBytesPerIteration: (number | null)[] = [];
  for (let m = 0; m < fns.length; m++) {
    heapBytesPerIteration.push(
      await heapPerIteration(
        fns[m],
        batches[m],
        median(samplesNs[m]),
        async[m],
        options.gc,
      ),
    );
  }
  return {
    samplesNs,
    iterationsPerSample: batches,
    blockSamples,
    order,
    warmupRounds,
    heapBytesPerIteration,
    async,
    clockCostNs,
    marked,
  };
}

/**
 * Functions whose times per call are within this factor of each other share
 * one batch size (the smallest of theirs), so that a compared pair times
 * the same number of calls per sample; a group whose members differ by
 * orders of magnitude (a microtask and a timer) cannot share one, since a
 * batch that fills a sample of the fast one would make the slow one's last
 * seconds.
 */
export const SHARED_BATCH_RATIO = 2;

/**
 * Each function's batch: sized for a sample of about
 * {@link TARGET_SAMPLE_NS} from its time per call, then shared within runs
 * of functions whose times are within {@link SHARED_BATCH_RATIO} of the
 * next (sorted by time), each run taking its smallest batch.
 *
 * @param perCallNs each function's time per call, ns
 * @returns each function's batch
 *
 * @example
 * ```ts
 * import { sharedBatches } from "./interleave.ts";
 * import { assertEquals } from "@std/assert";
 * // 300 ns and 330 ns share the batch of the slower; a 2 ms timer does not.
 * assertEquals(sharedBatches([300, 330, 2e6]), [758, 758, 1]);
 * ```
 */
export function sharedBatches(perCallNs: readonly number[]): number[] {
  const own = perCallNs.map(batchFor);
  const byTime = perCallNs.map((_, i) => i)
    .sort((a, b) => perCallNs[a] - perCallNs[b]);
  const out = [...own];
  let start = 0;
  for (let i = 1; i <= byTime.length; i++) {
    const ends = i === byTime.length ||
      perCallNs[byTime[i]] > SHARED_BATCH_RATIO * perCallNs[byTime[i - 1]];
    if (!ends) continue;
    const members = byTime.slice(start, i);
    const k = Math.min(...members.map((m) => own[m]));
    for (const m of members) out[m] = k;
    start = i;
  }
  return out;
}

/** Calls per sample for a sample of about {@link TARGET_SAMPLE_NS}. */
function batchFor(perCallNs: number): number {
  const k = Math.ceil(TARGET_SAMPLE_NS / Math.max(perCallNs, 1e-3));
  return Math.max(1, Math.min(MAX_BATCH, k));
}

function median(xs: readonly number[]): number {
  return quantiles(xs, [0.5])[0];
}
