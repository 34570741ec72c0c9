/**
 * looplab's command line; `deno task bench` runs it.
 *
 * Commands: `run` (the default), `list`, `analyze`, `compare`, `report`,
 * `calibrate`, `soak`, `help`. Output: the report (or JSON) on stdout, progress on stderr. Exit
 * codes: 0 success; 1 a case failed, a metric regressed or a calibration
 * target was missed; 2 a usage or input error, with a one-line message.
 *
 * @module
 */

import { ArtifactError } from "../artifact/mod.ts";
import { terminalSafe } from "../report/mod.ts";
import { planJobs } from "../runner/mod.ts";
import { ANALYZE_USAGE, analyzeCommand } from "./_analyze_command.ts";
import { CALIBRATE_USAGE, calibrateCommand } from "./_calibrate_command.ts";
import { COMPARE_USAGE, compareCommand } from "./_compare_command.ts";
import { parseFlags } from "./_flags.ts";
import { REPORT_USAGE, reportCommand } from "./_report_command.ts";
import { RUN_USAGE, runCommand } from "./_run_command.ts";
import { SOAK_USAGE, soakCommand } from "./_soak_command.ts";
import { REVS_USAGE, revsCommand } from "./_revs_command.ts";
import { resolveSuites } from "./_suites.ts";
import { UsageError } from "./_usage.ts";

const USAGE = `looplab — benchmarks for async-runtime behaviour

Commands:
  run [suite or module …]   run suites and print the report (the default)
  list [suite or module …]  list suites, cases and parameter axes
  analyze FILE              outlier classes, CIs and modality for samples
  compare BASE NEW          compare two artifacts metric by metric
  report ARTIFACT           render a saved artifact (terminal, markdown,
                            csv, html, bmf, github-action-benchmark, json)
  calibrate                 measure looplab's own false-positive rate,
                            power and CI coverage on this machine
  soak WORKLOAD             run one workload for minutes or hours, sample
                            its resources, judge their slopes and every end
  revs BASE CANDIDATE       two git revisions' Deno.bench files, interleaved
                            in one run, each case compared; the CI gate
  help                      this text; COMMAND --help for a command's flags

${RUN_USAGE}

${ANALYZE_USAGE}

${COMPARE_USAGE}

${REPORT_USAGE}

${CALIBRATE_USAGE}

${SOAK_USAGE}

${REVS_USAGE}`;

const COMMANDS = [
  "run",
  "list",
  "analyze",
  "compare",
  "report",
  "calibrate",
  "soak",
  "revs",
  "help",
];

/**
 * Runs the CLI with the given arguments and returns the exit code.
 *
 * @param args command-line arguments, without the program name
 * @returns 0 on success, 1 on failures or regressions, 2 on usage errors
 *
 * @example
 * ```ts
 * import { main } from "@looplab/looplab/cli";
 * import { assertEquals } from "@std/assert";
 * assertEquals(await main(["help"]), 0); // prints the usage to stdout
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  // Anything that is not a command is a `run` argument: `bench calibration`
  // runs the calibration suite, `bench --quick` a quick run of every suite.
  const first = args[0];
  const command = first !== undefined && COMMANDS.includes(first)
    ? first
    : "run";
  const rest = command === first ? args.slice(1) : args;
  try {
    switch (command) {
      case "run":
        return await runCommand(rest);
      case "list":
        return await listCommand(rest);
      case "analyze":
        return await analyzeCommand(rest);
      case "compare":
        return await compareCommand(rest);
      case "report":
        return await reportCommand(rest);
      case "calibrate":
        return await calibrateCommand(rest);
      case "soak":
        return await soakCommand(rest);
      case "revs":
        return await revsCommand(rest);
      case "help":
        console.log(USAGE);
        return 0;
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ArtifactError) {
      // A message may quote a file name or a value read from a file.
      console.error(`looplab: ${terminalSafe(error.message)}`);
      return 2;
    }
    throw error;
  }
}

async function listCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("list", args, {
    boolean: ["full", "fork-allow-run"],
  });
  if (flags.help) {
    console.log(
      "looplab list [suite, module, bench file or folder …] [--full]\n\n" +
        "  none lists the tour (what `deno task bench` runs); --full lists\n" +
        "  every built-in suite with its full defaults. A Deno.bench file\n" +
        "  is imported in a fork to list its benches, groups and what is\n" +
        "  compared (--fork-allow-run lets that fork run subprocesses)",
    );
    return 0;
  }
  const suites = await resolveSuites(
    flags._.map(String),
    flags.full === true ? "full" : "tour",
    { forkAllowRun: flags["fork-allow-run"] === true },
  );
  for (const suite of suites) {
    // Names and descriptions may come from another project's bench file.
    const safe = terminalSafe(suite);
    console.log(
      `${safe.name}${safe.description ? ` — ${safe.description}` : ""}`,
    );
    for (const [axis, values] of Object.entries(safe.params ?? {})) {
      console.log(`  axis ${axis}: ${values.join(", ")}`);
    }
    for (const c of safe.cases) {
      const axes = Object.entries(c.params ?? {}).map(([k, v]) =>
        `${k}: ${v.join(", ")}`
      );
      console.log(
        `  ${c.kind.padEnd(10)} ${c.name}${
          c.description ? ` — ${c.description}` : ""
        }` +
          (axes.length > 0 ? ` (axes ${axes.join("; ")})` : ""),
      );
    }
    for (const s of safe.skipped ?? []) {
      console.log(`  skipped    ${s.name} (${s.reason})`);
    }
    for (const c of safe.comparisons ?? []) {
      console.log(`  compare    ${c.candidate} vs ${c.base}`);
    }
    console.log(
      `  ${planJobs([suite]).length} case run(s) with parameters expanded`,
    );
  }
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
