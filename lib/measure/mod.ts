/**
 * Measurement: the only code in looplab that reads clocks. The bench timer
 * (mitata-backed) and the event-loop lag probe.
 *
 * @module
 */

export * from "./bench_timer.ts";
export * from "./lag_probe.ts";
