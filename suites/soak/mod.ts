/**
 * The built-in soak workloads, each with a leaky twin named `<name>-leaky`
 * that a soak must catch: that is how we know the detector works. Every
 * one runs on loopback only, is bounded (its twin's leak has a cap), stops
 * promptly when its signal aborts and closes what it opened. Soak one with
 * `deno task bench soak connection-churn --duration 10m`.
 *
 * @example
 * ```ts
 * import { soakWorkloads } from "@looplab/looplab/suites/soak";
 * import { assertEquals } from "@std/assert";
 * assertEquals(soakWorkloads.map((w) => w.name), [
 *   "connection-churn",
 *   "worker-churn",
 *   "timer-churn",
 *   "buffer-growth",
 *   "connection-churn-leaky",
 *   "worker-churn-leaky",
 *   "timer-churn-leaky",
 *   "buffer-growth-leaky",
 * ]);
 * ```
 *
 * @module
 */

import type { SoakWorkload } from "../../mod.ts";
import { bufferGrowth, bufferGrowthLeaky } from "./buffer_growth.ts";
import { connectionChurn, connectionChurnLeaky } from "./connection_churn.ts";
import { timerChurn, timerChurnLeaky } from "./timer_churn.ts";
import { workerChurn, workerChurnLeaky } from "./worker_churn.ts";

export { bufferGrowth, bufferGrowthLeaky } from "./buffer_growth.ts";
export { connectionChurn, connectionChurnLeaky } from "./connection_churn.ts";
export { timerChurn, timerChurnLeaky } from "./timer_churn.ts";
export { workerChurn, workerChurnLeaky } from "./worker_churn.ts";

/**
 * Every built-in soak workload, as `soak --list` names them: the healthy
 * ones, then their twins in the same order.
 */
export const soakWorkloads: readonly SoakWorkload[] = [
  connectionChurn,
  workerChurn,
  timerChurn,
  bufferGrowth,
  connectionChurnLeaky,
  workerChurnLeaky,
  timerChurnLeaky,
  bufferGrowthLeaky,
];
