/**
 * Running suites: the entry point {@link run} and its options. The runner
 * itself (planning, forks, analysis, the artifact) is loaded on the first
 * call: a suite module imports this package to declare its cases, and a
 * fork, whose time budget counts from its start, then loads the suite
 * without the code that analyses runs, which it never calls.
 *
 * @module
 */

import type { Artifact, RevisionRecord } from "../artifact/mod.ts";
import type { Suite } from "./suite.ts";

/**
 * A comparison between cases of different suites (two revisions'), by case
 * id; `interleave` when both may be timed in one fork.
 */
export interface CrossPair {
  /** The base case's id. */
  base: string;
  /** The candidate case's id. */
  candidate: string;
  /** Both modules can share a process: time them interleaved in one fork. */
  interleave?: boolean;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Forks per case. @default 5 (1 with quick) */
  forks?: number;
  /** Time per fork per case, ms, counted from the fork's start (process start-up comes out of it). @default 500 (150 with quick) */
  timeMs?: number;
  /** Smoke run: one short fork per case. @default false */
  quick?: boolean;
  /** Run cases in this process instead of forks (debugging). @default false */
  inProcess?: boolean;
  /**
   * Forks may run subprocesses (`--allow-run`, which this process must hold
   * in full): a fork allowed to run one can start it with every permission,
   * so forks get it only when declared. @default false
   */
  forkAllowRun?: boolean;
  /**
   * How declared comparisons of bench cases are measured: `"interleaved"`,
   * both sides in alternating blocks within the same forks, or
   * `"paired-rounds"`, each side in its own forks, run in the same rounds.
   * @default "interleaved"
   */
  design?: "interleaved" | "paired-rounds";
  /** Seed of every bootstrap. @default 0x5eed */
  seed?: number;
  /** Keep cases whose id contains this, or matches it when written /…/. */
  filter?: string;
  /** Fewest samples per bench fork. @default 10 */
  minSamples?: number;
  /** Most samples per bench fork. @default 200000 */
  maxSamples?: number;
  /** Early-stop precision per bench fork (0: never). @default 0.002 */
  precision?: number;
  /** Confidence level. @default 0.95 */
  level?: number;
  /** Bootstrap resamples. @default 1000 */
  resamples?: number;
  /** Significance level of comparisons. @default 0.05 */
  alpha?: number;
  /** Noise threshold of comparisons. @default 0.01 */
  noiseThreshold?: number;
  /** Compare every matching metric with this earlier artifact. */
  baseline?: Artifact;
  /** The command line, recorded in the artifact. */
  command?: string[];
  /**
   * Comparisons between cases of different suites, by case id: each a
   * comparison of the candidate with the base. A pair marked `interleave`
   * is timed interleaved in the same forks (under the interleaved design),
   * which the caller asserts is safe: the two modules share no local module
   * (two revisions' checkouts); any other pair is measured as whole forks
   * in the same rounds (paired-rounds). Cases the run did not plan
   * (filtered out, absent) are left out.
   */
  pairs?: readonly CrossPair[];
  /**
   * What the artifact holds: `"revs"` for two revisions' cases, whose suites
   * are named `base:…` and `candidate:…`. @default "run"
   */
  kind?: "run" | "revs";
  /** The two revisions of a `"revs"` run, recorded in the artifact. */
  revisions?: { base: RevisionRecord; candidate: RevisionRecord };
  /** Of a `"revs"` run: the cases on the candidate only, recorded. */
  added?: readonly string[];
  /** Of a `"revs"` run: the cases on the base only, recorded. */
  removed?: readonly string[];
  /** Called as forks start and cases finish. */
  onProgress?: (event: ProgressEvent) => void;
}

/** What the runner is doing, for progress displays. */
export type ProgressEvent =
  | {
    type: "fork";
    id: string;
    fork: number;
    forks: number;
    done: number;
    total: number;
    elapsedMs: number;
    remainingMs: number;
  }
  | { type: "case"; id: string; status: "passed" | "failed"; message: string };

/**
 * Runs suites and returns the artifact. Cases that fail are recorded as
 * failed with the reason; the others still run.
 *
 * @param suites the suites to run
 * @param options forks, time, filter, seed, statistics, baseline, progress
 * @returns the artifact
 * @throws {RangeError} on bad options; {@link TypeError} on suites that
 *   cannot be planned; an `Error` named `ForkPermissionError`, before
 *   anything runs, when forks cannot be given exactly the permissions they
 *   need (see the README's "Permissions")
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { calibration } from "@looplab/looplab/suites/calibration";
 * const artifact = await run([calibration()], { quick: true });
 * ```
 */
export async function run(
  suites: readonly Suite[],
  options: RunOptions = {},
): Promise<Artifact> {
  const { runSuites } = await import("./_run.ts");
  return await runSuites(suites, options);
}
