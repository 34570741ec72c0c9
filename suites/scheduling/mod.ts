/**
 * Scheduling suites: whether yielding before a read loop changes its
 * latency distribution, what each way of giving the loop back costs and
 * lets run, what dispatching work to Workers costs against doing it on the
 * main thread, and how large a microtask flood must be before timers and
 * I/O starve.
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { microtaskStarvation } from "@looplab/looplab/suites/scheduling";
 * await run([microtaskStarvation()]);
 * ```
 *
 * @module
 */

export * from "./microtask_starvation.ts";
export * from "./worker_dispatch.ts";
export * from "./yield_before_loop.ts";
export * from "./yield_primitives.ts";
