/**
 * timers/interval_vs_sleep_reset — from `shared/seeds/001_…`: a stream loop
 * delivers events as they come and must send a keep-alive whenever the
 * stream has been silent for a keep-alive period. Two ways to time it:
 *
 * - interval — a persistent `setInterval` ticks all stream long, whether
 *   events flow or not;
 * - sleep-reset — a `setTimeout` is armed only while the loop waits with
 *   nothing queued, due one period after the last send; when an event comes
 *   first it is reset (cleared, then armed anew) the next time the loop
 *   waits, so a burst of events costs one reset, and a steady stream one per
 *   event.
 *
 * In process, no network (`network/sse_stream` is the HTTP version): a
 * producer enqueues timestamped events, and the stream loop awaits "next
 * event or keep-alive due", encoding each event or keep-alive as an SSE
 * frame. The producer is steady (one event every `eventPeriodMs`, on
 * absolute deadlines, so a late timer catches up instead of drifting) or
 * bursty (`burst` events at once every `burst × eventPeriodMs`: the same
 * mean rate). Each repetition streams for about `streamMs`, then stays open
 * and idle for a few keep-alives.
 *
 * The seed (tokio, 4 worker threads) saw a bimodal per-event latency, 24%
 * of events in a slow mode, and moved from interval to sleep-reset in its
 * fix. Deno runs the loop on one thread, so nothing here assumes that
 * result: read the modality line of each case's `eventLatency`, and the
 * comparisons of latency, keep-alive fires and CPU. Keep-alives fire during
 * streaming for sleep-reset only where the producer is silent longer than
 * a keep-alive period: steady with `eventPeriodMs` > `periodMs`, or
 * bursty with `burst × eventPeriodMs` > `periodMs`.
 *
 * `idleLateness` is the silence before an idle keep-alive minus the period:
 * how long past due the stream stayed quiet. An interval ticks at its own
 * phase, so its first idle keep-alive usually comes early (< 0) — expect a
 * second mode there; a sleep's delay truncates to whole ms, so it can come
 * up to 1 ms early too. `cpuPerEvent` is process-wide (the producer and the
 * runtime's threads included): compare it between the cases, do not read
 * it as the keep-alive's own cost.
 *
 * @module
 */

import {
  assertIntegerInRange,
  chosenList,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  integerAxis,
  type Params,
  type SuiteFactory,
} from "../../mod.ts";
import { quantiles } from "../../lib/stats/mod.ts";

// `process` is Deno's global, not an import of node:process: importing a
// Node module loads its compatibility layer (~30 ms here) into every fork
// that imports this suite; the global loads it only when a case calls it.

/** How the stream loop times its keep-alive: one case each. */
export type KeepAliveTimer = "interval" | "sleep-reset";

/** How the producer spaces its events: the `pattern` axis. */
export type ProducerPattern = "steady" | "bursty";

/** Options of {@link intervalVsSleepReset}. */
export interface IntervalVsSleepResetOptions {
  /** Producer patterns: the `pattern` axis. @default ["steady", "bursty"] */
  pattern?: ProducerPattern[];
  /**
   * Mean time between events, ms: the `eventPeriodMs` axis. 1 ms is below
   * what one Deno timer wait takes here (~2 ms), so the steady producer then
   * catches up in small bunches. @default [1, 4]
   */
  eventPeriodMs?: number[];
  /**
   * Keep-alive periods, ms — the interval's period, the sleep's length: the
   * `periodMs` axis. @default [2, 10]
   */
  periodMs?: number[];
  /**
   * How long each repetition streams, ms: it enqueues
   * ⌈streamMs / eventPeriodMs⌉ events. @default 60
   */
  streamMs?: number;
  /** Events per burst of the bursty producer. @default 8 */
  burst?: number;
  /** Keep-alives the stream sends while idle after its last event. @default 3 */
  idleKeepAlives?: number;
}

/** Longest accepted period, ms: a repetition waits several of them. */
const MAX_PERIOD_MS = 1000;
/** Longest accepted stream, ms: one repetition must stay well under the budget. */
const MAX_STREAM_MS = 2000;
/** Most events per burst. */
const MAX_BURST = 10_000;
/** Most idle keep-alives per repetition. */
const MAX_IDLE_KEEP_ALIVES = 100;

const PATTERNS: readonly ProducerPattern[] = ["steady", "bursty"];
const TIMERS: readonly KeepAliveTimer[] = ["interval", "sleep-reset"];

/**
 * The suite: cases `interval` and `sleep-reset` over pattern × event period
 * × keep-alive period, recording per event its latency (enqueued → taken by
 * the stream loop), per repetition the latency p50 and p99, keep-alives
 * fired while events were streaming, CPU time per event over the streaming
 * phase, and per idle keep-alive how much longer than a period the stream
 * was silent before it. Sleep-reset is compared with interval on latency
 * (median and p99), keep-alive fires and CPU per event.
 *
 * @param options the axes, stream length, burst size, idle keep-alives
 * @returns the suite
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { intervalVsSleepReset } from "@looplab/looplab/suites/timers";
 * await run([intervalVsSleepReset({ pattern: ["bursty"], periodMs: [5] })]);
 * ```
 */
export const intervalVsSleepReset: SuiteFactory<IntervalVsSleepResetOptions> =
  defineSuiteFactory(
    "intervalVsSleepReset",
    (options: IntervalVsSleepResetOptions = {}) => {
      const pattern = chosenList(options.pattern, "pattern", PATTERNS);
      const eventPeriodMs = integerAxis(
        options.eventPeriodMs,
        "eventPeriodMs",
        1,
        MAX_PERIOD_MS,
        [1, 4],
      );
      const periodMs = integerAxis(
        options.periodMs,
        "periodMs",
        1,
        MAX_PERIOD_MS,
        [2, 10],
      );
      const o = {
        streamMs: options.streamMs ?? 60,
        burst: options.burst ?? 8,
        idleKeepAlives: options.idleKeepAlives ?? 3,
      };
      assertIntegerInRange(o.streamMs, "streamMs", 1, MAX_STREAM_MS);
      assertIntegerInRange(o.burst, "burst", 1, MAX_BURST);
      assertIntegerInRange(
        o.idleKeepAlives,
        "idleKeepAlives",
        1,
        MAX_IDLE_KEEP_ALIVES,
      );
      const metrics = {
        eventLatency: {
          unit: "µs",
          direction: "smaller" as const,
          description: "enqueued by the producer → taken by the stream loop",
        },
        latencyP50: {
          unit: "µs",
          direction: "smaller" as const,
          description: "median event latency of one repetition",
        },
        latencyP99: {
          unit: "µs",
          direction: "smaller" as const,
          description: "p99 event latency of one repetition",
        },
        keepAliveFires: {
          unit: "count",
          direction: "smaller" as const,
          description: "keep-alives sent while events were streaming",
        },
        cpuPerEvent: {
          unit: "µs",
          direction: "smaller" as const,
          description: "process CPU (user + system) over streaming ÷ events",
        },
        idleLateness: {
          unit: "ms",
          direction: "smaller" as const,
          description:
            "silence before an idle keep-alive − keep-alive period (< 0: sent early)",
        },
      };
      return {
        name: "timers/interval_vs_sleep_reset",
        description:
          `stream of ~${o.streamMs} ms (steady, or bursts of ${o.burst}), then ${o.idleKeepAlives} idle keep-alives; ` +
          "keep-alive from a persistent interval vs a sleep armed while waiting; the seed saw a bimodal event latency (24% slow): read the modality lines",
        params: { pattern, eventPeriodMs, periodMs },
        cases: TIMERS.map((timer) =>
          experiment(timer, metrics, (ctx) => stream(ctx, timer, o), {
            description: timer === "interval"
              ? "keep-alive from a setInterval that ticks all stream long"
              : "keep-alive from a setTimeout armed only while waiting, due a period after the last send",
            setup: (params) => warmUp(params, timer, o),
            repetitions: { min: 2 },
          })
        ),
        comparisons: [
          "eventLatency",
          "latencyP99",
          "keepAliveFires",
          "cpuPerEvent",
        ].map((metric) => ({
          base: "interval",
          candidate: "sleep-reset",
          metric,
        })),
      };
    },
  );

/**
 * Events between the producer and the stream loop: enqueue times in
 * arrival order, and the loop's pending wait, if it is waiting.
 */
class EventQueue {
  readonly enqueuedMs: Float64Array;
  length = 0;
  #wake: (() => void) | null = null;

  constructor(capacity: number) {
    this.enqueuedMs = new Float64Array(capacity);
  }

  push(): void {
    this.enqueuedMs[this.length++] = performance.now();
    this.wake();
  }

  /** Resolves at the next {@link wake}: an event, a keep-alive due, an abort. */
  next(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  wake(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/**
 * Enqueues `events` events, event i due at `startMs + i × periodMs`
 * (steady) or with its whole burst at `startMs + ⌊i / burst⌋ × burst ×
 * periodMs` (bursty). Each timer wakes at the next deadline and enqueues
 * every event then due, so a late timer catches up rather than drifts.
 */
function startProducer(
  queue: EventQueue,
  events: number,
  pattern: ProducerPattern,
  periodMs: number,
  burst: number,
  signal: AbortSignal,
): { stop(): void } {
  const startMs = performance.now();
  const group = pattern === "bursty" ? burst : 1;
  const dueMs = (i: number): number =>
    startMs + Math.floor(i / group) * group * periodMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = (): void => {
    timer = undefined;
    const nowMs = performance.now();
    let due = queue.length;
    while (due < events && dueMs(due) <= nowMs) due++;
    // Armed before enqueueing: the stream loop runs only once this task
    // ends, so arming after would put the timer's cost into every latency.
    if (due < events && !signal.aborted) {
      timer = setTimeout(tick, dueMs(due) - nowMs);
    }
    while (queue.length < due) queue.push();
  };
  tick();
  return { stop: () => clearTimeout(timer) };
}

/**
 * Length of the untimed stream each fork runs first, ms: a fresh process
 * runs its first stream several times slower (and dearer in CPU) while V8
 * compiles the loop.
 */
const WARM_UP_STREAM_MS = 20;

/** What a stream needs of an experiment's context. */
type StreamContext = Pick<
  ExperimentContext,
  "params" | "signal" | "record" | "recordSince"
>;

/** Runs a short stream whose observations are dropped. */
function warmUp(
  params: Params,
  timer: KeepAliveTimer,
  o: { streamMs: number; burst: number },
): Promise<void> {
  const discard: StreamContext = {
    params,
    signal: new AbortController().signal,
    record: () => {},
    recordSince: (_metric, intendedStartMs) =>
      performance.now() - intendedStartMs,
  };
  return stream(discard, timer, {
    streamMs: Math.min(o.streamMs, WARM_UP_STREAM_MS),
    burst: o.burst,
    idleKeepAlives: 1,
  });
}

const encoder = new TextEncoder();
const KEEP_ALIVE_FRAME = ": keep-alive\n\n";

/** One repetition: a stream of events, then an idle stretch of keep-alives. */
async function stream(
  ctx: StreamContext,
  timer: KeepAliveTimer,
  o: { streamMs: number; burst: number; idleKeepAlives: number },
): Promise<void> {
  const pattern = ctx.params.pattern as ProducerPattern;
  const eventPeriodMs = Number(ctx.params.eventPeriodMs);
  const periodMs = Number(ctx.params.periodMs);
  const events = Math.ceil(o.streamMs / eventPeriodMs);
  const queue = new EventQueue(events);
  const latencyUs = new Float64Array(events);
  // Frames are encoded as a real stream would before writing them.
  const frame = new Uint8Array(64);
  let delivered = 0;
  let streamingFires = 0;
  let idleFires = 0;
  let keepAliveDue = false;
  const keepAliveNow = (): void => {
    keepAliveDue = true;
    queue.wake();
  };
  const onAbort = (): void => queue.wake();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  let interval: ReturnType<typeof setInterval> | undefined;
  let sleep: ReturnType<typeof setTimeout> | undefined;
  let producer: { stop(): void } | undefined;
  const cpuStart = process.cpuUsage();
  let cpuStreamUs = NaN;
  let lastSendMs = performance.now();
  try {
    if (timer === "interval") interval = setInterval(keepAliveNow, periodMs);
    producer = startProducer(
      queue,
      events,
      pattern,
      eventPeriodMs,
      o.burst,
      ctx.signal,
    );
    while (idleFires < o.idleKeepAlives && !ctx.signal.aborted) {
      if (keepAliveDue) {
        keepAliveDue = false;
        encoder.encodeInto(KEEP_ALIVE_FRAME, frame);
        if (delivered < events) {
          streamingFires++;
        } else {
          ctx.recordSince("idleLateness", lastSendMs + periodMs);
          idleFires++;
        }
        lastSendMs = performance.now();
        continue;
      }
      if (delivered < queue.length) {
        const takenMs = performance.now();
        const us = (takenMs - queue.enqueuedMs[delivered]) * 1000;
        latencyUs[delivered] = us;
        ctx.record("eventLatency", us);
        encoder.encodeInto(`data: ${delivered}\n\n`, frame);
        lastSendMs = performance.now();
        if (++delivered === events) {
          const cpu = process.cpuUsage(cpuStart);
          cpuStreamUs = cpu.user + cpu.system;
        }
        continue;
      }
      const waiting = queue.next();
      if (timer === "sleep-reset") {
        // The reset: the sleep that was pending when an event woke the loop
        // is cleared only now, once the events have been delivered, so that
        // its cost stays out of their latency. It cannot fire meanwhile:
        // delivery runs without yielding to the timers.
        clearTimeout(sleep);
        sleep = setTimeout(
          keepAliveNow,
          Math.max(0, lastSendMs + periodMs - performance.now()),
        );
      }
      await waiting;
    }
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
    clearInterval(interval);
    clearTimeout(sleep);
    producer?.stop();
  }
  if (idleFires < o.idleKeepAlives) return; // aborted: the stream is incomplete
  const [p50, p99] = quantiles(latencyUs, [0.5, 0.99]);
  ctx.record("latencyP50", p50);
  ctx.record("latencyP99", p99);
  ctx.record("keepAliveFires", streamingFires);
  ctx.record("cpuPerEvent", cpuStreamUs / events);
}
