/**
 * timers/timer_fidelity — how close does `setTimeout(d)` come to `d`? The
 * requested delay is swept (0, 1, 2, 5, 10, 50 ms) for a timer armed from a
 * fresh task and for one armed deep inside a chain of timer callbacks, where
 * HTML clamps delays below 4 ms to 4 ms; then many timers are armed at once
 * to see how the answer degrades with load.
 *
 * Nothing here assumes the answer. Read the resolution floor off the
 * `actualDelay` sweep (where `d = 0` and `d = 1` come out the same, that
 * is the floor) and the modality line of `actualDelay` (a timer driven by a
 * coarse tick shows modes one tick apart). The `nested` vs `flat`
 * comparison says whether the arming context matters: a nesting clamp would
 * make `nested` slower for `d` < 4. In `concurrent` the arming loop is
 * itself load: the first timers armed wait for the rest to be armed.
 *
 * @module
 */

import {
  assertIntegerInRange,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  integerAxis,
  type SuiteFactory,
} from "../../mod.ts";

/** Options of {@link timerFidelity}. */
export interface TimerFidelityOptions {
  /** Requested delays of the `flat` and `nested` cases, ms: the sweep's axis. @default [0, 1, 2, 5, 10, 50] */
  delaysMs?: number[];
  /** Timers armed at once by the `concurrent` case. @default [1, 100, 10000] */
  timers?: number[];
  /** Requested delay of the `concurrent` case's timers, ms. @default [1] */
  concurrentDelaysMs?: number[];
  /** Timers measured one after another per repetition of `flat` and `nested`. @default 3 */
  timersPerRepetition?: number;
  /**
   * `setTimeout(0)` links the `nested` chain goes through before its
   * measured timers, which are then armed at this nesting level and deeper.
   * HTML clamps a delay below 4 ms to 4 ms from level 6 (nesting level > 5).
   * @default 6
   */
  nestingDepth?: number;
  /**
   * Most timers whose lateness one repetition of `concurrent` records: every
   * ⌈timers / latenessSamples⌉-th timer, the first included. Keeps the
   * analysis of 10k-timer batches cheap. @default 100
   */
  latenessSamples?: number;
}

/** Longest delay accepted, ms: a repetition waits for several such timers in turn. */
const MAX_DELAY_MS = 1000;
/**
 * Longest repetition of `flat` or `nested`, ms: a fork runs at least two,
 * and its timeout is four budgets plus 30 s.
 */
const MAX_REPETITION_MS = 5_000;
/** Most timers armed at once. */
const MAX_TIMERS = 1_000_000;
/**
 * Repetitions per fork of `concurrent`: small batches finish in a few ms,
 * and 100 lateness samples per repetition over hundreds of repetitions
 * would only slow the analysis.
 */
const CONCURRENT_MAX_REPETITIONS = 40;

/**
 * The suite: cases `flat` and `nested` over the requested delay, recording
 * each timer's actual delay and lateness; `nested` compared with `flat` on
 * actual delay at every delay, both swept over it. Case `concurrent` arms
 * `timers` timers at once and records a systematic subsample of their
 * lateness, the spread from first to last fire, the cost of arming one and
 * how many fired out of arming order; swept over `timers`.
 *
 * @param options delays, batch sizes, chain depth, samples per repetition
 * @returns the suite
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { timerFidelity } from "@looplab/looplab/suites/timers";
 * await run([timerFidelity({ delaysMs: [0, 1, 4], timers: [1000] })]);
 * ```
 */
export const timerFidelity: SuiteFactory<TimerFidelityOptions> =
  defineSuiteFactory(
    "timerFidelity",
    (options: TimerFidelityOptions = {}) => {
      const delaysMs = integerAxis(
        options.delaysMs,
        "delaysMs",
        0,
        MAX_DELAY_MS,
        [0, 1, 2, 5, 10, 50],
      );
      const timers = integerAxis(
        options.timers,
        "timers",
        1,
        MAX_TIMERS,
        [1, 100, 10000],
      );
      const concurrentDelaysMs = integerAxis(
        options.concurrentDelaysMs,
        "concurrentDelaysMs",
        0,
        MAX_DELAY_MS,
        [1],
      );
      const o = {
        timersPerRepetition: options.timersPerRepetition ?? 3,
        nestingDepth: options.nestingDepth ?? 6,
        latenessSamples: options.latenessSamples ?? 100,
      };
      assertIntegerInRange(
        o.timersPerRepetition,
        "timersPerRepetition",
        1,
        100,
      );
      assertIntegerInRange(o.nestingDepth, "nestingDepth", 0, 100);
      assertIntegerInRange(o.latenessSamples, "latenessSamples", 1, 10_000);
      // flat and nested wait for their timers one after another.
      const repetitionMs = o.timersPerRepetition * Math.max(...delaysMs);
      if (repetitionMs > MAX_REPETITION_MS) {
        throw new RangeError(
          `timersPerRepetition × the longest delay must be at most ` +
            `${MAX_REPETITION_MS} ms (one repetition), got ${o.timersPerRepetition} × ${
              Math.max(...delaysMs)
            } = ${repetitionMs}`,
        );
      }
      const delayMetrics = {
        actualDelay: {
          unit: "ms",
          direction: "smaller" as const,
          description: "armed → callback ran",
        },
        lateness: {
          unit: "ms",
          direction: "smaller" as const,
          description: "actual delay − requested delay",
        },
      };
      const concurrentMetrics = {
        lateness: {
          unit: "ms",
          direction: "smaller" as const,
          description: "own arming + requested delay → callback ran, sampled",
        },
        spread: {
          unit: "ms",
          direction: "smaller" as const,
          description: "first → last callback of the batch",
        },
        armCost: {
          unit: "µs",
          direction: "smaller" as const,
          description: "time to arm one timer, batch mean",
        },
        outOfOrder: {
          unit: "count",
          direction: "smaller" as const,
          description: "callbacks that ran after one armed later, per batch",
        },
      };
      return {
        name: "timers/timer_fidelity",
        description:
          `setTimeout(d) for d in [${delaysMs}] ms, from a fresh task and at nesting level ≥ ${o.nestingDepth}; ` +
          `[${timers}] timers of [${concurrentDelaysMs}] ms at once`,
        cases: [
          experiment(
            "flat",
            delayMetrics,
            (ctx) => flat(ctx, o.timersPerRepetition),
            {
              description: "each timer armed from a fresh task (a message)",
              params: { delayMs: delaysMs },
              repetitions: { min: 2 },
            },
          ),
          experiment(
            "nested",
            delayMetrics,
            (ctx) => nested(ctx, o.timersPerRepetition, o.nestingDepth),
            {
              description:
                `each timer armed inside the previous one's callback, ${o.nestingDepth} levels deep and more`,
              params: { delayMs: delaysMs },
              repetitions: { min: 2 },
            },
          ),
          experiment(
            "concurrent",
            concurrentMetrics,
            (ctx) => concurrent(ctx, o.latenessSamples),
            {
              description: "a batch of timers armed in one synchronous loop",
              params: { timers, delayMs: concurrentDelaysMs },
              repetitions: { min: 2, max: CONCURRENT_MAX_REPETITIONS },
            },
          ),
        ],
        comparisons: [{
          base: "flat",
          candidate: "nested",
          metric: "actualDelay",
        }],
        sweeps: [
          { param: "delayMs", case: "flat", metric: "actualDelay" },
          { param: "delayMs", case: "nested", metric: "actualDelay" },
          { param: "timers", case: "concurrent", metric: "lateness" },
          { param: "timers", case: "concurrent", metric: "spread" },
        ],
      };
    },
  );

/**
 * Resolves once `port` has delivered a message: the continuation then runs
 * in a task of its own, outside any timer callback, so a timer armed there
 * starts at nesting level 0.
 */
function freshTask(channel: MessageChannel): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Records one fired timer's actual delay and lateness. */
function recordDelay(
  ctx: ExperimentContext,
  armedMs: number,
  delayMs: number,
): void {
  const actualMs = ctx.recordSince("actualDelay", armedMs);
  ctx.record("lateness", actualMs - delayMs);
}

async function flat(
  ctx: ExperimentContext,
  timersPerRepetition: number,
): Promise<void> {
  const delayMs = Number(ctx.params.delayMs);
  const channel = new MessageChannel();
  try {
    for (let i = 0; i < timersPerRepetition && !ctx.signal.aborted; i++) {
      await freshTask(channel);
      // Armed in the message's task (its microtasks), never in a
      // continuation of a timer's task.
      await new Promise<void>((resolve) => {
        const armedMs = performance.now();
        setTimeout(() => {
          recordDelay(ctx, armedMs, delayMs);
          resolve();
        }, delayMs);
      });
    }
  } finally {
    channel.port1.close();
    channel.port2.close();
  }
}

async function nested(
  ctx: ExperimentContext,
  timersPerRepetition: number,
  nestingDepth: number,
): Promise<void> {
  const delayMs = Number(ctx.params.delayMs);
  const links = nestingDepth + timersPerRepetition;
  const channel = new MessageChannel();
  try {
    await freshTask(channel);
    // Link k is armed inside link k − 1's callback, at nesting level k. The
    // first `nestingDepth` links only climb (at 0 ms, to keep a repetition
    // short); the rest are measured.
    await new Promise<void>((resolve) => {
      let armedMs = 0;
      const arm = (link: number): void => {
        armedMs = performance.now();
        setTimeout(() => {
          if (link >= nestingDepth) recordDelay(ctx, armedMs, delayMs);
          if (link + 1 < links && !ctx.signal.aborted) arm(link + 1);
          else resolve();
        }, link < nestingDepth ? 0 : delayMs);
      };
      arm(0);
    });
  } finally {
    channel.port1.close();
    channel.port2.close();
  }
}

async function concurrent(
  ctx: ExperimentContext,
  latenessSamples: number,
): Promise<void> {
  const count = Number(ctx.params.timers);
  const delayMs = Number(ctx.params.delayMs);
  const stride = Math.ceil(count / latenessSamples);
  const sampledArmedMs = new Float64Array(Math.ceil(count / stride));
  const handles: ReturnType<typeof setTimeout>[] = new Array(count);
  let fired = 0;
  let latestArmed = -1;
  let outOfOrder = 0;
  let firstFireMs = NaN;
  let lastFireMs = NaN;
  let armCostUs = NaN;
  const channel = new MessageChannel();
  let onAbort = (): void => {};
  try {
    await freshTask(channel);
    await new Promise<void>((resolve) => {
      const onFire = (index: number): void => {
        if (fired === 0 || fired === count - 1) {
          lastFireMs = performance.now();
          if (fired === 0) firstFireMs = lastFireMs;
        }
        if (index < latestArmed) outOfOrder++;
        else latestArmed = index;
        if (index % stride === 0) {
          ctx.recordSince("lateness", sampledArmedMs[index / stride] + delayMs);
        }
        if (++fired === count) resolve();
      };
      onAbort = () => {
        for (const handle of handles) clearTimeout(handle);
        resolve();
      };
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      // The loop is the load: keep it to arming, plus a clock read for the
      // sampled timers only.
      const startMs = performance.now();
      for (let i = 0; i < count; i++) {
        if (i % stride === 0) sampledArmedMs[i / stride] = performance.now();
        handles[i] = setTimeout(onFire, delayMs, i);
      }
      armCostUs = (performance.now() - startMs) * 1000 / count;
    });
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    channel.port1.close();
    channel.port2.close();
  }
  if (fired < count) return; // aborted: the batch is incomplete
  ctx.record("spread", lastFireMs - firstFireMs);
  ctx.record("armCost", armCostUs);
  ctx.record("outOfOrder", outOfOrder);
}
