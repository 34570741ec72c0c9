/**
 * The runner: suites and cases, planning, forks, budgets, timeouts, leak
 * checks and environment capture.
 *
 * @module
 */

export * from "./analysis.ts";
export * from "./environment.ts";
export * from "./plan.ts";
export * from "./run.ts";
export * from "./suite.ts";
