/**
 * Runs one job for one fork, in the current process: setup, measurement,
 * teardown, then the leak check. A fork process calls this; so does the
 * in-process mode used for debugging.
 *
 * @module
 */

// units.ts alone, not artifact/mod.ts: every fork loads this file, and the
// artifact's reader brings its JSON Schema validator (Ajv) with it.
import { isTimeUnit, NS_PER_TIME_UNIT } from "../artifact/units.ts";
import {
  type BenchFunction,
  type BenchTiming,
  startLagProbe,
  timeBench,
  timeInterleaved,
} from "../measure/mod.ts";
// thin.ts alone, not stats/mod.ts: every fork loads this file, and the
// whole statistics folder would add ~7 ms to each fork's start.
import { createThinner } from "../stats/thin.ts";
import type { LeakTracker } from "./_leaks.ts";
import type {
  BenchCase,
  ExperimentCase,
  ExperimentContext,
  Params,
} from "./suite.ts";
import { BENCH_METRIC, type Job } from "./_plan.ts";

/** How a fork measures. */
export interface ForkSettings {
  /** This fork's index (0-based) and the fork count. */
  fork: { index: number; count: number };
  /**
   * Measuring time for this fork, ms, from when its suite is loaded (setup,
   * batch sizing and warm-up included): the process's start-up, which a
   * loaded host can stretch to hundreds of ms, does not eat into it.
   */
  budgetMs: number;
  /** Fewest samples per bench fork / repetitions per experiment fork. */
  minSamples: number;
  /** Most samples per bench fork. */
  maxSamples: number;
  /** Relative CI half-width at which a bench fork may stop early. */
  precision: number;
  /** The fork's timeout, ms. */
  timeoutMs: number;
  /** Seed of anything the fork draws at random (a group's order). */
  seed: number;
}

/** Why a fork failed. */
export type FailureKind = "threw" | "timeout" | "leak" | "crash" | "invalid";

/** A failure with its reason. */
export interface Failure {
  /** What went wrong. */
  kind: FailureKind;
  /** A one-line message. */
  message: string;
  /** The stack, or the tail of the fork's stderr. */
  detail?: string;
}

/** One metric's observations from one fork. */
export interface ForkMetric {
  /**
   * The values, in the order recorded: all of them, or past `maxSamples`
   * those recorded at multiples of `stride`.
   */
  samples: number[];
  /** Values recorded, when more than were kept. */
  recorded?: number;
  /** The stride of the kept values, when more were recorded than kept. */
  stride?: number;
}

/** How a group's fork interleaved its members. */
export interface Interleaving {
  /** Seed of the rounds' order. */
  seed: number;
  /** Samples of each member per block. */
  blockSamples: number;
  /** Per recorded round, the members' indices in the order they ran. */
  order: number[][];
  /** Rounds run before recording, to warm up. */
  warmupRounds: number;
}

/** What the host did to a fork, read from `/proc` by its parent. */
export interface ForkUsage {
  /** From the fork's start to its result, ms. */
  wallMs: number;
  /** User and system CPU time, ms. */
  cpuMs: number;
  /** Time runnable but waiting for a CPU, ms (null: no schedstat). */
  runQueueWaitMs: number | null;
  /** Preemptions. */
  involuntarySwitches: number;
}

/** What one fork of one job produced. */
export interface ForkResult {
  /** Whether the fork ran to the end and left nothing behind. */
  status: "passed" | "failed";
  /** Why it failed. */
  failure?: Failure;
  /** Observations by metric name. */
  metrics: Record<string, ForkMetric>;
  /** Bench timing details (bench cases only). */
  bench?: Omit<BenchTiming, "samplesNs">;
  /** Experiment repetitions run. */
  repetitions?: number;
  /** A group's fork: how it interleaved (the same for every member). */
  interleaving?: Interleaving;
  /** What the host did to the fork (forks only; the parent fills it). */
  usage?: ForkUsage;
  /** Wall time of the fork's work, ms. */
  elapsedMs: number;
}

class TimeoutError extends Error {}

/**
 * Runs one fork's work and returns what it measured, or why it failed:
 * one job, or a group of bench jobs measured interleaved (see
 * `timeInterleaved`), one result per job — of one suite, or of two
 * revisions' suites. Never throws for a failure of a case itself. In a
 * group, a member whose build or first call throws fails alone, and so do
 * the jobs of a suite that cannot load; a timeout, a leak or a throw during
 * the interleaved timing fails every job of the fork (whose it was cannot
 * be told: the runner then measures the members apart to find out).
 *
 * @param jobs the job, or the group's jobs (bench cases; the jobs of one
 *   suite share parameters: the suite is set up once with them)
 * @param settings budget, samples, precision, timeout, fork index, seed
 * @param tracker the process's leak tracker
 * @returns one result per job, in order
 *
 * @example
 * ```ts ignore
 * const [result] = await measureForkHere([job], settings, installLeakTracker());
 * ```
 */
export async function measureForkHere(
  jobs: readonly Job[],
  settings: ForkSettings,
  tracker: LeakTracker,
): Promise<ForkResult[]> {
  // What a suite's load opens is the suite's, kept for the fork's life:
  // load before the tracker's mark, and before the budget starts. A suite
  // that cannot load fails its own jobs; two revisions' suites sharing the
  // fork go on without it.
  const started = performance.now();
  const unloaded = new Map<Job["suite"], Failure>();
  for (const { suite } of suitesOf(jobs)) {
    try {
      await suite.load?.();
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      unloaded.set(suite, {
        kind: "threw",
        message: `loading the suite: ${e.name}: ${e.message}`,
        detail: e.stack,
      });
    }
  }
  const loaded = jobs.filter((job) => !unloaded.has(job.suite));
  const measured = loaded.length === 0
    ? []
    : await measureLoaded(loaded, settings, tracker);
  return jobs.map((job) => {
    const failure = unloaded.get(job.suite);
    if (failure === undefined) return measured[loaded.indexOf(job)];
    return {
      status: "failed",
      failure,
      metrics: noSamples(job),
      elapsedMs: performance.now() - started,
    };
  });
}

/** {@link measureForkHere} once the jobs' suites are loaded. */
async function measureLoaded(
  jobs: readonly Job[],
  settings: ForkSettings,
  tracker: LeakTracker,
): Promise<ForkResult[]> {
  const started = performance.now();
  const metricsOf = jobs.map(noSamples);
  const failed = (failure: Failure): ForkResult[] =>
    jobs.map((_, i) => ({
      status: "failed",
      failure,
      metrics: metricsOf[i],
      elapsedMs: performance.now() - started,
    }));
  // In-process runs share one tracker: only what this case opens counts.
  const since = tracker.mark();
  const controller = new AbortController();
  let timer = 0;
  const timeout = new Promise<never>((_, reject) => {
    timer = tracker.setTimeout(() => {
      controller.abort(new TimeoutError("timeout"));
      reject(new TimeoutError("timeout"));
    }, settings.timeoutMs);
  });
  let results: ForkResult[];
  try {
    results = await Promise.race([
      jobs.length === 1
        ? measureJob(
          jobs[0],
          settings,
          started + settings.budgetMs,
          metricsOf[0],
          controller.signal,
        ).then((r) => [r])
        : measureGroup(jobs, settings, started + settings.budgetMs, metricsOf),
      timeout,
    ]);
    for (const r of results) r.elapsedMs = performance.now() - started;
  } catch (error) {
    tracker.clearTimeout(timer);
    await teardownAfterFailure(jobs, tracker);
    if (error instanceof TimeoutError) {
      return failed({
        kind: "timeout",
        message: `did not finish within its ${settings.timeoutMs} ms timeout`,
      });
    }
    const e = error instanceof Error ? error : new Error(String(error));
    return failed({
      kind: "threw",
      message: `${e.name}: ${e.message}`,
      detail: e.stack,
    });
  }
  tracker.clearTimeout(timer);
  const leaked = tracker.describe(since);
  if (leaked !== null) {
    return failed({
      kind: "leak",
      message: `left ${leaked} behind after teardown`,
    });
  }
  return results;
}

/**
 * A group's fork: each suite set up once (a suite's members share parameters),
 * every member built and called once, timed interleaved, torn down. A
 * member whose build or first call throws fails alone, with its own error,
 * and the others are timed without it (interleaved while two remain); a
 * throw during the interleaved timing fails them all, since it cannot be
 * told whose it was.
 */
async function measureGroup(
  jobs: readonly Job[],
  settings: ForkSettings,
  deadline: number,
  metricsOf: Record<string, ForkMetric>[],
): Promise<ForkResult[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const suites = suitesOf(jobs);
  for (const { suite, params } of suites) await suite.setup?.(params);
  const results: (ForkResult | null)[] = jobs.map(() => null);
  const fns: BenchFunction[] = [];
  const live: number[] = [];
  for (const [m, job] of jobs.entries()) {
    const c = job.case;
    if (c.kind !== "bench") {
      throw new TypeError(
        `${job.id} is not a bench case: it cannot interleave`,
      );
    }
    try {
      const fn = await c.build(job.params);
      const first = fn();
      if (first instanceof Promise) await first;
      fns.push(fn);
      live.push(m);
    } catch (error) {
      await (async () => await c.teardown?.(job.params))().catch(() => {});
      const e = error instanceof Error ? error : new Error(String(error));
      results[m] = {
        status: "failed",
        failure: {
          kind: "threw",
          message: `${e.name}: ${e.message}`,
          detail: e.stack,
        },
        metrics: metricsOf[m],
        elapsedMs: 0,
      };
    }
  }
  if (live.length === 1) {
    const [m] = live;
    const c = jobs[m].case as BenchCase;
    const { samplesNs, ...bench } = await timeAlone(
      fns[0],
      c,
      settings,
      deadline,
    );
    metricsOf[m][BENCH_METRIC].samples = samplesNs;
    results[m] = {
      status: "passed",
      metrics: metricsOf[m],
      bench,
      elapsedMs: 0,
    };
  } else if (live.length > 1) {
    const cases = live.map((m) => jobs[m].case as BenchCase);
    const timing = await timeInterleaved(fns, {
      deadlineMs: deadline,
      maxSamples: settings.maxSamples,
      seed: settings.seed,
      gc,
      calls: cases.map((c) => c.calls),
      warmupCalls: cases.map((c) => c.warmupCalls),
    });
    const interleaving: Interleaving = {
      seed: settings.seed,
      blockSamples: timing.blockSamples,
      // Members by their place in the group, not among those timed.
      order: timing.order.map((round) => round.map((i) => live[i])),
      warmupRounds: timing.warmupRounds,
    };
    live.forEach((m, i) => {
      const samples = timing.samplesNs[i];
      metricsOf[m][BENCH_METRIC].samples = samples;
      const sorted = [...samples].sort((a, b) => a - b);
      results[m] = {
        status: "passed",
        metrics: metricsOf[m],
        bench: {
          iterationsPerSample: timing.iterationsPerSample[i],
          heapBytesPerIteration: timing.heapBytesPerIteration[i],
          async: timing.async[i],
          calibratedNs: sorted[sorted.length >> 1],
          ...(timing.marked[i] && timing.clockCostNs !== null
            ? { clockCostNs: timing.clockCostNs }
            : {}),
        },
        interleaving,
        elapsedMs: 0,
      };
    });
  }
  for (const m of live) await jobs[m].case.teardown?.(jobs[m].params);
  for (const { suite, params } of suites) await suite.teardown?.(params);
  return results as ForkResult[];
}

/** A bench function timed on its own, with its case's counted calls. */
function timeAlone(
  fn: BenchFunction,
  c: BenchCase,
  settings: ForkSettings,
  deadline: number,
): Promise<BenchTiming> {
  return timeBench(fn, {
    deadlineMs: deadline,
    minSamples: settings.minSamples,
    maxSamples: settings.maxSamples,
    precision: settings.precision,
    gc: (globalThis as { gc?: () => void }).gc,
    calls: c.calls,
    warmupCalls: c.warmupCalls,
  });
}

/** Most time a teardown after a failure may take before it is abandoned. */
const FAILURE_TEARDOWN_MS = 1_000;

/**
 * After a throw or a timeout, still run the teardowns (best effort, bounded
 * in time), so that an in-process run does not carry the case's resources
 * into the next case. Their own errors are ignored: the case already failed.
 */
async function teardownAfterFailure(
  jobs: readonly Job[],
  tracker: LeakTracker,
): Promise<void> {
  // Each case's teardown, then each suite's once: a group shares its suite
  // (two revisions' groups, one suite each).
  const teardown = (async () => {
    for (const job of jobs) {
      await (async () => await job.case.teardown?.(job.params))().catch(
        () => {},
      );
    }
    for (const { suite, params } of suitesOf(jobs)) {
      await (async () => await suite.teardown?.(params))().catch(() => {});
    }
  })();
  let timer = 0;
  await Promise.race([
    teardown,
    new Promise<void>((resolve) => {
      timer = tracker.setTimeout(resolve, FAILURE_TEARDOWN_MS);
    }),
  ]);
  tracker.clearTimeout(timer);
}

async function measureJob(
  job: Job,
  settings: ForkSettings,
  deadline: number,
  metrics: Record<string, ForkMetric>,
  signal: AbortSignal,
): Promise<ForkResult> {
  const { suite, params } = job;
  const c = job.case;
  await suite.setup?.(params);
  if (c.kind === "bench") {
    const fn = await c.build(params);
    const timing = await timeAlone(fn, c, settings, deadline);
    await c.teardown?.(params);
    await suite.teardown?.(params);
    const { samplesNs, ...bench } = timing;
    metrics[BENCH_METRIC].samples = samplesNs;
    return { status: "passed", metrics, bench, elapsedMs: 0 };
  }
  await c.setup?.(params);
  // At most maxSamples kept a metric, in order, however many are recorded.
  const kept = new Map(
    Object.keys(metrics).map((
      name,
    ) => [name, createThinner(settings.maxSamples)]),
  );
  const context = experimentContext(c, params, signal, settings.fork, {
    push: (metric, value) => kept.get(metric)!.push(value),
  });
  const min = Math.max(1, c.repetitions?.min ?? 1);
  const max = c.repetitions?.max ?? Infinity;
  let repetitions = 0;
  while (
    repetitions < min ||
    (repetitions < max && performance.now() < deadline && !signal.aborted)
  ) {
    await c.run(context);
    repetitions++;
  }
  await c.teardown?.(params);
  await suite.teardown?.(params);
  for (const [name, thinner] of kept) {
    metrics[name] = thinner.stride === 1 ? { samples: thinner.samples } : {
      samples: thinner.samples,
      recorded: thinner.recorded,
      stride: thinner.stride,
    };
  }
  return { status: "passed", metrics, repetitions, elapsedMs: 0 };
}

/**
 * The context an experiment records through: `record` checks that the
 * metric is declared and the value finite, then hands it to `sink`;
 * `recordSince` converts from the intended start to the metric's time unit.
 * A fork keeps what is recorded; a soak's child reports it.
 *
 * @param c the experiment
 * @param params its parameter values
 * @param signal aborted at its timeout (a fork) or the soak's stop
 * @param fork which fork this is
 * @param sink where each checked value goes
 * @returns the context
 *
 * @example
 * ```ts
 * import { experimentContext } from "./_measure_fork_here.ts";
 * import { experiment } from "./suite.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const c = experiment("e", { lag: { unit: "ms", direction: "smaller" } }, () => {});
 * const got: number[] = [];
 * const ctx = experimentContext(c, {}, new AbortController().signal,
 *   { index: 0, count: 1 }, { push: (_, v) => got.push(v) });
 * ctx.record("lag", 2);
 * assertEquals(got, [2]);
 * assertThrows(() => ctx.record("other", 1), RangeError, "does not declare");
 * assertThrows(() => ctx.record("lag", NaN), RangeError, "must be finite");
 * ```
 */
export function experimentContext(
  c: ExperimentCase,
  params: Params,
  signal: AbortSignal,
  fork: { index: number; count: number },
  sink: { push: (metric: string, value: number) => void },
): ExperimentContext {
  const record = (metric: string, value: number): void => {
    // Own properties only: "constructor" or "toString" is not a metric.
    if (!Object.hasOwn(c.metrics, metric)) {
      throw new RangeError(
        `case "${c.name}" recorded metric "${metric}", which it does not ` +
          `declare; declared: ${Object.keys(c.metrics).join(", ")}`,
      );
    }
    if (!Number.isFinite(value)) {
      throw new RangeError(
        `case "${c.name}" recorded ${value} for "${metric}"; values must be finite`,
      );
    }
    sink.push(metric, value);
  };
  return {
    params,
    signal,
    fork,
    record,
    recordSince(metric: string, intendedStartMs: number): number {
      const unit = Object.hasOwn(c.metrics, metric)
        ? c.metrics[metric].unit
        : "ms";
      if (!isTimeUnit(unit)) {
        throw new RangeError(
          `recordSince needs a time unit (${
            Object.keys(NS_PER_TIME_UNIT).join(", ")
          }); "${metric}" is in ${unit}`,
        );
      }
      const unitsPerMs = NS_PER_TIME_UNIT.ms / NS_PER_TIME_UNIT[unit];
      const value = (performance.now() - intendedStartMs) * unitsPerMs;
      record(metric, value);
      return value;
    },
    startLagProbe,
  };
}

/**
 * The distinct suites of a fork's jobs, in order of first use, each with
 * the parameters its first job was planned with (a group's members of one
 * suite share them).
 */
function suitesOf(
  jobs: readonly Job[],
): { suite: Job["suite"]; params: Job["params"] }[] {
  const seen = new Map<Job["suite"], Job["params"]>();
  for (const job of jobs) {
    if (!seen.has(job.suite)) seen.set(job.suite, job.params);
  }
  return [...seen].map(([suite, params]) => ({ suite, params }));
}

/** A job's metrics with no sample yet: what a fork fills, or fails with. */
function noSamples(job: Job): Record<string, ForkMetric> {
  return Object.fromEntries(
    Object.keys(job.metrics).map((name) => [name, { samples: [] }]),
  );
}
