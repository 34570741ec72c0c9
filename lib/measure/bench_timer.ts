/**
 * Times a `bench` case with mitata's low-level `measure()`, on our terms:
 *
 * - batching comes from our own calibration (doubling batches until one
 *   lasts {@link TARGET_SAMPLE_NS}, then the median of five timed batches),
 *   not from mitata's three-call guess, whose decision flips between runs;
 * - mitata's trimming of the two fastest and slowest samples is off
 *   (`samples_threshold: Infinity`): outliers stay in the data;
 * - samples come back in time order: mitata sorts its own copy, so we read
 *   the clock for it and keep every (start, end) pair;
 * - heap growth is read around one long batch after calibration: mitata's
 *   per-sample heap delta also counts its own bookkeeping (a boxed number per
 *   sample, and the probe's result object), hundreds of bytes a sample.
 *
 * @module
 */

import { do_not_optimize, measure } from "mitata";
import {
  markPairCostNs,
  type RegionFunction,
  regionOf,
  timeRegions,
} from "./region.ts";

/**
 * Hands a value to the optimiser as "used", so that a computation whose
 * result is otherwise discarded is not eliminated as dead code.
 *
 * @param value the result to keep alive
 *
 * @example
 * ```ts
 * import { doNotOptimize } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * let sum = 0;
 * for (let i = 1; i <= 1000; i++) sum += i;
 * doNotOptimize(sum);
 * assertEquals(sum, 500_500); // the value is handed on untouched
 * ```
 */
export function doNotOptimize(value: unknown): void {
  do_not_optimize(value);
}

/**
 * How long one sample should last. 250 µs puts the clock's ~90 ns cost per
 * read below 0.04% of a sample. Of a default 500 ms fork, start-up, batch
 * sizing and the heap probe leave ~175–290 ms for sampling here, so 250 µs
 * gives ~700–1,200 samples a fork: enough for the distribution's shape, few
 * enough that the analysis (whose bootstrap cost grows with the sample
 * count) stays a small part of a run. At 500 µs one default calibration run
 * in four had a fork of `sum` under 500 samples (413).
 */
export const TARGET_SAMPLE_NS = 250_000;
/**
 * The heap probe runs one batch of at least this many ms (and 16 samples'
 * worth), so that the probe's own allocation — a result object per read —
 * spreads over enough calls to vanish from the per-call figure.
 */
const HEAP_PROBE_MS = 20;
/** Calibration keeps re-timing batches for this long so that the JIT settles. */
const CALIBRATION_WARMUP_MS = 40;
/** Largest batch: a function faster than 0.1 ns per call is not measurable. */
export const MAX_BATCH = 2 ** 22;

/** A function a bench case times, sync or async. */
export type BenchFunction = () => unknown;

/** Options of {@link timeBench}. */
export interface BenchTimingOptions {
  /** `performance.now()` value at which to stop taking samples. */
  deadlineMs: number;
  /** Fewest samples to take even past the deadline. */
  minSamples: number;
  /** Most samples to take. */
  maxSamples: number;
  /**
   * Stop early once the relative half-width of a normal-theory 95% CI of
   * the mean per-iteration time is below this (0 disables the early stop).
   */
  precision: number;
  /** `globalThis.gc` when the fork runs with `--expose-gc`. */
  gc?: () => void;
  /**
   * Calls to time, instead of a deadline (`Deno.bench`'s `n`): a function
   * timed a call per sample takes exactly this many samples; a faster one,
   * timed in batches, takes samples until this many calls are timed and at
   * least `minSamples` (a suggestion there, as `deno bench` says). At most
   * `maxSamples` either way; the precision target is not used.
   */
  calls?: number;
  /**
   * Untimed calls before anything is timed (`Deno.bench`'s `warmup`), on
   * top of the warm-up batch sizing does.
   */
  warmupCalls?: number;
}

/** What {@link timeBench} measured. */
export interface BenchTiming {
  /** Time per iteration of each sample, in ns, in the order taken. */
  samplesNs: number[];
  /** Iterations per sample (1 = unbatched). */
  iterationsPerSample: number;
  /**
   * Heap growth per iteration over one long batch, in bytes; null when a
   * garbage collection during the batch made the delta negative.
   */
  heapBytesPerIteration: number | null;
  /** Whether the function returned a promise (timed with await). */
  async: boolean;
  /** Per-iteration time that calibration measured, in ns. */
  calibratedNs: number;
  /**
   * Per pair of start/end readings, the clock's cost in ns, subtracted from
   * each sample: present when the function was timed between explicit
   * marks (see `timedRegion`).
   */
  clockCostNs?: number;
}

/**
 * Calibrates and times a bench function until the deadline or the precision
 * target, whichever comes first (after `minSamples`).
 *
 * @param fn the function to time
 * @param options deadline, sample bounds, precision, gc hook
 * @returns per-iteration samples in time order and the batch size used
 *
 * @example
 * ```ts
 * import { timeBench } from "./bench_timer.ts";
 * import { assert } from "@std/assert";
 * const t = await timeBench(() => Math.sqrt(2), {
 *   deadlineMs: performance.now() + 50,
 *   minSamples: 10,
 *   maxSamples: 1000,
 *   precision: 0,
 * });
 * // At least minSamples even past the deadline, at most maxSamples.
 * assert(t.samplesNs.length >= 10 && t.samplesNs.length <= 1000);
 * assert(t.iterationsPerSample >= 1);
 * ```
 */
export async function timeBench(
  fn: BenchFunction,
  options: BenchTimingOptions,
): Promise<BenchTiming> {
  const region = regionOf(fn);
  if (region !== undefined) return await timeMarked(fn, region, options);
  await warmUp(fn, options.warmupCalls ?? 0);
  const { iterations, perIterationNs, async } = await calibrate(
    fn,
    options.gc,
  );
  const heapBytesPerIteration = await heapPerIteration(
    fn,
    iterations,
    perIterationNs,
    async,
    options.gc,
  );
  const samplesNs = await sampleUntilDone(fn, iterations, options);
  return {
    samplesNs,
    iterationsPerSample: iterations,
    heapBytesPerIteration,
    async,
    calibratedNs: perIterationNs,
  };
}

/**
 * One call of mitata's `measure()` for the whole fork: its generated loop is
 * compiled once, so the JIT sees one caller of the function, not a new one
 * per chunk (which we saw deoptimise a sum loop 3.5× on its fourth chunk).
 *
 * mitata stops when its accumulated sample time reaches `min_cpu_time`, and
 * it accumulates the differences of what `now()` returns. Our `now()` keeps
 * the true clock readings for us and, once the deadline has passed (or the
 * precision target is met) with enough samples taken, returns an end time
 * far in the future: that sample is dropped and mitata's loop ends.
 */
async function sampleUntilDone(
  fn: BenchFunction,
  iterations: number,
  options: BenchTimingOptions,
): Promise<number[]> {
  const samples: number[] = [];
  let start = 0;
  let isStart = true;
  let stopping = false;
  const done = stopRule(options, iterations);
  const now = (): number => {
    const t = performance.now();
    if (isStart) {
      isStart = false;
      start = t;
      return t * 1e6;
    }
    isStart = true;
    if (stopping) return (t + 1e12) * 1e6;
    const x = ((t - start) * 1e6) / iterations;
    samples.push(x);
    stopping = done(x, t);
    return t * 1e6;
  };
  await measure(fn, {
    now,
    gc: options.gc ?? false,
    inner_gc: false,
    min_samples: 1,
    max_samples: options.maxSamples + 1,
    min_cpu_time: 1e15,
    samples_threshold: Infinity,
    warmup_samples: 1,
    warmup_threshold: Infinity,
    batch_threshold: iterations > 1 ? Infinity : -1,
    batch_samples: iterations,
    batch_unroll: iterations % 4 === 0 ? 4 : 1,
  });
  return samples;
}

/**
 * When a fork stops sampling, judged sample by sample. With `calls`: once
 * that many calls are timed (and, for batched samples, at least
 * `minSamples` samples). Otherwise, after `minSamples`: at the deadline, at
 * `maxSamples`, or once the relative half-width of a normal-theory 95% CI
 * of the mean is below `precision` (Welford's running mean and variance).
 */
function stopRule(
  options: BenchTimingOptions,
  iterations: number,
): (sampleNs: number, nowMs: number) => boolean {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  const { calls } = options;
  return (x, t) => {
    n++;
    if (calls !== undefined) {
      return n >= options.maxSamples ||
        (n * iterations >= calls &&
          (iterations === 1 || n >= options.minSamples));
    }
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
    if (n < options.minSamples) return false;
    const halfWidth = n > 1 ? 1.96 * Math.sqrt(m2 / (n - 1) / n) : Infinity;
    return t >= options.deadlineMs || n >= options.maxSamples ||
      (options.precision > 0 && halfWidth <= options.precision * mean);
  };
}

/**
 * Untimed calls, awaited when the function is async (`Deno.bench`'s
 * `warmup`); the single and the interleaved timer both run them.
 *
 * @param fn the function
 * @param calls how many
 *
 * @example
 * ```ts
 * import { warmUp } from "./bench_timer.ts";
 * import { assertEquals } from "@std/assert";
 * let n = 0;
 * await warmUp(async () => { n++; }, 3);
 * assertEquals(n, 3);
 * ```
 */
export async function warmUp(fn: BenchFunction, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
}

/**
 * Times a function between the marks it sets ({@link timedRegion}): a call
 * per sample, the clock's calibrated cost subtracted from each span. Warm-up
 * runs the calls asked for and at least {@link CALIBRATION_WARMUP_MS} of
 * calls; the heap probe then runs whole calls, setup included.
 */
async function timeMarked(
  fn: BenchFunction,
  region: RegionFunction,
  options: BenchTimingOptions,
): Promise<BenchTiming> {
  const first = fn();
  const async = first instanceof Promise;
  if (async) await first;
  const warm: number[] = [];
  const warmStart = performance.now();
  const warmEnd = warmStart + CALIBRATION_WARMUP_MS;
  const warmCalls = options.warmupCalls ?? 0;
  while (warm.length < warmCalls || performance.now() < warmEnd) {
    await timeRegions(region, 1, 0, warm);
  }
  // Calibrated once the marks' code is warm, as the timed calls run it.
  const clockCostNs = markPairCostNs();
  const wholeCallNs = ((performance.now() - warmStart) * 1e6) / warm.length;
  const settled = warm.slice(warm.length >> 1).map((ns) =>
    Math.max(1, ns - clockCostNs)
  ).sort((a, b) => a - b);
  const samplesNs: number[] = [];
  const done = stopRule(options, 1);
  do {
    await timeRegions(region, 1, clockCostNs, samplesNs);
  } while (!done(samplesNs[samplesNs.length - 1], performance.now()));
  return {
    samplesNs,
    iterationsPerSample: 1,
    heapBytesPerIteration: await heapPerIteration(
      fn,
      1,
      wholeCallNs,
      async,
      options.gc,
    ),
    async,
    calibratedNs: settled[settled.length >> 1],
    clockCostNs,
  };
}

/**
 * Sizes the batch in two steps. First our own loop doubles a batch until it
 * lasts {@link TARGET_SAMPLE_NS}. Then, because the loop mitata generates
 * runs the function faster than a generic loop can (3–4× for a small sum
 * here), that batch size is tried in mitata's own loop for
 * {@link CALIBRATION_WARMUP_MS}, and the batch is sized from the median of
 * the second half of those samples, when the JIT has settled.
 */
async function calibrate(
  fn: BenchFunction,
  gc: (() => void) | undefined,
): Promise<{ iterations: number; perIterationNs: number; async: boolean }> {
  const first = fn();
  const async = first instanceof Promise;
  if (async) await first;
  const sizeFor = (perIterationNs: number): number => {
    const k = Math.ceil(TARGET_SAMPLE_NS / Math.max(perIterationNs, 1e-3));
    if (k <= 1) return 1;
    return Math.min(MAX_BATCH, Math.ceil(k / 4) * 4);
  };
  let k = 1;
  let elapsedNs = 0;
  while (k < MAX_BATCH) {
    const t0 = performance.now();
    if (async) { for (let i = 0; i < k; i++) await fn(); }
    else for (let i = 0; i < k; i++) do_not_optimize(fn());
    elapsedNs = (performance.now() - t0) * 1e6;
    if (elapsedNs >= TARGET_SAMPLE_NS) {
      // One slow call may be a cold one (a collection, the loop's first
      // turn); settle on a batch of one only if the calls after it are slow
      // too, else a whole fork is timed a call per sample.
      if (k > 1 || await typicalCallNs(fn, async) >= TARGET_SAMPLE_NS) break;
    }
    k *= 2;
  }
  k = sizeFor(elapsedNs / k);
  // A call that fills a sample on its own needs no batch to size.
  if (k === 1) return { iterations: 1, perIterationNs: elapsedNs, async };
  const trial = await sampleUntilDone(fn, k, {
    deadlineMs: performance.now() + CALIBRATION_WARMUP_MS,
    minSamples: 4,
    maxSamples: 10_000,
    precision: 0,
    gc,
  });
  const settled = trial.slice(trial.length >> 1).sort((a, b) => a - b);
  const perIterationNs = Math.max(settled[settled.length >> 1], 1e-3);
  return { iterations: sizeFor(perIterationNs), perIterationNs, async };
}

/**
 * The median of up to five single calls, stopping early after
 * {@link CALIBRATION_WARMUP_MS} so that a slow function is not run five
 * more times.
 */
async function typicalCallNs(
  fn: BenchFunction,
  async: boolean,
): Promise<number> {
  const timesNs: number[] = [];
  const deadline = performance.now() + CALIBRATION_WARMUP_MS;
  while (timesNs.length < 5 && performance.now() < deadline) {
    const t0 = performance.now();
    if (async) await fn();
    else do_not_optimize(fn());
    timesNs.push((performance.now() - t0) * 1e6);
  }
  return timesNs.sort((a, b) => a - b)[timesNs.length >> 1];
}

/**
 * Heap growth per iteration over one long batch — at least
 * {@link HEAP_PROBE_MS} and 16 samples' worth of calls — after a collection
 * when `gc` is available; null when the heap shrank (a collection ran inside
 * the batch, so the delta says nothing).
 *
 * @param fn the function
 * @param batch calls per sample
 * @param perCallNs the function's time per call
 * @param async whether to await each call
 * @param gc `globalThis.gc`, when exposed
 * @returns bytes per call, or null
 *
 * @example
 * ```ts ignore
 * await heapPerIteration(fn, 1_000, 250, false, globalThis.gc);
 * ```
 */
export async function heapPerIteration(
  fn: BenchFunction,
  batch: number,
  perCallNs: number,
  async: boolean,
  gc: (() => void) | undefined,
): Promise<number | null> {
  const iterations = Math.max(
    batch * 16,
    Math.ceil((HEAP_PROBE_MS * 1e6) / perCallNs),
  );
  gc?.();
  const before = Deno.memoryUsage().heapUsed;
  if (async) { for (let i = 0; i < iterations; i++) await fn(); }
  else for (let i = 0; i < iterations; i++) do_not_optimize(fn());
  const grown = Deno.memoryUsage().heapUsed - before;
  return grown >= 0 ? grown / iterations : null;
}
