/**
 * Turning `run` arguments into suites: a built-in suite's name; a
 * `Deno.bench` file (a name `deno bench` takes: `x_bench.ts`, `x.bench.js`,
 * …) or a folder of them, each listed in a fork; or the path or URL of a
 * module whose exported suites (and suite factories, called with their
 * default options) are taken.
 *
 * @module
 */

import { fromFileUrl } from "@std/path/from-file-url";
import { toFileUrl } from "@std/path/to-file-url";
import { resolve } from "@std/path/resolve";
import { quoteInput } from "../artifact/mod.ts";
import {
  BENCH_FILE_NAMES,
  BenchFileError,
  benchFilesIn,
  type BenchFileSuites,
  benchFileSuites,
  exportedSuites,
  ForkPermissionError,
  isBenchFileName,
  type Suite,
  uniqueBenchSuiteNames,
} from "../runner/mod.ts";
import { type BuiltinSet, builtinSuites } from "../../suites/mod.ts";
import { UsageError } from "./_usage.ts";

/**
 * Resolves suite arguments; none means every built-in suite, as the tour
 * unless `set` asks for the full set. A built-in suite named on its own
 * runs with its full default options.
 *
 * @param args suite names, module paths/URLs, bench files or folders
 * @param set which built-in set to run when no suite is named
 * @param options whether forks (the listing forks of bench files
 *   included) may run subprocesses
 * @returns the suites, in the order given
 * @throws {UsageError} on an unknown name, a module that cannot be loaded
 *   or one that exports no suite, a folder without bench files, a bench
 *   file that cannot be listed
 *
 * @example
 * ```ts ignore
 * await resolveSuites(["calibration", "./bench/my_suite.ts"]);
 * ```
 */
export async function resolveSuites(
  args: readonly string[],
  set: BuiltinSet = "tour",
  options: { forkAllowRun?: boolean } = {},
): Promise<Suite[]> {
  if (args.length === 0) return builtinSuites(set);
  const builtins = builtinSuites("full");
  const suites: Suite[] = [];
  for (const arg of args) {
    const builtin = builtins.find((s) => s.name === arg);
    if (builtin) {
      suites.push(builtin);
      continue;
    }
    if (!/[/\\.]/.test(arg)) {
      throw new UsageError(
        `unknown suite ${quoteInput(arg)}; built-in suites: ${
          builtins.map((s) => s.name).join(", ")
        }; or give the path of a module that exports suites`,
      );
    }
    const benchFiles = await benchFilesOf(arg);
    if (benchFiles === null) {
      suites.push(...await suitesFromModule(arg));
      continue;
    }
    suites.push(...await suitesFromBenchFiles(benchFiles, options));
  }
  return uniqueBenchSuiteNames(suites);
}

/**
 * The bench files an argument names: a folder's, or the file itself when
 * its name is a bench file's; null for anything else (a suite module).
 */
async function benchFilesOf(arg: string): Promise<string[] | null> {
  if (/^[a-z]+:/.test(arg) && !arg.startsWith("file:")) return null;
  const path = arg.startsWith("file:") ? fromFileUrl(arg) : arg;
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch {
    return null;
  }
  if (info.isDirectory) {
    const files = await benchFilesIn(path);
    if (files.length === 0) {
      throw new UsageError(
        `${quoteInput(arg)} holds no bench file; deno bench's names are ` +
          `${BENCH_FILE_NAMES}, node_modules and .git skipped`,
      );
    }
    return files;
  }
  const name = path.split("/").pop() ?? "";
  return isBenchFileName(name) ? [await Deno.realPath(path)] : null;
}

/**
 * Lists `Deno.bench` files in listing forks, saying on stderr what will not
 * run (calls made after a file's import, files whose benches are all
 * skipped).
 *
 * @param files the files' absolute paths
 * @param options `forkAllowRun`; `label`, put before every message (a
 *   revision's side)
 * @returns the listing
 * @throws {UsageError} when a file cannot be listed, with its stack
 *
 * @example
 * ```ts ignore
 * const listed = await listBenchFiles(["/p/x_bench.ts"], {});
 * ```
 */
export async function listBenchFiles(
  files: string[],
  options: { forkAllowRun?: boolean; label?: string },
): Promise<BenchFileSuites> {
  const label = options.label === undefined ? "" : `${options.label}: `;
  let listed;
  try {
    listed = await benchFileSuites(files, options);
  } catch (error) {
    if (
      error instanceof BenchFileError || error instanceof ForkPermissionError
    ) {
      const detail = error instanceof BenchFileError &&
          typeof error.cause === "string"
        ? `\n${error.cause}`
        : "";
      throw new UsageError(`${label}${error.message}${detail}`);
    }
    throw error;
  }
  for (const { file, calls } of listed.late) {
    console.error(
      `looplab: ${label}${file}: ${calls} Deno.bench call(s) came after its ` +
        "import had finished (from a timer or a promise); they are not run: " +
        "a file's benches are planned from its import",
    );
  }
  for (const { file, skipped } of listed.empty) {
    console.error(
      `looplab: ${label}${file}: none of its benches runs (${skipped} ` +
        "ignored or left out by another's only)",
    );
  }
  return listed;
}

/** Suites from `Deno.bench` files (and modules named like them). */
async function suitesFromBenchFiles(
  files: string[],
  options: { forkAllowRun?: boolean },
): Promise<Suite[]> {
  const listed = await listBenchFiles(files, options);
  const suites = [...listed.suites];
  for (const module of listed.suiteModules) {
    suites.push(...await suitesFromModule(module));
  }
  if (suites.length === 0) {
    throw new UsageError(
      `no bench to run in ${
        files.length === 1 ? files[0] : `${files.length} files`
      }`,
    );
  }
  return suites;
}

/**
 * Imports a user's module named on the command line (a path, or a URL),
 * turning a failure into a one-line usage error naming what it is.
 *
 * @param arg the path or URL given
 * @param what what the module should hold, for the message ("suite module")
 * @returns its exports
 * @throws {UsageError} when it cannot be loaded
 *
 * @example
 * ```ts ignore
 * await importUserModule("./bench/my_suite.ts", "suite module");
 * ```
 */
export async function importUserModule(
  arg: string,
  what: string,
): Promise<Record<string, unknown>> {
  const url = /^[a-z]+:/.test(arg) ? arg : toFileUrl(resolve(arg)).href;
  try {
    return await import(url);
  } catch (error) {
    throw new UsageError(
      `cannot load ${what} ${arg}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

async function suitesFromModule(arg: string): Promise<Suite[]> {
  const exports = await importUserModule(arg, "suite module");
  const found = exportedSuites(exports);
  if (found.length === 0) {
    throw new UsageError(
      `${arg} exports no suites; export the result of defineSuite() or a ` +
        "defineSuiteFactory() factory",
    );
  }
  return found;
}
