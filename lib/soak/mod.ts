/**
 * Soaks: one workload run for minutes or hours in a supervised child, its
 * resources sampled from outside, every end of the child classified, and a
 * verdict from the slopes after warm-up. This is the folder's face to its
 * sibling folders.
 *
 * @module
 */

export {
  SOAK_SCHEMA_VERSION,
  type SoakEndKind,
  type SoakEvent,
  type SoakHeader,
  type SoakLine,
  type SoakResource,
  type SoakSample,
  type SoakSeriesVerdict,
  type SoakSettings,
  type SoakThreshold,
  type SoakVerdict,
} from "./types.ts";
export {
  caseWorkload,
  defineSoakWorkload,
  isSoakWorkload,
  SOAK_WORKLOAD,
  type SoakCaseReference,
  type SoakContext,
  type SoakWorkload,
  type SoakWorkloadDefinition,
} from "./workload.ts";
export {
  createSoakWriter,
  isSoakArtifact,
  parseSoakArtifact,
  readSoakArtifact,
  type SoakRecord,
  type SoakWriter,
} from "./artifact.ts";
export { judgeSoak, soakSeries } from "./_verdict.ts";
export {
  DEFAULT_MIN_SAMPLES,
  DEFAULT_THRESHOLDS,
  soak,
  type SoakOptions,
  type SoakResult,
  soakSettings,
  THRESHOLD_UNITS,
} from "./run_soak.ts";
