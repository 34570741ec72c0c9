/**
 * looplab: benchmarks for async-runtime behaviour — timers, scheduling,
 * backpressure and loopback networking — with statistics you can trust:
 * outlier classes, bootstrap confidence intervals, modality and
 * significance.
 *
 * This entry point re-exports the public API: suites and the runner, the
 * measurement helpers, the artifact's types and readers, and the statistics
 * core (also available alone as `@looplab/looplab/stats`).
 *
 * @example
 * ```ts
 * import { analyzeSample } from "@looplab/looplab";
 * const a = analyzeSample([101, 99, 100, 102, 98, 100, 350]);
 * a.outliers.highSevere; // 1
 * ```
 *
 * @module
 */

export * from "./lib/stats/mod.ts";
export * from "./lib/measure/mod.ts";
export * from "./lib/runner/mod.ts";
export * from "./lib/artifact/mod.ts";
export { VERSION } from "./lib/version.ts";
