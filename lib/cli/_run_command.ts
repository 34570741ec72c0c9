/**
 * `run`: run suites, print the report, write the artifact, compare with a
 * baseline and gate on regressions.
 *
 * @module
 */

import {
  artifactDifferences,
  checkArtifactSamples,
  readArtifact,
} from "../artifact/mod.ts";
import { terminalSafe } from "../report/mod.ts";
import {
  ForkPermissionError,
  type Job,
  planJobs,
  run,
  type RunOptions,
} from "../runner/mod.ts";
import { parseFlags } from "./_flags.ts";
import { gateRegressions } from "./_gate.ts";
import {
  outputsOf,
  printResult,
  RUN_FLAGS,
  RUN_FLAGS_USAGE,
  RUN_SWITCHES,
  runShape,
  writeOutputs,
} from "./_outputs.ts";
import { createProgress } from "./_progress.ts";
import { resolveSuites } from "./_suites.ts";
import { INTERRUPTED_EXIT_CODE, parsePercent, UsageError } from "./_usage.ts";

/** The help text of `run`. */
export const RUN_USAGE = `deno task bench [run] [suite or module …] [flags]

  suite or module   a built-in suite (e.g. timers/tick_policies) with its
                    full defaults, the path of a module that exports
                    suites, or a Deno.bench file (x_bench.ts, x.bench.ts,
                    bench.ts) or a folder of them, run unchanged; none
                    runs the tour: every built-in suite, trimmed to a few
                    minutes
  --full            with no suite named: every built-in suite with its full
                    defaults (about nine minutes here)
  --quick           one short fork per case: a smoke run
  --in-process      run cases in this process (debugging; no fork isolation)
${RUN_FLAGS_USAGE}
  --baseline FILE   compare every matching metric with a saved artifact and
                    exit 1 when one is significantly worse (p-values
                    adjusted by Holm over all of them)
  --fail-on-regression[=PCT]
                    with --baseline: exit 1 only when worse by more than PCT
                    (default: the 1% noise threshold)`;

/**
 * Runs the `run` command.
 *
 * @param args the arguments after `run`
 * @returns the exit code: 0, 1 when a case failed or a metric regressed,
 *   2 when an output file could not be written (after the report is printed),
 *   130 when SIGINT or SIGTERM stopped the run (after the report of the cases
 *   that ran is printed and the files are written)
 * @throws {UsageError} on bad arguments (before anything runs)
 *
 * @example
 * ```ts ignore
 * await runCommand(["calibration", "--quick"]);
 * ```
 */
export async function runCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("run", args, {
    string: [...RUN_FLAGS, "baseline", "fail-on-regression"],
    boolean: [...RUN_SWITCHES, "quick", "in-process", "full"],
  });
  if (flags.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  const options: RunOptions = {
    ...runShape(flags),
    quick: flags.quick === true,
    inProcess: flags["in-process"] === true,
    command: ["looplab", "run", ...args],
  };
  const outputs = await outputsOf(flags);
  const gate = flags["fail-on-regression"];
  if (gate !== undefined && flags.baseline === undefined) {
    throw new UsageError("--fail-on-regression needs --baseline FILE");
  }
  if (flags.baseline !== undefined) {
    options.baseline = await readArtifact(String(flags.baseline));
    checkArtifactSamples(options.baseline, String(flags.baseline));
  }
  const threshold = gate === undefined || gate === ""
    ? undefined
    : parsePercent("--fail-on-regression", gate);
  const suites = await resolveSuites(
    flags._.map(String),
    flags.full === true ? "full" : "tour",
    { forkAllowRun: options.forkAllowRun },
  );
  let planned: Job[];
  try {
    planned = planJobs(suites, options.filter);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (planned.length === 0) {
    const ids = planJobs(suites).map((j) => j.id);
    throw new UsageError(
      `--filter ${options.filter} matches no case; cases: ${
        ids.slice(0, 8).join(", ")
      }${ids.length > 8 ? `, … (${ids.length} in all)` : ""}`,
    );
  }

  const progress = createProgress(Deno.stderr.isTerminal());
  let artifact;
  try {
    artifact = await run(suites, {
      ...options,
      onProgress: progress.onProgress,
    });
  } catch (error) {
    // Refused before any fork started: a usage problem, one line, exit 2.
    if (error instanceof ForkPermissionError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  progress.finish();

  await printResult(artifact, outputs);
  if (options.baseline !== undefined) {
    const differences = artifactDifferences(options.baseline, artifact, {
      baseLabel: String(flags.baseline),
      nextLabel: "this run",
    });
    for (const line of differences) {
      console.error(`warning: ${terminalSafe(line)}`);
    }
  }
  const gated = artifact.comparisons.filter((c) => c.source === "baseline");
  const regressions = gateRegressions(
    gated,
    threshold ?? artifact.config.noiseThreshold,
    artifact.config.alpha,
  );
  const unwritten = await writeOutputs(artifact, outputs);
  if (artifact.interrupted) {
    console.error(
      `looplab: interrupted: ${artifact.cases.length} of ${planned.length} ` +
        "case(s) recorded, the running fork ended, the rest not run",
    );
    return INTERRUPTED_EXIT_CODE;
  }
  if (unwritten > 0) return 2;
  // As deno bench does: a focused run must not pass as a whole one.
  const leftOut = artifact.skipped.filter((s) => s.reason === "not only");
  if (leftOut.length > 0) {
    console.error(
      `looplab: the "only" option left ${leftOut.length} bench(es) out; ` +
        "the run fails, as under deno bench, so that it is not taken for a " +
        "whole one",
    );
  }
  return artifact.summary.failed > 0 || regressions.length > 0 ||
      leftOut.length > 0
    ? 1
    : 0;
}
