/**
 * scheduling/yield_before_loop — from `shared/seeds/001_…`: under tokio, a
 * `yield_now()` before an SSE task's read loop turned a bimodal latency
 * distribution (24% of iterations in a slow mode) into a unimodal one. The
 * cause there was a multi-threaded executor placing the new task on another
 * worker. Deno runs a task on one thread, so the question here is what a
 * yield before the loop does on this runtime, if anything.
 *
 * Each repetition starts a producer — it sends its first event at once —
 * then spawns the consumer as a new async task (called, not awaited). The
 * consumer yields once by the case's means (or not at all) and then loops,
 * reading every event. Each event carries its send stamp. The producers
 * differ in what wakes the consumer (the `source` axis): microtasks (the
 * producer runs flat out), timer fires, or reads on a loopback TCP
 * connection (the last two sending every `periodMs`).
 *
 * Look at the modality lines of `eventLatency` and `firstEventLatency`: the
 * terminal report prints one, with the share near each mode, for every
 * distribution with more than one mode; no line means one mode.
 * `backlogAtFirst` counts how far the producer got before the consumer took
 * its first event — the effect of the yield that can be counted.
 *
 * @module
 */

import {
  assertIntegerInRange,
  chosenList,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  type Params,
  type SuiteFactory,
} from "../../mod.ts";
import { quantileSorted } from "../../lib/stats/mod.ts";
import {
  type Feed,
  type FeedSource,
  startFeed,
} from "../../fixtures/workloads/yield_before_loop_producer.ts";
import {
  type LoopbackPair,
  openLoopbackPair,
} from "../../fixtures/workloads/loopback_pair.ts";

// `setImmediate` is Deno's global, not an import of node:timers: importing a
// Node module loads its compatibility layer (~30 ms here) into every fork
// that imports this suite; the global loads it only when a case calls it.

// Re-exported: the options name it.
export type { FeedSource };

/** How the consumer yields before entering its loop. */
export type LoopYield =
  | "none"
  | "microtask"
  | "set-immediate"
  | "message-channel"
  | "set-timeout-0";

/** Options of {@link yieldBeforeLoop}. */
export interface YieldBeforeLoopOptions {
  /**
   * The cases: how the consumer yields first; each is compared with `none`
   * (or with the first listed when that is absent).
   * @default all five
   */
  yields?: LoopYield[];
  /**
   * The `source` axis: what wakes the consumer.
   * @default ["microtask", "timer", "socket"]
   */
  sources?: FeedSource[];
  /** Events per repetition, the first included. @default 50 */
  events?: number;
  /**
   * The period of the timer and socket sources, ms: both send on a timer's
   * schedule. Deno runs `setTimeout(1)` after ~2 ms here, so a period of 2
   * is about the shortest a timer keeps.
   * @default 2
   */
  periodMs?: number;
}

const ALL_YIELDS: readonly LoopYield[] = [
  "none",
  "microtask",
  "set-immediate",
  "message-channel",
  "set-timeout-0",
];
const ALL_SOURCES: readonly FeedSource[] = ["microtask", "timer", "socket"];
/** The comparisons' base: the loop entered at once, as before the fix. */
const BASE_YIELD: LoopYield = "none";
/** The first event and at least one steady one. */
const MIN_EVENTS = 2;
/** Most events per repetition: two sources spend periodMs on each. */
const MAX_EVENTS = 10_000;
/** Longest period, ms: a repetition should stay short. */
const MAX_PERIOD_MS = 50;
/**
 * Longest paced repetition, ms: a fork runs at least two, and its timeout
 * is four budgets plus 30 s.
 */
const MAX_REPETITION_MS = 5_000;
/**
 * Most repetitions per fork. The microtask and socket sources finish one
 * in well under a millisecond; without a cap a fork would record hundreds
 * of thousands of latencies, which the analysis and the artifact carry for
 * nothing — 50 repetitions already give 50 first events per fork.
 */
const MAX_REPETITIONS = 50;

/** Unrecorded repetitions per fork before the first recorded one. */
const WARM_UP_REPETITIONS = 20;
/** Events in the warm-up run of the timer or socket source. */
const WARM_UP_EVENTS = 5;

const YIELD_DESCRIPTIONS: Record<LoopYield, string> = {
  none: "enters the read loop at once",
  microtask: "await null first (a microtask turn)",
  "set-immediate": "awaits a setImmediate first (a macrotask)",
  "message-channel": "awaits one MessageChannel hop first",
  "set-timeout-0": "awaits setTimeout(0) first (a timer turn)",
};

/**
 * The suite: one experiment per yield variant over the event source,
 * recording per repetition the first event's latency (its send, just before
 * the consumer was spawned → taken by the consumer), the events the
 * producer had sent beyond it by then, the latency of every later event
 * (sent → taken) and that repetition's p99 of it; each variant compared
 * with `none` on the three latency metrics.
 *
 * @param options yield variants, sources, events per repetition, timer period
 * @returns the suite
 * @throws {RangeError} on an option out of range, naming it
 *
 * @example
 * ```ts
 * import { yieldBeforeLoop } from "@looplab/looplab/suites/scheduling";
 * import { assertEquals } from "@std/assert";
 * const suite = yieldBeforeLoop({
 *   yields: ["none", "set-timeout-0"],
 *   sources: ["socket"],
 * });
 * assertEquals(suite.params, { source: ["socket"] });
 * assertEquals(
 *   suite.comparisons?.map((c) => [c.base, c.candidate, c.metric]),
 *   [
 *     ["none", "set-timeout-0", "eventLatency"],
 *     ["none", "set-timeout-0", "eventLatencyP99"],
 *     ["none", "set-timeout-0", "firstEventLatency"],
 *   ],
 * );
 * ```
 */
export const yieldBeforeLoop: SuiteFactory<YieldBeforeLoopOptions> =
  defineSuiteFactory(
    "yieldBeforeLoop",
    (options: YieldBeforeLoopOptions = {}) => {
      const yields = chosenList(options.yields, "yields", ALL_YIELDS);
      const sources = chosenList(options.sources, "sources", ALL_SOURCES);
      const events = options.events ?? 50;
      const periodMs = options.periodMs ?? 2;
      assertIntegerInRange(events, "events", MIN_EVENTS, MAX_EVENTS);
      assertIntegerInRange(periodMs, "periodMs", 1, MAX_PERIOD_MS);
      // The timer and socket sources spend a period on every event.
      if (events * periodMs > MAX_REPETITION_MS) {
        throw new RangeError(
          `events × periodMs must be at most ${MAX_REPETITION_MS} ms (one ` +
            `repetition of the paced sources), got ${events} × ${periodMs} = ${
              events * periodMs
            }`,
        );
      }
      const base = yields.includes(BASE_YIELD) ? BASE_YIELD : yields[0];
      const candidates = yields.filter((y) => y !== base);
      return {
        name: "scheduling/yield_before_loop",
        description: `a consumer spawned after its producer yields once ` +
          `(or not) before reading ${events} events; timer and socket ` +
          `sources send every ${periodMs} ms`,
        params: { source: sources },
        cases: yields.map((y) => consumerCase(y, events, periodMs)),
        comparisons: candidates.flatMap((candidate) =>
          ["eventLatency", "eventLatencyP99", "firstEventLatency"].map((
            metric,
          ) => ({ base, candidate, metric }))
        ),
      };
    },
  );

/** A yield, ready to use; `close` releases what it opened. */
interface Yielder {
  yieldOnce(): Promise<void> | void;
  close(): void;
}

function openYielder(kind: LoopYield): Yielder {
  const close = (): void => {};
  switch (kind) {
    case "none":
      return { yieldOnce: () => {}, close };
    case "microtask":
      return {
        yieldOnce: async () => {
          await null;
        },
        close,
      };
    case "set-immediate":
      return {
        yieldOnce: () => new Promise<void>((r) => setImmediate(r)),
        close,
      };
    case "set-timeout-0":
      return {
        yieldOnce: () => new Promise<void>((r) => setTimeout(r, 0)),
        close,
      };
    case "message-channel": {
      // Opened once per fork: creating the ports is not part of the yield.
      // They must be closed, or the listener keeps the process alive.
      const { port1, port2 } = new MessageChannel();
      let resume: (() => void) | null = null;
      port2.onmessage = () => {
        const r = resume;
        resume = null;
        r?.();
      };
      return {
        yieldOnce: () =>
          new Promise<void>((r) => {
            resume = r;
            port1.postMessage(null);
          }),
        close: () => {
          port1.close();
          port2.close();
        },
      };
    }
  }
}

function consumerCase(kind: LoopYield, events: number, periodMs: number) {
  let yielder: Yielder | null = null;
  let pair: LoopbackPair | null = null;
  const close = (): void => {
    yielder?.close();
    pair?.close();
    yielder = null;
    pair = null;
  };
  return experiment(
    kind,
    {
      firstEventLatency: {
        unit: "µs",
        direction: "smaller",
        description:
          "first event: sent just before the consumer was spawned → taken",
      },
      backlogAtFirst: {
        unit: "count",
        direction: "smaller",
        description:
          "events the producer had sent beyond the first when it was taken",
      },
      eventLatency: {
        unit: "µs",
        direction: "smaller",
        description: "every later event: sent → taken by the consumer",
      },
      eventLatencyP99: {
        unit: "µs",
        direction: "smaller",
        description: "p99 of eventLatency within one repetition",
      },
    },
    (ctx) => repetition(ctx, yielder!, pair, events, periodMs),
    {
      description: `the consumer ${YIELD_DESCRIPTIONS[kind]}`,
      setup: async (params: Params) => {
        yielder = openYielder(kind);
        try {
          if (params.source === "socket") pair = await openLoopbackPair();
          await warmUp(params.source as FeedSource, yielder, pair, events);
        } catch (error) {
          close();
          throw error;
        }
      },
      teardown: close,
      repetitions: { min: 2, max: MAX_REPETITIONS },
    },
  );
}

/** What a repetition uses of its context. */
type Recorder = Pick<ExperimentContext, "params" | "signal" | "record">;

/**
 * Warm-up repetitions, recorded nowhere: without them the first dozen
 * repetitions of a fork run in V8's interpreter — the microtask source's
 * latency was ~5× its warm median in the first ten here — and would show up
 * as a slow mode that is only start-up. The consumer loop and the channel
 * warm on the microtask source (a millisecond each); the case's own source,
 * when slower, gets one short run so that its read path is warm too.
 */
async function warmUp(
  source: FeedSource,
  yielder: Yielder,
  pair: LoopbackPair | null,
  events: number,
): Promise<void> {
  const quiet = (params: Params): Recorder => ({
    params,
    signal: new AbortController().signal,
    record: () => {},
  });
  for (let i = 0; i < WARM_UP_REPETITIONS; i++) {
    await repetition(quiet({ source: "microtask" }), yielder, null, events, 1);
  }
  if (source !== "microtask") {
    const shortRun = Math.min(events, WARM_UP_EVENTS);
    await repetition(quiet({ source }), yielder, pair, shortRun, 1);
  }
}

/** One repetition: start the producer, spawn the consumer, wait for both. */
async function repetition(
  ctx: Recorder,
  yielder: Yielder,
  pair: LoopbackPair | null,
  events: number,
  periodMs: number,
): Promise<void> {
  const feed = startFeed(ctx.params.source as FeedSource, {
    events,
    periodMs,
    signal: ctx.signal,
    pair: pair ?? undefined,
  });
  // A read pending on the socket would outlive an abort: closing the pair
  // ends it (teardown's close is then a no-op).
  const onAbort = () => pair?.close();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    // Called, not awaited: like a spawned task, the consumer runs now until
    // its first await — the yield, or with none its first receive.
    const consumed = consume(ctx, feed, yielder, events);
    await Promise.all([feed.finished, consumed]);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
}

async function consume(
  ctx: Recorder,
  feed: Feed,
  yielder: Yielder,
  events: number,
): Promise<void> {
  await yielder.yieldOnce();
  const latenciesUs = new Float64Array(events - 1);
  let received = 0;
  while (received < events && !ctx.signal.aborted) {
    const stamps = await feed.receive();
    const takenMs = performance.now();
    if (stamps === null) break;
    for (const sentMs of stamps) {
      const latencyUs = (takenMs - sentMs) * 1000;
      if (received === 0) {
        ctx.record("firstEventLatency", latencyUs);
        ctx.record("backlogAtFirst", feed.sent - 1);
      } else {
        ctx.record("eventLatency", latencyUs);
        latenciesUs[received - 1] = latencyUs;
      }
      received++;
    }
  }
  if (received !== events) {
    if (ctx.signal.aborted) return;
    throw new Error(`received ${received} of ${events} events`);
  }
  ctx.record("eventLatencyP99", quantileSorted(latenciesUs.sort(), 0.99));
}
