/**
 * The artifact: the JSON result of a run (types and a JSON Schema per
 * version), read with validation and upgraded from any earlier version,
 * written atomically, its cases named by one canonical id. The package
 * exports this as `@looplab/looplab/artifact`.
 *
 * Reading loads the validator on first use; writing and the types load
 * nothing heavy, so a fork that imports the package pays for neither.
 *
 * @example
 * ```ts
 * import { ArtifactError, validateArtifact } from "@looplab/looplab/artifact";
 * import { assertRejects } from "@std/assert";
 * await assertRejects(
 *   () => validateArtifact({ schemaVersion: 1 }, "main.json"),
 *   ArtifactError,
 *   'main.json: not a valid looplab artifact: (top level): missing "tool"',
 * );
 * ```
 *
 * @module
 */

export { checkArtifactSamples } from "./check_samples.ts";
export { caseId, parseCaseId, type ParsedCaseId } from "./case_id.ts";
export {
  artifactDifferences,
  type ArtifactDifferencesOptions,
} from "./differences.ts";
export { ArtifactError } from "./error.ts";
export { MAX_QUOTE_CHARS, quoteInput } from "./quote.ts";
export {
  MAX_FILE_BYTES,
  MAX_FORKS,
  MAX_RESAMPLES,
  MAX_SAMPLES_PER_FORK,
  MAX_SAMPLES_PER_METRIC,
  readArtifact,
  readJsonFile,
  validateArtifact,
} from "./read.ts";
export { artifactToJson, checkWritable, writeFileAtomic } from "./write.ts";
export {
  type Artifact,
  type ArtifactKind,
  type ArtifactParamValue,
  type CaseRecord,
  type ComparisonRecord,
  type Environment,
  type FailureRecord,
  type ForkRecord,
  type GroupRecord,
  type InterferenceRecord,
  type IntervalRecord,
  type MetricAnalysis,
  type MetricRecord,
  REVISION_SIDES,
  type RevisionRecord,
  type RunConfig,
  SCHEMA_VERSION,
  type SkippedRecord,
  type SkipReason,
  type SteadyStateClass,
  type SteadyStateRecord,
  type SweepRecord,
  UNIT_SEPARATOR,
} from "./types.ts";
export { isTimeUnit, NS_PER_TIME_UNIT, type TimeUnit } from "./units.ts";
export { revisionComparisons, withoutSide } from "./revisions.ts";
