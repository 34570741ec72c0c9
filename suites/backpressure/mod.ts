/**
 * Backpressure suites: what happens when a consumer cannot keep up — a
 * messenger over loopback TCP and its channel buffer, Web Streams and their
 * high-water mark, a bounded queue's overflow policies, a broadcast ring
 * and its capacity, and an accumulator that turns O(n²).
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { backpressureSuites } from "@looplab/looplab/suites/backpressure";
 * await run(backpressureSuites());
 * ```
 *
 * @module
 */

import type { Suite } from "../../mod.ts";
import { accumulatorComplexity } from "./accumulator_complexity.ts";
import { broadcastCapacity } from "./broadcast_capacity.ts";
import { remoteThroughput } from "./remote_throughput.ts";
import { slowConsumer } from "./slow_consumer.ts";
import { streamHighWaterMark } from "./stream_high_water_mark.ts";

export * from "./accumulator_complexity.ts";
export * from "./broadcast_capacity.ts";
export * from "./remote_throughput.ts";
export * from "./slow_consumer.ts";
export * from "./stream_high_water_mark.ts";

/**
 * The five backpressure suites with their default options.
 *
 * @returns the suites
 */
export function backpressureSuites(): Suite[] {
  return [
    remoteThroughput(),
    streamHighWaterMark(),
    slowConsumer(),
    broadcastCapacity(),
    accumulatorComplexity(),
  ];
}
