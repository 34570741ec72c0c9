/**
 * The artifact: one JSON document per run, the single source of truth that
 * every report renders. `schema_v6.json` beside this file is its JSON
 * Schema; keep the two in step. When the shape changes, bump
 * {@link SCHEMA_VERSION}, add `schema_vN.json` and an upgrade from the
 * version before in `_upgrade.ts`, and leave the older schemas as they are:
 * every version ever written stays readable.
 *
 * @module
 */

import type {
  ComplexityResult,
  Fences,
  Knee,
  Modality,
  OutlierCounts,
  OutlierEffect,
  Summary,
  Verdict,
} from "../stats/mod.ts";

/** The version of the artifact's shape. */
export const SCHEMA_VERSION = 6;

/** What an artifact holds: a run, a soak, or two revisions run interleaved. */
export type ArtifactKind = "run" | "soak" | "revs";

/**
 * The prefixes of a "revs" artifact's suite names, one per side: the
 * candidate's cases are compared with the base's cases of the same name.
 */
export const REVISION_SIDES = ["base", "candidate"] as const;

/**
 * Between the case ids of a group measured interleaved, in a
 * {@link Artifact.schedule}'s unit.
 */
export const UNIT_SEPARATOR = " ⇄ ";

/** One revision of a "revs" artifact, as git named it when the run began. */
export interface RevisionRecord {
  /** The revision as the user named it: `main`, `HEAD~3`, a SHA, or `.`. */
  rev: string;
  /** The commit's full SHA; for the working tree, HEAD's. */
  sha: string;
  /** The commit's subject line; for the working tree, HEAD's. */
  subject: string;
  /** The working tree differed from HEAD; always false for a commit. */
  dirty: boolean;
  /** The revision is the working tree as it was, not a commit. */
  workingTree: boolean;
}

/** A parameter value. */
export type ArtifactParamValue = string | number | boolean;

/** Everything one run produced. */
export interface Artifact {
  /** Shape version: readers refuse newer ones. */
  schemaVersion: number;
  /**
   * What it holds: the runner writes "run", and "revs" for two revisions'
   * cases run in one sitting (`revs`).
   */
  kind: ArtifactKind;
  /** The tool that wrote it. */
  tool: { name: "looplab"; version: string };
  /** When the run started (ISO 8601). */
  createdAt: string;
  /** The command line, when run from the CLI. */
  command: string[];
  /** The machine and runtime. */
  environment: Environment;
  /** The run's settings. */
  config: RunConfig;
  /** Every case that was planned, with its status. */
  cases: CaseRecord[];
  /** Declared comparisons (and, with a baseline, comparisons with it). */
  comparisons: ComparisonRecord[];
  /** Declared sweeps. */
  sweeps: SweepRecord[];
  /** Bench cases measured interleaved in the same forks. */
  groups: GroupRecord[];
  /** Cases the suites declared but did not run, with the reason. */
  skipped: SkippedRecord[];
  /**
   * The two revisions of a "revs" artifact, whose cases' suites are named
   * `base:…` and `candidate:…` ({@link REVISION_SIDES}); null for a run.
   */
  revisions: { base: RevisionRecord; candidate: RevisionRecord } | null;
  /**
   * Of a "revs" artifact: the cases (`suite/case`, without the side's
   * prefix) on the candidate only; [] for a run.
   */
  added: string[];
  /** Of a "revs" artifact: the cases on the base only; [] for a run. */
  removed: string[];
  /**
   * Per round, the order in which the run's units ran: a case's id, or the
   * ids of a group measured interleaved joined by {@link UNIT_SEPARATOR}.
   * A unit whose cases had all failed is not listed in later rounds. Null
   * in artifacts written before schema version 6.
   */
  schedule: string[][] | null;
  /** Counts. */
  summary: { cases: number; passed: number; failed: number };
  /**
   * True when SIGINT or SIGTERM stopped the run: `cases` holds the cases
   * with a finished fork, on the forks they have; the others did not run.
   */
  interrupted?: boolean;
}

/** The machine and runtime a run used. */
export interface Environment {
  /** Deno version. */
  deno: string;
  /** V8 version. */
  v8: string;
  /** TypeScript version. */
  typescript: string;
  /** Operating system (Deno.build.os). */
  os: string;
  /** OS release, when --allow-sys allowed reading it. */
  osRelease: string | null;
  /** CPU architecture. */
  arch: string;
  /** CPU model, when --allow-sys allowed reading it. */
  cpuModel: string | null;
  /** Logical cores. */
  cores: number;
  /** Total memory in bytes, when readable. */
  memoryBytes: number | null;
  /** 1/5/15-minute load averages at the start and end of the run. */
  loadAverage: { start: number[] | null; end: number[] | null };
  /** The git commit of the working directory, when there is one. */
  git: { commit: string; dirty: boolean } | null;
}

/** The settings of a run. */
export interface RunConfig {
  /** Forks per case. */
  forks: number;
  /** Measuring time per fork per case, ms. */
  timeMs: number;
  /** Whether --quick was given. */
  quick: boolean;
  /** Whether cases ran in the runner's own process. */
  inProcess: boolean;
  /** Seed of every bootstrap. */
  seed: number;
  /** Fewest samples per bench fork. */
  minSamples: number;
  /** Most samples per bench fork. */
  maxSamples: number;
  /** Relative CI half-width at which a bench fork may stop early (0: never). */
  precision: number;
  /** Confidence level of every CI. */
  level: number;
  /** Bootstrap resamples. */
  resamples: number;
  /** Significance level of comparisons. */
  alpha: number;
  /** Noise threshold of comparisons. */
  noiseThreshold: number;
  /** The --filter given, if any. */
  filter: string | null;
  /**
   * How declared comparisons of bench cases were measured: in blocks
   * interleaved within the same forks, or as whole forks in the same rounds.
   */
  design: "interleaved" | "paired-rounds";
}

/** Why a case failed. */
export interface FailureRecord {
  /** threw, timeout, leak, crash or invalid. */
  kind: string;
  /** One line. */
  message: string;
  /** The stack or the fork's stderr tail. */
  detail: string | null;
  /** The fork it happened in. */
  fork: number;
}

/** One case under one parameter combination. */
export interface CaseRecord {
  /** `suite/case[axis=value,…]`, names escaped as `caseId` does. */
  id: string;
  /** Suite name. */
  suite: string;
  /** Case name. */
  case: string;
  /** bench or experiment. */
  kind: "bench" | "experiment";
  /** The case's description. */
  description: string | null;
  /** Parameter values. */
  params: Record<string, ArtifactParamValue>;
  /** passed, or failed with the reason. */
  status: "passed" | "failed";
  /** Why it failed. */
  failure: FailureRecord | null;
  /** Per fork: what ran. */
  forks: ForkRecord[];
  /** The metrics. */
  metrics: MetricRecord[];
}

/** What one fork did. */
export interface ForkRecord {
  /** Fork index. */
  index: number;
  /** passed or failed. */
  status: "passed" | "failed";
  /** Wall time of the fork's measuring work, ms. */
  elapsedMs: number;
  /** Bench: iterations per sample. */
  iterationsPerSample: number | null;
  /** Bench: heap growth per call, bytes. */
  heapBytesPerIteration: number | null;
  /** Experiment: repetitions run. */
  repetitions: number | null;
  /** Bench: the class of the fork's time-ordered samples; else null. */
  steadyState: SteadyStateRecord | null;
  /** What the host did to the fork while it ran; null in-process. */
  interference: InterferenceRecord | null;
  /**
   * Bench timed between explicit start/end marks, one call per sample: the
   * clock's cost per pair of readings in ns, subtracted from each sample;
   * null for forks timed in batches and for experiments.
   */
  clockCostNs: number | null;
}

/** The steady-state classes of a fork's time series (Barrett et al. 2017). */
export type SteadyStateClass =
  | "flat"
  | "warmup"
  | "slowdown"
  | "no steady state";

/** Whether, and from where, a fork's samples reached a steady state. */
export interface SteadyStateRecord {
  /** The class. */
  class: SteadyStateClass;
  /** Index of the steady segment's first sample; null with none. */
  steadyFrom: number | null;
}

/** What the host did to a fork while it ran. */
export interface InterferenceRecord {
  /** Wall time from the fork's start to its result, ms. */
  wallMs: number;
  /** User and system CPU time over the same span, ms (10 ms ticks). */
  cpuMs: number;
  /**
   * Time the fork's threads were runnable but waited for a CPU over the
   * same span, ms; null where the kernel keeps no schedstat.
   */
  runQueueWaitMs: number | null;
  /** Times the fork was preempted over the same span. */
  involuntarySwitches: number;
  /** The runner's judgement, against the case's other forks. */
  disturbed: boolean;
  /** Why, in words; empty when not disturbed. */
  reasons: string[];
}

/**
 * Bench cases measured in the same forks, interleaved: each round runs
 * every member for one block of `blockSamples` samples, in an order drawn
 * afresh each round. Round r of a member is its samples
 * [r·blockSamples, (r+1)·blockSamples) in that fork.
 */
export interface GroupRecord {
  /** Case ids; order indices refer to this list. */
  members: string[];
  /** Samples per member per block. */
  blockSamples: number;
  /** Per fork: the seed of its order and each round's order. */
  forks: { index: number; seed: number; order: number[][] }[];
}

/**
 * Why a declared case did not run: "ignored" when the case asked to be
 * skipped, "not only" when another case of the run is marked only.
 */
export type SkipReason = "ignored" | "not only";

/**
 * A case a suite declared but did not run, so that a report says it was
 * left out rather than letting it vanish.
 */
export interface SkippedRecord {
  /** `suite/case`, escaped as `caseId` does. */
  id: string;
  /** Suite name. */
  suite: string;
  /** Case name. */
  case: string;
  /** Why it did not run. */
  reason: SkipReason;
}

/** A point estimate with a bootstrap CI. */
export interface IntervalRecord {
  /** The estimate. */
  point: number;
  /** Lower endpoint. */
  lower: number;
  /** Upper endpoint. */
  upper: number;
  /** Confidence level. */
  level: number;
}

/** One metric of one case. */
export interface MetricRecord {
  /** Metric name ("time" for bench cases). */
  name: string;
  /** Unit. */
  unit: string;
  /** Which way is better. */
  direction: "smaller" | "bigger";
  /** One line. */
  description: string | null;
  /**
   * Raw samples per fork, in time order: all a fork recorded, or, past the
   * bound of `maxSamples`, those recorded at multiples of its `stride`.
   */
  samples: number[][];
  /**
   * Present when a fork recorded more values than `maxSamples`: per fork,
   * the values it recorded.
   */
  recorded?: number[];
  /** Present with `recorded`: per fork, the stride of its kept samples. */
  stride?: number[];
  /** The analysis (null when there were no samples). */
  analysis: MetricAnalysis | null;
  /** Warnings a careful engineer would want. */
  warnings: string[];
}

/** The analysis of one metric. */
export interface MetricAnalysis {
  /** Summary over all forks' samples. */
  summary: Summary;
  /**
   * The centre (median) with a CI from a hierarchical bootstrap over forks
   * then samples; with one fork it excludes between-process variance.
   */
  centre: IntervalRecord & {
    forks: number;
    includesBetweenForkVariance: boolean;
    relativeHalfWidth: number;
  };
  /** Bootstrap CI of the mean over pooled samples (BCa). */
  mean: IntervalRecord | null;
  /** Median of each fork. */
  forkMedians: number[];
  /** Tukey fences. */
  fences: Fences;
  /** Samples per outlier class. */
  outliers: OutlierCounts;
  /** Variance introduced by outliers. */
  outlierVariance: { fraction: number; effect: OutlierEffect } | null;
  /** Modes and shares. */
  modality: Modality;
}

/** A comparison of two cases (or of a run with its baseline). */
export interface ComparisonRecord {
  /** Declared in a suite, or against a --baseline artifact. */
  source: "declared" | "baseline";
  /**
   * How the two sides were measured: in blocks interleaved within the same
   * forks, as whole forks in the same rounds, or apart (a baseline).
   */
  design: "interleaved" | "paired-rounds" | "unpaired";
  /** The base case id. */
  base: string;
  /** The candidate case id. */
  candidate: string;
  /** The metric. */
  metric: string;
  /** Its unit. */
  unit: string;
  /** Which way is better. */
  direction: "smaller" | "bigger";
  /** Centres of each side. */
  baseCentre: number;
  /** Centres of each side. */
  candidateCentre: number;
  /** candidate / base medians with a CI. */
  ratio: IntervalRecord;
  /** p-value of the test. */
  p: number;
  /** The test used. */
  test: string;
  /** The verdict. */
  verdict: Verdict;
  /** Warnings. */
  warnings: string[];
}

/** A metric as a curve over one numeric parameter. */
export interface SweepRecord {
  /** Suite name. */
  suite: string;
  /** Case name. */
  case: string;
  /** The varying parameter. */
  param: string;
  /** The metric. */
  metric: string;
  /** Its unit. */
  unit: string;
  /** The other parameters, held fixed along this curve. */
  fixed: Record<string, ArtifactParamValue>;
  /** One point per value of the parameter, ascending. */
  points: { x: number; centre: number; lower: number; upper: number }[];
  /** Best-fitting growth class (null with fewer than two points). */
  complexity: ComplexityResult | null;
  /** Where the slope changes (null with fewer than four points). */
  knee: Knee | null;
}
