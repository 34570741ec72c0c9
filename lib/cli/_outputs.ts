/**
 * What `run` and `revs` share around a run: the flags that shape it
 * (`--filter`, `--forks`, `--time`, `--seed`, `--fork-allow-run`), the
 * files it writes (`--json` and each report format), checked before the run
 * starts, the report printed first and each file written on its own after.
 *
 * @module
 */

import {
  ArtifactError,
  artifactToJson,
  checkWritable,
  MAX_FORKS,
  writeFileAtomic,
} from "../artifact/mod.ts";
import type { Artifact } from "../artifact/mod.ts";
import {
  type Format,
  renderFormat,
  renderTerminal,
  toGithubBenchmark,
} from "../report/mod.ts";
import { defaultTimeoutMs, type RunOptions } from "../runner/mod.ts";
import type { ParsedArgs as ParsedFlags } from "./_args.ts";
import { parseDuration, parseInteger, UsageError } from "./_usage.ts";

/** Each report flag and the format it writes. */
const REPORT_FLAGS: [string, Format][] = [
  ["md", "markdown"],
  ["html", "html"],
  ["csv", "csv"],
  ["bmf", "bmf"],
  ["gab", "github-action-benchmark"],
];

/** The string flags {@link runShape} and {@link outputsOf} read. */
export const RUN_FLAGS: readonly string[] = [
  "filter",
  "forks",
  "time",
  "seed",
  "json",
  ...REPORT_FLAGS.map(([flag]) => flag),
];

/** The boolean flags {@link runShape} reads. */
export const RUN_SWITCHES: readonly string[] = ["fork-allow-run"];

/** The help lines of the flags {@link RUN_FLAGS} and {@link RUN_SWITCHES} name. */
export const RUN_FLAGS_USAGE =
  `  --filter TEXT     only cases whose id contains TEXT (or matches /regex/)
  --forks N         forks per case (default 5)
  --time DURATION   time per fork per case, e.g. 500ms or 2s, counted from
                    the fork's start (process start-up included)
  --seed N          seed of every bootstrap
  --fork-allow-run  let forks run subprocesses (needs --allow-run in full;
                    a subprocess can have every permission)
  --json FILE       write the artifact to FILE ("-" for stdout)
  --md, --html, --csv, --bmf, --gab FILE
                    also write the Markdown, HTML, CSV, Bencher (BMF) or
                    github-action-benchmark report (--gab writes smaller-is-
                    better metrics to FILE, bigger-is-better to FILE-bigger)`;

/** The longest delay a timer holds: past it, setTimeout fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The longest --time whose fork timeout still fits a timer: the timeout
 * (defaultTimeoutMs) is linear in the time.
 */
const MAX_TIME_MS = Math.floor(
  (MAX_TIMER_MS - defaultTimeoutMs(0)) /
    (defaultTimeoutMs(1) - defaultTimeoutMs(0)),
);

/**
 * The run options the shared flags set.
 *
 * @param flags the parsed flags
 * @returns filter, forks, time, seed and forkAllowRun, as given
 * @throws {UsageError} on a value out of range
 *
 * @example
 * ```ts
 * import { RUN_FLAGS, RUN_SWITCHES, runShape } from "./_outputs.ts";
 * import { parseFlags } from "./_flags.ts";
 * import { assertEquals } from "@std/assert";
 * const flags = parseFlags("run", ["--forks", "3", "--time", "2s"], {
 *   string: [...RUN_FLAGS],
 *   boolean: [...RUN_SWITCHES],
 * });
 * assertEquals(runShape(flags), { forkAllowRun: false, forks: 3, timeMs: 2000 });
 * ```
 */
export function runShape(
  flags: ParsedFlags,
): Pick<RunOptions, "filter" | "forks" | "timeMs" | "seed" | "forkAllowRun"> {
  const shape: ReturnType<typeof runShape> = {
    forkAllowRun: flags["fork-allow-run"] === true,
  };
  if (flags.filter === "") {
    throw new UsageError("--filter needs TEXT or /regex/ to match case ids");
  }
  if (flags.filter !== undefined) shape.filter = String(flags.filter);
  if (flags.forks !== undefined) {
    shape.forks = parseInteger("--forks", flags.forks, 1, MAX_FORKS);
  }
  if (flags.time !== undefined) {
    shape.timeMs = parseDuration("--time", flags.time, {
      ms: MAX_TIME_MS,
      reason: "a fork's timeout, 4 × --time + 30 s, must fit a timer " +
        "(2^31 − 1 ms)",
    });
  }
  if (flags.seed !== undefined) {
    shape.seed = parseInteger("--seed", flags.seed, 0, 2 ** 32 - 1);
  }
  return shape;
}

/** The files a run writes: the artifact and reports, by path. */
export interface Outputs {
  /** The artifact's path, "-" for stdout. */
  json?: string;
  /** Each report's format and path. */
  reports: [Format, string][];
}

/**
 * The files the flags ask for, each checked writable before anything runs.
 *
 * @param flags the parsed flags
 * @returns the outputs
 * @throws {UsageError} on an empty name, "-" for a report, a path that
 *   cannot be written
 *
 * @example
 * ```ts ignore
 * const outputs = await outputsOf(flags);
 * ```
 */
export async function outputsOf(flags: ParsedFlags): Promise<Outputs> {
  const json = flags.json === undefined ? undefined : String(flags.json);
  if (json === "") {
    throw new UsageError('--json needs a file name, or "-" for stdout');
  }
  if (json !== undefined && json !== "-") {
    await assertWritable("--json", json);
  }
  const reports: [Format, string][] = [];
  for (const [flag, format] of REPORT_FLAGS) {
    if (flags[flag] === undefined) continue;
    const path = String(flags[flag]);
    if (path === "") throw new UsageError(`--${flag} needs a file name`);
    if (path === "-") {
      throw new UsageError(
        `--${flag} writes a file; give its name ("-" for stdout is --json's alone)`,
      );
    }
    await assertWritable(`--${flag}`, path);
    if (format === "github-action-benchmark") {
      await assertWritable(`--${flag}`, biggerPath(path));
    }
    reports.push([format, path]);
  }
  return { json, reports };
}

/**
 * Prints the report, or the artifact itself for `--json -`: first, whatever
 * becomes of the files, since a run may have taken minutes.
 *
 * @param artifact the run's artifact
 * @param outputs what the flags asked for
 *
 * @example
 * ```ts ignore
 * await printResult(artifact, outputs);
 * ```
 */
export async function printResult(
  artifact: Artifact,
  outputs: Outputs,
): Promise<void> {
  if (outputs.json === "-") {
    await Deno.stdout.write(new TextEncoder().encode(artifactToJson(artifact)));
    return;
  }
  console.log(
    renderTerminal(artifact, {
      color: Deno.stdout.isTerminal() && !Deno.noColor,
      charts: Deno.stdout.isTerminal(),
    }),
  );
}

/**
 * Writes every file asked for, each atomically and on its own, so that one
 * that cannot be written loses no other; says on stderr which failed.
 *
 * @param artifact the run's artifact
 * @param outputs what the flags asked for
 * @returns how many files could not be written
 *
 * @example
 * ```ts ignore
 * if (await writeOutputs(artifact, outputs) > 0) return 2;
 * ```
 */
export async function writeOutputs(
  artifact: Artifact,
  outputs: Outputs,
): Promise<number> {
  const files: [string, () => string][] = [];
  if (outputs.json !== undefined && outputs.json !== "-") {
    files.push([outputs.json, () => artifactToJson(artifact)]);
  }
  for (const [format, path] of outputs.reports) {
    files.push([path, () => renderFormat(artifact, format)]);
    if (format === "github-action-benchmark") {
      const bigger = toGithubBenchmark(artifact, "bigger");
      if (bigger.length > 0) {
        files.push([
          biggerPath(path),
          () => JSON.stringify(bigger, null, 2) + "\n",
        ]);
      }
    }
  }
  let unwritten = 0;
  for (const [path, text] of files) {
    try {
      await writeFileAtomic(path, text());
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      console.error(`looplab: ${error.message}`);
      unwritten++;
    }
  }
  return unwritten;
}

/** Fails before the run, not after it, when an output cannot be written. */
async function assertWritable(flag: string, path: string): Promise<void> {
  try {
    await checkWritable(path);
  } catch (error) {
    if (error instanceof ArtifactError) {
      throw new UsageError(`${flag} ${error.message}`);
    }
    throw error;
  }
}

/** Where --gab writes the bigger-is-better metrics, beside FILE. */
function biggerPath(path: string): string {
  return path.replace(/(\.json)?$/, "-bigger$1");
}
