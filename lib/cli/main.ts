/**
 * looplab's command line: `deno task bench` runs it.
 *
 * The runner (suites, forks, artifacts) is not built yet, so `run` says so
 * and succeeds; `help` lists the commands; anything else is a usage error
 * (exit 2).
 *
 * @module
 */

import { parseArgs } from "./args.ts";

const USAGE = `looplab — benchmarks for async-runtime behaviour

Usage:
  deno task bench [run]     run every built-in suite and print a report
  deno task bench help      show this help
`;

/**
 * Runs the CLI with the given arguments and returns the exit code.
 *
 * @param args command-line arguments, without the program name
 * @returns 0 on success, 2 on a usage error
 *
 * @example
 * ```ts
 * import { main } from "@looplab/looplab/cli";
 * await main(["help"]); // 0
 * ```
 */
export function main(args: readonly string[]): Promise<number> {
  const unknownFlags: string[] = [];
  const parsed = parseArgs(args, {
    boolean: ["help"],
    alias: { h: "help" },
    unknown: (arg) => {
      if (arg.startsWith("-")) unknownFlags.push(arg);
      return !arg.startsWith("-");
    },
  });
  if (unknownFlags.length > 0) {
    console.error(
      `looplab: unknown flag ${unknownFlags[0]}; accepted: --help\n\n${USAGE}`,
    );
    return Promise.resolve(2);
  }
  const command = String(parsed._[0] ?? "run");
  if (parsed.help || command === "help") {
    console.log(USAGE);
    return Promise.resolve(0);
  }
  if (command === "run") {
    console.log(
      "looplab: no suites yet — the runner and the built-in suites are on " +
        "their way. The statistics core is ready: see lib/stats.",
    );
    return Promise.resolve(0);
  }
  console.error(
    `looplab: unknown command "${command}"; accepted: run, help\n\n${USAGE}`,
  );
  return Promise.resolve(2);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
