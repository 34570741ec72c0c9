/**
 * looplab: benchmarks for async-runtime behaviour — timers, scheduling,
 * backpressure and loopback networking — with statistics you can trust:
 * outlier classes, confidence intervals, modality and significance.
 *
 * This entry point is what a suite author and a programmatic user need:
 * declaring cases and suites, running them, and the artifact a run returns.
 * The rest has entry points of its own: `./artifact` (read, validate,
 * write), `./report` (every report format), `./stats` (the statistics
 * core), `./cli`, `./suites/*` and `./fixtures`.
 *
 * @example
 * ```ts
 * import { bench, defineSuite, doNotOptimize } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * export const suite = defineSuite({
 *   name: "sums",
 *   cases: [bench("sum", () => () => {
 *     let s = 0;
 *     for (let i = 1; i <= 1000; i++) s += i;
 *     doNotOptimize(s);
 *   })],
 * });
 * assertEquals(suite.cases.map((c) => c.name), ["sum"]);
 * ```
 *
 * @module
 */

export {
  bench,
  type BenchCase,
  type Case,
  type ComparisonSpec,
  defineSuite,
  defineSuiteFactory,
  experiment,
  type ExperimentCase,
  type ExperimentContext,
  FACTORY,
  type MetricSpec,
  type Params,
  type ParamValue,
  SUITE,
  type Suite,
  type SuiteDefinition,
  type SuiteFactory,
  type SuiteOrigin,
  type SweepSpec,
} from "./lib/runner/suite.ts";
export {
  type CrossPair,
  type ProgressEvent,
  run,
  type RunOptions,
} from "./lib/runner/run.ts";
export {
  type BenchFunction,
  type BenchRegion,
  doNotOptimize,
  type LagProbe,
  type RegionFunction,
  timedRegion,
} from "./lib/measure/mod.ts";
export {
  createSoakWriter,
  defineSoakWorkload,
  readSoakArtifact,
  soak,
  SOAK_WORKLOAD,
  type SoakCaseReference,
  type SoakContext,
  type SoakEndKind,
  type SoakEvent,
  type SoakHeader,
  type SoakLine,
  type SoakOptions,
  type SoakRecord,
  type SoakResource,
  type SoakResult,
  type SoakSample,
  type SoakSeriesVerdict,
  type SoakSettings,
  type SoakThreshold,
  type SoakVerdict,
  type SoakWorkload,
  type SoakWorkloadDefinition,
  type SoakWriter,
} from "./lib/soak/mod.ts";
export {
  assertIntegerInRange,
  assertIntegerList,
  assertNumberInRange,
  booleanAxis,
  chosenList,
  type ChosenListOptions,
  integerAxis,
  numberAxis,
  type NumberRangeOptions,
} from "./lib/runner/options.ts";
export type { Direction, Sample } from "./lib/stats/mod.ts";
export {
  type Artifact,
  type ArtifactParamValue,
  artifactToJson,
  type CaseRecord,
  type ComparisonRecord,
  type Environment,
  type FailureRecord,
  type ForkRecord,
  type IntervalRecord,
  type MetricAnalysis,
  type MetricRecord,
  type RevisionRecord,
  type RunConfig,
  type SkippedRecord,
  type SkipReason,
  type SweepRecord,
} from "./lib/artifact/mod.ts";
export { VERSION } from "./lib/version.ts";
