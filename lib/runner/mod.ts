/**
 * The runner: suites and cases, planning, forks, budgets, timeouts, leak
 * checks and environment capture. This is the folder's face to its sibling
 * folders (the CLI plans and loads suites through it); the package's public
 * API is the root `mod.ts`.
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
  isSuite,
  type MetricSpec,
  type Params,
  type ParamValue,
  SUITE,
  type Suite,
  type SuiteDefinition,
  type SuiteFactory,
  type SuiteOrigin,
  type SweepSpec,
} from "./suite.ts";
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
} from "./options.ts";
export {
  type CrossPair,
  type ProgressEvent,
  run,
  type RunOptions,
} from "./run.ts";
export { baselineComparisons, defaultTimeoutMs } from "./_run.ts";
export { type Job, planJobs } from "./_plan.ts";
export {
  forkPermissionArgs,
  ForkPermissionError,
  guardProcessGroups,
  killGroup,
  killGroupAfter,
  type KillTimer,
  type ProcessGuard,
} from "./_spawn_fork.ts";
export {
  forgetLockFilesUnder,
  forkConfigArgs,
  forkConfigArgsAcross,
  ForkConfigError,
  isOwnModule,
  localModulesOf,
  useLockFilesUnder,
} from "./_fork_config.ts";
export { captureEnvironment } from "./_environment.ts";
export { installLeakTracker, type LeakTracker } from "./_leaks.ts";
export { experimentContext } from "./_measure_fork_here.ts";
export { exportedSuites, loadSuite } from "./suite.ts";
export { callerModule } from "./suite.ts";
export {
  BENCH_FILE_NAMES,
  BenchFileError,
  benchFilesIn,
  type BenchFileSuites,
  benchFileSuites,
  isBenchFileName,
  uniqueBenchSuiteNames,
} from "./_deno_bench_files.ts";
export { benchFileOf, renamedBenchFile } from "./_deno_bench_suite.ts";
export {
  type CaseShape,
  revisionSuite,
  revisionSuiteFactory,
  type RevisionSuiteOptions,
  type SuiteShape,
  suiteShape,
} from "./_revision_suite.ts";
