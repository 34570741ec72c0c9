/**
 * Timer suites: what a keep-alive costs a stream (a persistent interval vs
 * a sleep reset by every event), how periodic work keeps its schedule when
 * the loop is blocked, and how close `setTimeout(d)` comes to `d` — alone,
 * nested and by the thousand.
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { timerFidelity } from "@looplab/looplab/suites/timers";
 * await run([timerFidelity({ delaysMs: [0, 1, 4] })]);
 * ```
 *
 * @module
 */

export * from "./interval_vs_sleep_reset.ts";
export * from "./tick_policies.ts";
export * from "./timer_fidelity.ts";
