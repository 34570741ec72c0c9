/**
 * timers/tick_policies — periodic work on a loop that is sometimes blocked.
 * A ticker of `periodMs` runs for a fixed span of `spanTicks` ideal ticks,
 * and once every `blockEvery` periods its tick blocks the loop (a
 * synchronous busy spin of `blockMs`). Six ways to tick, one case each:
 *
 * - set-interval — the runtime's `setInterval(tick, periodMs)`;
 * - rearm-timeout — `setTimeout(tick, periodMs)`, armed again after each
 *   tick: the `for (;;) { work(); await sleep(periodMs); }` loop;
 * - deadline — `setTimeout(tick, slot − now)` towards absolute slots
 *   `start + i × periodMs`, as first written: an overdue slot still waits one
 *   zero-delay timer, and a fractional delay truncates (it may fire early);
 * - burst, delay, skip — explicit missed-tick behaviours after tokio's
 *   `MissedTickBehavior`: run every missed tick back-to-back, shift the
 *   schedule to the late tick, or drop the missed ticks and keep the phase.
 *
 * Every policy sees the same disturbance: the first tick to start at or
 * after the ideal slot `j × blockEvery` (j = 1, 2, …) blocks, so blocks come
 * at the same times whichever ticks a policy runs or drops, and the last
 * `blockEvery` periods stay unblocked so that each policy settles before its
 * drift is read. A span, not a tick count, bounds a repetition, so a policy
 * that drops or shifts ticks is judged over the same time as one that
 * catches up; what it lost shows in `ticksMissed`.
 *
 * Nothing here assumes how this runtime's `setInterval` treats a blocked
 * loop: a catch-up would show as a burst (and negative lateness), a shifted
 * schedule as drift and missed ticks. `blockMs` = 0 is the control: what
 * each policy does to the schedule with nothing in its way.
 *
 * @module
 */

import {
  assertIntegerInRange,
  chosenList,
  defineSuiteFactory,
  experiment,
  type ExperimentContext,
  type MetricSpec,
  numberAxis,
  type SuiteFactory,
} from "../../mod.ts";

/** How a ticker times its ticks: one case each. */
export type TickPolicy =
  | "set-interval"
  | "rearm-timeout"
  | "deadline"
  | "burst"
  | "delay"
  | "skip";

/** Options of {@link tickPolicies}. */
export interface TickPoliciesOptions {
  /** The ticker's period, ms. @default 10 */
  periodMs?: number;
  /**
   * Ideal ticks per repetition: a repetition spans `spanTicks × periodMs`,
   * at most 2 s. @default 25, fewer for periods over 80 ms
   */
  spanTicks?: number;
  /**
   * The loop is blocked once every this many periods; the last `blockEvery`
   * periods of the span stay unblocked. @default 5
   */
  blockEvery?: number;
  /**
   * Lengths of one block, ms: the `blockMs` axis and the sweep's. 0 is the
   * control; a block of several periods makes ticks overdue. At most
   * `(blockEvery − 1) × periodMs`, so that the loop runs freely for a period
   * or more between blocks. The default's 3.5 periods end a block midway
   * between two slots, so whether a slot is overdue never hangs on
   * microseconds. @default [0, 3.5 × periodMs] (so [0, 35]), capped as above
   */
  blockMs?: number[];
  /** The policies to run, one case each. @default all six */
  policies?: TickPolicy[];
}

const POLICIES: readonly TickPolicy[] = [
  "set-interval",
  "rearm-timeout",
  "deadline",
  "burst",
  "delay",
  "skip",
];

/** Longest accepted period, ms. */
const MAX_PERIOD_MS = 1000;
/** Longest accepted span, ms: one repetition must stay well under a fork's time. */
const MAX_SPAN_MS = 2000;
/**
 * Ticks that start within this of the previous tick ran back-to-back: far
 * under the 1–2 ms any timer wait takes here, far over one tick's
 * bookkeeping.
 */
const BACK_TO_BACK_MS = 0.2;

const DESCRIPTIONS: Record<TickPolicy, string> = {
  "set-interval":
    "setInterval(periodMs); slot: the previous tick's start + period",
  "rearm-timeout":
    "setTimeout(periodMs) armed again after each tick; slot: when it was armed + period",
  "deadline":
    "setTimeout(slot − now) to slots start + i × period; overdue slots wait a zero-delay timer",
  "burst":
    "slots start + i × period; overdue slots run back-to-back (tokio Burst)",
  "delay":
    "slot + period, or the late tick's start + period when a whole period late (tokio Delay)",
  "skip":
    "slot + period, or the next grid slot after a tick a whole period late (tokio Skip)",
};

/**
 * The suite: one experiment per policy over the `blockMs` axis. Each tick's
 * lateness is measured against its scheduled slot, which each policy defines
 * in its own terms:
 *
 * - set-interval — the previous tick's start + period (the first: start +
 *   period): the spacing an interval promises, its own deadline being
 *   invisible;
 * - rearm-timeout — when its timer was armed (after the previous tick's
 *   work, a block included) + period;
 * - deadline, burst — slot i is `start + i × periodMs`;
 * - delay — the previous slot + period; but after a tick that started a
 *   whole period or more late, that tick's start + period (tokio shifts
 *   already after 5 ms late);
 * - skip — the previous slot + period; but after a tick that started a whole
 *   period or more late, the first slot of the grid `start + n × periodMs`
 *   after its start.
 *
 * The span holds the ideal slots `start + periodMs` … `start + spanTicks ×
 * periodMs`; a policy ticks while its next slot comes before `start +
 * (spanTicks + 1) × periodMs`, at most `spanTicks` times. The first tick to
 * start at or after slot `j × blockEvery` spins for `blockMs` (j × blockEvery
 * ≤ spanTicks − blockEvery). Recorded: `lateness` per tick and its
 * per-repetition maximum; `drift`, how far the last tick's start lies from
 * the ideal time of the grid slot it stands for (tick i stands for slot i, a
 * skip tick for the slot it was scheduled at); `ticksMissed` (spanTicks −
 * ticks run); `largestBurst`, the longest run of ticks each within 0.2 ms of
 * the one before; `armsPerTick`, the ticker's timers armed per tick run (its
 * cost in timer work; an interval counts once). Every policy is compared
 * with set-interval on drift and ticks missed — lateness, being measured
 * against each policy's own schedule, is read per case (its distribution
 * and modes), not compared; drift, ticks missed and worst lateness are
 * swept over `blockMs`.
 *
 * @param options period, span, blocking pattern, block lengths, policies
 * @returns the suite
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { tickPolicies } from "@looplab/looplab/suites/timers";
 * await run([tickPolicies({ periodMs: 5, spanTicks: 40, blockMs: [0, 7, 17] })]);
 * ```
 */
export const tickPolicies: SuiteFactory<TickPoliciesOptions> =
  defineSuiteFactory(
    "tickPolicies",
    (options: TickPoliciesOptions = {}) => {
      const periodMs = options.periodMs ?? 10;
      const blockEvery = options.blockEvery ?? 5;
      // Defaults follow the period, so that setting only periodMs (or
      // blockEvery) gives a valid suite.
      const o = {
        periodMs,
        blockEvery,
        spanTicks: options.spanTicks ??
          Math.max(
            2 * blockEvery,
            Math.min(25, Math.floor(MAX_SPAN_MS / periodMs)),
          ),
      };
      const defaultBlockMs = Math.min(
        Math.round(3.5 * periodMs),
        (blockEvery - 1) * periodMs,
      );
      assertIntegerInRange(o.periodMs, "periodMs", 1, MAX_PERIOD_MS);
      assertIntegerInRange(o.blockEvery, "blockEvery", 1);
      assertIntegerInRange(o.spanTicks, "spanTicks", 1);
      if (o.spanTicks < 2 * o.blockEvery) {
        throw new RangeError(
          `spanTicks must be at least 2 × blockEvery (${
            2 * o.blockEvery
          }): one blocked stretch and an unblocked one to settle in, got ${o.spanTicks}`,
        );
      }
      if (o.spanTicks * o.periodMs > MAX_SPAN_MS) {
        throw new RangeError(
          `spanTicks × periodMs must be at most ${MAX_SPAN_MS} ms (one repetition), got ${
            o.spanTicks * o.periodMs
          }`,
        );
      }
      const blockMs = numberAxis(
        options.blockMs,
        "blockMs",
        0,
        (o.blockEvery - 1) * o.periodMs,
        defaultBlockMs > 0 ? [0, defaultBlockMs] : [0],
        {
          unit: "ms",
          reason:
            "(blockEvery − 1) × periodMs, so that blocks never run into each other",
        },
      );
      const policies = chosenList(options.policies, "policies", POLICIES);
      const metrics: Record<string, MetricSpec> = {
        lateness: {
          unit: "ms",
          direction: "smaller",
          description: "tick start − its scheduled slot (< 0: early)",
        },
        latenessMax: {
          unit: "ms",
          direction: "smaller",
          description: "worst tick lateness of one repetition",
        },
        drift: {
          unit: "ms",
          direction: "smaller",
          description:
            "|last tick's start − ideal time of the slot it stands for|",
        },
        ticksMissed: {
          unit: "count",
          direction: "smaller",
          description: "ideal ticks in the span − ticks run",
        },
        largestBurst: {
          unit: "count",
          direction: "smaller",
          description:
            `most ticks run back-to-back (< ${BACK_TO_BACK_MS} ms apart)`,
        },
        armsPerTick: {
          unit: "arms/tick",
          direction: "smaller",
          description: "timers the ticker armed ÷ ticks run",
        },
      };
      const others = policies.filter((p) => p !== "set-interval");
      const hasBase = policies.includes("set-interval");
      return {
        name: "timers/tick_policies",
        description:
          `${o.spanTicks} ticks of ${o.periodMs} ms; the loop blocked for [${blockMs}] ms every ${o.blockEvery} periods`,
        params: { blockMs },
        cases: policies.map((policy) =>
          experiment(policy, metrics, (ctx) => repetition(ctx, policy, o), {
            description: DESCRIPTIONS[policy],
            repetitions: { min: 1 },
          })
        ),
        comparisons: hasBase
          ? others.flatMap((candidate) =>
            // Lateness is measured against each policy's own schedule, so it
            // is read per case, not compared across policies.
            ["drift", "ticksMissed"].map((metric) => ({
              base: "set-interval",
              candidate,
              metric,
            }))
          )
          : [],
        sweeps: ["drift", "ticksMissed", "latenessMax"].map((metric) => ({
          param: "blockMs",
          metric,
        })),
      };
    },
  );

/**
 * The ticks of one repetition, kept in arrays so that a tick only stores —
 * and blocks, when it is the first to start at or after the next block slot.
 */
class TickLog {
  readonly startMs: Float64Array;
  readonly slotMs: Float64Array;
  /** The ideal grid slot each tick stands for (1-based). */
  readonly gridSlot: Uint32Array;
  ticks = 0;
  arms = 0;
  readonly originMs: number = performance.now();
  #nextBlockSlot: number;

  constructor(
    readonly periodMs: number,
    readonly spanTicks: number,
    readonly blockEvery: number,
    readonly blockMs: number,
  ) {
    this.startMs = new Float64Array(spanTicks);
    this.slotMs = new Float64Array(spanTicks);
    this.gridSlot = new Uint32Array(spanTicks);
    this.#nextBlockSlot = blockEvery;
  }

  /** Runs a tick now: records it, blocks if due; returns its start. */
  tick(slotMs: number, gridSlot: number): number {
    const startMs = performance.now();
    this.startMs[this.ticks] = startMs;
    this.slotMs[this.ticks] = slotMs;
    this.gridSlot[this.ticks] = gridSlot;
    this.ticks++;
    if (
      this.#nextBlockSlot <= this.spanTicks - this.blockEvery &&
      startMs >= this.grid(this.#nextBlockSlot)
    ) {
      this.#nextBlockSlot += this.blockEvery;
      let nowMs = startMs;
      while (nowMs < startMs + this.blockMs) nowMs = performance.now();
    }
    return startMs;
  }

  /** Whether a tick scheduled at `slotMs` still belongs to the span. */
  inSpan(slotMs: number): boolean {
    return this.ticks < this.spanTicks &&
      slotMs < this.grid(this.spanTicks + 1);
  }

  /** The ideal grid's slot n. */
  grid(n: number): number {
    return this.originMs + n * this.periodMs;
  }
}

/** One timer wait, counted as an arm; an abort ends it at once. */
function sleep(log: TickLog, ms: number, signal: AbortSignal): Promise<void> {
  log.arms++;
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Waits for a slot as tokio's `Interval` does: not at all when it is
 * overdue, else ⌈slot − now⌉ ms. Deno truncates fractional delays, which
 * would tick early; rounding up instead costs ~0.5 ms of lateness a tick.
 */
async function waitFor(
  log: TickLog,
  slotMs: number,
  signal: AbortSignal,
): Promise<void> {
  const waitMs = slotMs - performance.now();
  if (waitMs > 0) await sleep(log, Math.ceil(waitMs), signal);
}

function runSetInterval(log: TickLog, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let slotMs = log.grid(1);
    const stop = (): void => {
      clearInterval(interval);
      signal.removeEventListener("abort", stop);
      resolve();
    };
    log.arms++;
    const interval = setInterval(() => {
      slotMs = log.tick(slotMs, log.ticks + 1) + log.periodMs;
      if (!log.inSpan(slotMs)) stop();
    }, log.periodMs);
    signal.addEventListener("abort", stop, { once: true });
    if (signal.aborted) stop();
  });
}

async function runRearmTimeout(
  log: TickLog,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    const armedMs = performance.now();
    if (!log.inSpan(armedMs + log.periodMs)) return;
    await sleep(log, log.periodMs, signal);
    if (signal.aborted) return;
    log.tick(armedMs + log.periodMs, log.ticks + 1);
  }
}

async function runDeadline(log: TickLog, signal: AbortSignal): Promise<void> {
  for (let n = 1; log.inSpan(log.grid(n)) && !signal.aborted; n++) {
    await sleep(log, log.grid(n) - performance.now(), signal);
    if (signal.aborted) return;
    log.tick(log.grid(n), n);
  }
}

async function runBurst(log: TickLog, signal: AbortSignal): Promise<void> {
  for (let n = 1; log.inSpan(log.grid(n)) && !signal.aborted; n++) {
    await waitFor(log, log.grid(n), signal);
    if (signal.aborted) return;
    log.tick(log.grid(n), n);
  }
}

async function runDelay(log: TickLog, signal: AbortSignal): Promise<void> {
  let slotMs = log.grid(1);
  while (log.inSpan(slotMs) && !signal.aborted) {
    await waitFor(log, slotMs, signal);
    if (signal.aborted) return;
    const startMs = log.tick(slotMs, log.ticks + 1);
    slotMs = startMs - slotMs >= log.periodMs
      ? startMs + log.periodMs
      : slotMs + log.periodMs;
  }
}

async function runSkip(log: TickLog, signal: AbortSignal): Promise<void> {
  let n = 1;
  while (log.inSpan(log.grid(n)) && !signal.aborted) {
    await waitFor(log, log.grid(n), signal);
    if (signal.aborted) return;
    const startMs = log.tick(log.grid(n), n);
    n = startMs - log.grid(n) >= log.periodMs
      ? Math.floor((startMs - log.originMs) / log.periodMs) + 1
      : n + 1;
  }
}

const RUNNERS: Record<
  TickPolicy,
  (log: TickLog, signal: AbortSignal) => Promise<void>
> = {
  "set-interval": runSetInterval,
  "rearm-timeout": runRearmTimeout,
  "deadline": runDeadline,
  "burst": runBurst,
  "delay": runDelay,
  "skip": runSkip,
};

/** One repetition: the ticker over one span. */
async function repetition(
  ctx: ExperimentContext,
  policy: TickPolicy,
  o: { periodMs: number; spanTicks: number; blockEvery: number },
): Promise<void> {
  const log = new TickLog(
    o.periodMs,
    o.spanTicks,
    o.blockEvery,
    Number(ctx.params.blockMs),
  );
  await RUNNERS[policy](log, ctx.signal);
  if (ctx.signal.aborted || log.ticks === 0) return; // an incomplete span
  let latenessMax = -Infinity;
  let burst = 1;
  let largestBurst = 1;
  for (let i = 0; i < log.ticks; i++) {
    const latenessMs = log.startMs[i] - log.slotMs[i];
    ctx.record("lateness", latenessMs);
    latenessMax = Math.max(latenessMax, latenessMs);
    if (i > 0) {
      burst = log.startMs[i] - log.startMs[i - 1] < BACK_TO_BACK_MS
        ? burst + 1
        : 1;
      largestBurst = Math.max(largestBurst, burst);
    }
  }
  const last = log.ticks - 1;
  ctx.record("latenessMax", latenessMax);
  ctx.record(
    "drift",
    Math.abs(log.startMs[last] - log.grid(log.gridSlot[last])),
  );
  ctx.record("ticksMissed", o.spanTicks - log.ticks);
  ctx.record("largestBurst", largestBurst);
  ctx.record("armsPerTick", log.arms / log.ticks);
}
