/**
 * scheduling/microtask_starvation — a flood of k microtasks that never
 * yields to the macrotask queue holds back everything the event loop would
 * otherwise run: timers and I/O. Before each flood a repetition arms a
 * `setTimeout` and makes a read ready (the peer of a loopback TCP pair
 * writes one byte to a reader that is already waiting); then it runs the
 * flood and records how late the timer fired and how long the ready byte
 * waited.
 *
 * Swept over k. A timer already waits out its own delay (at least 1 ms for
 * `setTimeout(0)` on Deno 2.9, and an idle loop wakes for it after about
 * 2 ms), so a flood shorter than that wait should cost it nothing and a
 * longer one should delay it one for one: the sweep's knee is where the
 * flood outlasts the timer's resolution. A flood that ends after the timer
 * came due but before an idle loop would have woken can even bring the
 * timer in earlier than no flood does — look for a dip before the knee. A
 * ready read has no such wait to hide behind. The smallest default size, 1,
 * stands in for no flood at all (the sweep's growth fit needs sizes ≥ 1).
 * Two floods of the same length in microtasks: an `await` loop and a
 * `queueMicrotask` chain.
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
  type SuiteFactory,
} from "../../mod.ts";
import {
  type LoopbackPair,
  openLoopbackPair,
} from "../../fixtures/workloads/loopback_pair.ts";

/** The kinds of microtask flood. */
export type MicrotaskFlood = "await-chain" | "queue-microtask";

/** Options of {@link microtaskStarvation}. */
export interface MicrotaskStarvationOptions {
  /**
   * Flood sizes k to sweep, in microtasks. At 20 to 50 ns per microtask the
   * default's floods of 1 to 2 ms (where the timer's own wait stops hiding
   * them) fall between its third and seventh sizes, leaving two on each
   * side for the knee finder; it stops at floods of 4 to 10 ms, so that the
   * noise of long floods does not outweigh the bend in a straight-line fit.
   * @default [1, 10_000, 20_000, 35_000, 50_000, 75_000, 100_000, 150_000, 200_000]
   */
  microtasks?: number[];
  /** Delay of the timer armed before each flood, ms. @default 0 */
  timerDelayMs?: number;
  /** The floods to run, one case each. @default ["await-chain", "queue-microtask"] */
  floods?: MicrotaskFlood[];
}

/** Largest flood accepted: 10 M microtasks already last 0.2–0.5 s here. */
const MAX_MICROTASKS = 10_000_000;
/** Longest timer delay accepted, ms: a repetition should stay short. */
const MAX_TIMER_DELAY_MS = 1_000;
/**
 * Microtasks flooded untimed in each fork's setup. A fresh process runs its
 * first floods several times slower per microtask until V8 has optimised
 * the chain (seen here over the first ~100 000); this many covers that, in
 * floods of the case's size or of `WARMUP_FLOOD_MIN`, whichever is larger.
 */
const WARMUP_MICROTASKS = 300_000;
/** Smallest warm-up flood: the same code, without 300 000 tiny floods. */
const WARMUP_FLOOD_MIN = 10_000;

const FLOODS: Record<MicrotaskFlood, {
  description: string;
  run: (microtasks: number) => Promise<void>;
}> = {
  "await-chain": {
    description: "an async function awaiting k times in a loop",
    run: async (microtasks) => {
      for (let i = 0; i < microtasks; i++) await undefined;
    },
  },
  "queue-microtask": {
    description: "a queueMicrotask callback queuing itself k times",
    run: (microtasks) =>
      new Promise<void>((resolve) => {
        let left = microtasks;
        const step = (): void => {
          if (--left > 0) queueMicrotask(step);
          else resolve();
        };
        queueMicrotask(step);
      }),
  },
};

/**
 * The suite: one experiment per flood over k (`microtasks`), recording per
 * repetition the timer's lateness (fire time − due time), the read delay
 * (byte written → read resolved) and the flood's own duration, all in ms;
 * the `queueMicrotask` chain compared with the `await` loop on lateness and
 * read delay; all three metrics swept over k, where the runner fits a growth
 * class and looks for the knee.
 *
 * @param options flood sizes, timer delay, floods
 * @returns the suite
 * @throws {RangeError} on an option out of range, naming it
 *
 * @example
 * ```ts
 * import { microtaskStarvation } from "@looplab/looplab/suites/scheduling";
 * import { assertEquals } from "@std/assert";
 * const suite = microtaskStarvation({
 *   floods: ["queue-microtask"],
 *   microtasks: [1, 20_000, 50_000, 200_000],
 * });
 * assertEquals(suite.params, { microtasks: [1, 20_000, 50_000, 200_000] });
 * assertEquals(
 *   suite.sweeps?.map((s) => s.metric),
 *   ["timerLateness", "readDelay", "floodMs"],
 * );
 * ```
 */
export const microtaskStarvation: SuiteFactory<MicrotaskStarvationOptions> =
  defineSuiteFactory(
    "microtaskStarvation",
    (options: MicrotaskStarvationOptions = {}) => {
      // The sweep analysis needs each size once: integerAxis refuses repeats.
      const microtasks = integerAxis(
        options.microtasks,
        "microtasks",
        1,
        MAX_MICROTASKS,
        [1, 10_000, 20_000, 35_000, 50_000, 75_000, 100_000, 150_000, 200_000],
      );
      const timerDelayMs = options.timerDelayMs ?? 0;
      const floods = chosenList(
        options.floods,
        "floods",
        Object.keys(FLOODS) as MicrotaskFlood[],
      );
      assertIntegerInRange(timerDelayMs, "timerDelayMs", 0, MAX_TIMER_DELAY_MS);
      const metrics = {
        timerLateness: {
          unit: "ms",
          direction: "smaller" as const,
          description: `setTimeout(${timerDelayMs}) armed before the flood: ` +
            "fire time − due time",
        },
        readDelay: {
          unit: "ms",
          direction: "smaller" as const,
          description: "loopback byte written before the flood → read resolved",
        },
        floodMs: {
          unit: "ms",
          direction: "smaller" as const,
          description: "the flood itself, first microtask queued → last run",
        },
      };
      const both = floods.includes("await-chain") &&
        floods.includes("queue-microtask");
      return {
        name: "scheduling/microtask_starvation",
        description: `floods of ${microtasks.join(", ")} microtasks; ` +
          `setTimeout(${timerDelayMs}) and a ready 1-byte loopback read wait on each`,
        params: { microtasks },
        cases: floods.map((flood) => {
          let pair: LoopbackPair | null = null;
          return experiment(
            flood,
            metrics,
            (ctx) => starve(ctx, flood, pair!, timerDelayMs),
            {
              description: FLOODS[flood].description,
              setup: async (params) => {
                const size = Math.max(
                  Number(params.microtasks),
                  WARMUP_FLOOD_MIN,
                );
                for (let done = 0; done < WARMUP_MICROTASKS; done += size) {
                  await FLOODS[flood].run(size);
                }
                pair = await openLoopbackPair();
              },
              teardown: () => {
                pair?.close();
                pair = null;
              },
              repetitions: { min: 3 },
            },
          );
        }),
        comparisons: both
          ? (["timerLateness", "readDelay"] as const).map((metric) => ({
            base: "await-chain",
            candidate: "queue-microtask",
            metric,
          }))
          : [],
        sweeps: (["timerLateness", "readDelay", "floodMs"] as const).map((
          metric,
        ) => ({ param: "microtasks", metric })),
      };
    },
  );

const ONE_BYTE = new Uint8Array([1]);

/** One repetition: arm a timer and a ready read, flood, see what waited. */
async function starve(
  ctx: ExperimentContext,
  flood: MicrotaskFlood,
  pair: LoopbackPair,
  timerDelayMs: number,
): Promise<void> {
  const microtasks = Number(ctx.params.microtasks);
  // The read is pending before the byte is written, so it can only resolve
  // from the event loop, never inside the flood.
  const read = pair.reader.read(new Uint8Array(16)).then((bytes) => ({
    bytes,
    atMs: performance.now(),
  }));
  const dueMs = performance.now() + timerDelayMs;
  const fired = new Promise<number>((resolve) =>
    setTimeout(() => resolve(performance.now()), timerDelayMs)
  );
  // Not awaited: awaiting would give the loop a turn in which the read could
  // complete before the flood. Deno tries a TCP write when it is called, so
  // the byte is already in the reader's receive queue when the flood starts
  // (seen in /proc/net/tcp's rx_queue on Deno 2.9.6).
  const written = pair.writer.write(ONE_BYTE);
  const writtenMs = performance.now();
  // The flood is bounded by its count; it cannot watch ctx.signal, because
  // no abort can be delivered until the flood has given the loop back.
  await FLOODS[flood].run(microtasks);
  ctx.recordSince("floodMs", writtenMs);
  const [{ bytes, atMs }, firedMs] = await Promise.all([read, fired, written]);
  if (bytes !== 1) {
    throw new Error(`read ${bytes} bytes; the peer wrote exactly 1`);
  }
  ctx.record("timerLateness", firedMs - dueMs);
  ctx.record("readDelay", atMs - writtenMs);
}
