/**
 * Measurement: the only code in looplab that reads clocks. The bench timer
 * (mitata-backed), timing between marks, and the event-loop lag probe.
 *
 * @module
 */

export {
  type BenchFunction,
  type BenchTiming,
  type BenchTimingOptions,
  doNotOptimize,
  timeBench,
} from "./bench_timer.ts";
export {
  BLOCK_SAMPLES,
  type InterleavedOptions,
  type InterleavedTiming,
  timeInterleaved,
} from "./interleave.ts";
export { type LagProbe, startLagProbe } from "./lag_probe.ts";
export {
  type BenchRegion,
  type RegionFunction,
  regionOf,
  timedRegion,
} from "./region.ts";
