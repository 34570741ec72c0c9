/**
 * The built-in suites, by id: what `deno task bench` runs when given no
 * suite, and what `run <id>` selects.
 *
 * Two sets. The tour is every built-in suite with its axes trimmed to the
 * points that answer its question, so that a first run reports on all of
 * them in a few minutes; it is what `deno task bench` runs. The full set is
 * every suite with its default options (each ≤ 60 s here, the lot about
 * twenty minutes): `deno task bench --full`, or one suite by name.
 *
 * @module
 */

import type { Suite } from "../lib/runner/mod.ts";
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
 * ```ts ignore
 * import { builtinSuites } from "@looplab/looplab/suites";
 * builtinSuites("tour").map((s) => s.name); // ["calibration", "backpressure/…", …]
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
  ];
}
