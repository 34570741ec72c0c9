/**
 * The built-in suites, by id: what `deno task bench` runs when given no
 * suite, and what `run <id>` selects.
 *
 * Two sets. The tour is every built-in suite with its axes trimmed to the
 * points that answer its question, so that a first run reports on all of
 * them in a few minutes; it is what `deno task bench` runs. The full set is
 * every suite with its default options (each ≤ 60 s here, the lot about
 * nine minutes here): `deno task bench --full`, or one suite by name.
 *
 * @module
 */

import type { Suite } from "../mod.ts";
import {
  accumulatorComplexity,
  broadcastCapacity,
  remoteThroughput,
  slowConsumer,
  streamHighWaterMark,
} from "./backpressure/mod.ts";
import { calibration } from "./calibration/mod.ts";
import {
  heartbeatSlowReceiver,
  serverCycling,
  sseStream,
} from "./network/mod.ts";
import {
  microtaskStarvation,
  workerDispatch,
  yieldBeforeLoop,
  yieldPrimitives,
} from "./scheduling/mod.ts";
import {
  intervalVsSleepReset,
  tickPolicies,
  timerFidelity,
} from "./timers/mod.ts";

/** Which set of built-in suites: see the module documentation. */
export type BuiltinSet = "tour" | "full";

/**
 * The built-in suites in run order: with their default options (`"full"`),
 * or trimmed to the tour (`"tour"`). Suite names are the same in both sets.
 *
 * @param set which set @default "full"
 * @returns the suites
 *
 * @example
 * ```ts
 * import { builtinSuites } from "@looplab/looplab/suites";
 * import { assertEquals } from "@std/assert";
 * const tour = builtinSuites("tour").map((s) => s.name);
 * assertEquals(tour[0], "calibration");
 * assertEquals(tour, builtinSuites("full").map((s) => s.name));
 * ```
 */
export function builtinSuites(set: BuiltinSet = "full"): Suite[] {
  if (set !== "tour" && set !== "full") {
    throw new RangeError(`set must be "tour" or "full", got ${set}`);
  }
  const tour = set === "tour";
  return [
    calibration(),
    // Buffer size turned out flat here: its two ends show it.
    remoteThroughput(tour ? { buffers: [0, 256] } : undefined),
    streamHighWaterMark(tour ? { highWaterMarks: [1, 64, 1024] } : undefined),
    slowConsumer(),
    // The knee detector needs six points, two on each side of the bend.
    broadcastCapacity(
      tour ? { events: [256, 448, 502, 560, 768, 1024] } : undefined,
    ),
    accumulatorComplexity(tour ? { rows: [1000, 10000, 100000] } : undefined),
    heartbeatSlowReceiver(tour ? { stallMs: [50, 400] } : undefined),
    // A request in flight shows both failures: refused restarts and lost
    // requests.
    serverCycling(tour ? { inflight: [true] } : undefined),
    sseStream(
      tour ? { yieldFirst: [false], warmup: [false, true] } : undefined,
    ),
    intervalVsSleepReset(
      tour ? { eventPeriodMs: [1], periodMs: [2] } : undefined,
    ),
    // A block of 3.5 periods; two policies that keep schedule and two that
    // cannot (setInterval itself, and skip, which drops ticks).
    tickPolicies(
      tour
        ? {
          policies: ["set-interval", "deadline", "burst", "skip"],
          blockMs: [35],
        }
        : undefined,
    ),
    // d = 0 shows the floor, d = 5 what nesting changes; 10k timers the load.
    timerFidelity(tour ? { delaysMs: [0, 5], timers: [10_000] } : undefined),
    yieldBeforeLoop(
      tour
        ? {
          yields: ["none", "set-immediate"],
          sources: ["microtask", "socket"],
        }
        : undefined,
    ),
    yieldPrimitives(
      tour
        ? {
          primitives: ["await-null", "set-immediate"],
          letsRun: ["await-null", "set-immediate", "message-channel"],
        }
        : undefined,
    ),
    workerDispatch(
      tour
        ? {
          payloadBytes: [65_536],
          poolSize: [2],
          cases: [
            "same-thread",
            "one-worker",
            "pool-round-robin",
            "pool-least-busy",
          ],
        }
        : undefined,
    ),
    // Six points, two on each side of the bend, for the knee detector.
    microtaskStarvation(
      tour
        ? {
          floods: ["queue-microtask"],
          microtasks: [1, 20_000, 50_000, 100_000, 150_000, 200_000],
        }
        : undefined,
    ),
  ];
}
