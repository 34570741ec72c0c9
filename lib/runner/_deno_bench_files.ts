/**
 * From paths to `Deno.bench` suites: a folder expands to the bench files
 * `deno bench` picks up in it, and each file is listed in a fork and
 * becomes one suite named after its path relative to its project.
 *
 * @module
 */

import { globToRegExp } from "@std/path/glob-to-regexp";
import { fromFileUrl } from "@std/path/from-file-url";
import { toFileUrl } from "@std/path/to-file-url";
import {
  type BenchFileOptions,
  DENO_BENCH_FACTORY,
  denoBenchFile,
  planBenchFile,
} from "./_deno_bench_suite.ts";
import { projectConfig, projectRoot, readJsonc } from "./_fork_config.ts";
import { forkPermissionArgs, superviseForks } from "./_spawn_fork.ts";
import type { Suite, SuiteOrigin } from "./suite.ts";
import type { SuiteShape } from "./_revision_suite.ts";

/**
 * The names `deno bench` takes for bench files: `bench`, or ending in
 * `_bench` or `.bench`, with a script extension (not a declaration file).
 */
const BENCH_FILE = /^(?:.*[._])?bench\.(?:ts|tsx|js|jsx|mjs|mts|cjs|cts)$/;

/** Folders `deno bench` never walks into. */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git"]);

/** The names {@link isBenchFileName} takes, in words, for messages. */
export const BENCH_FILE_NAMES =
  "bench.ts, *_bench.ts and *.bench.ts (also .js, .mjs, .mts, .jsx, .tsx, " +
  ".cjs, .cts)";

/**
 * Whether a file name is one `deno bench` takes for a bench file.
 *
 * @param name the file's name, without folders
 * @returns true for `x_bench.ts`, `x.bench.mjs`, `bench.tsx`, …
 *
 * @example
 * ```ts
 * import { isBenchFileName } from "./_deno_bench_files.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   ["a_bench.ts", "a.bench.mts", "bench.js", "abench.ts", "a_bench.d.ts"]
 *     .map(isBenchFileName),
 *   [true, true, true, false, false],
 * );
 * ```
 */
export function isBenchFileName(name: string): boolean {
  return BENCH_FILE.test(name) && !name.endsWith(".d.ts");
}

/**
 * The bench files in a folder, as `deno bench DIR` finds them: every
 * depth, `node_modules` and `.git` skipped, the `exclude` and
 * `bench.exclude` of the folder's project configuration honoured, in path
 * order.
 *
 * @param dir the folder's path
 * @returns the files' absolute paths
 *
 * @example
 * ```ts ignore
 * await benchFilesIn("./bench");
 * ```
 */
export async function benchFilesIn(dir: string): Promise<string[]> {
  const root = await Deno.realPath(dir);
  const excluded = await excludedBy(root);
  const found: string[] = [];
  const walk = async (here: string): Promise<void> => {
    const entries: Deno.DirEntry[] = [];
    for await (const entry of Deno.readDir(here)) entries.push(entry);
    for (const entry of entries) {
      const path = `${here}/${entry.name}`;
      if (excluded(path)) continue;
      if (entry.isDirectory && !SKIPPED_FOLDERS.has(entry.name)) {
        await walk(path);
      } else if (entry.isFile && isBenchFileName(entry.name)) {
        found.push(path);
      }
    }
  };
  await walk(root);
  return found.sort();
}

/** The exclusions of the project configuration above a folder. */
async function excludedBy(dir: string): Promise<(path: string) => boolean> {
  const file = await projectConfig(`${toFileUrl(dir).href}/`);
  if (file === null) return () => false;
  const project = file.replace(/\/[^/]+$/, "");
  // One that does not read leaves nothing excluded: Deno itself says why.
  const config = await readJsonc(toFileUrl(file)).catch(() => ({})) as Record<
    string,
    unknown
  >;
  const patterns = [
    ...asList(config.exclude),
    ...asList((config.bench as Record<string, unknown> | undefined)?.exclude),
  ].map((p) => {
    const path = p.startsWith("/") ? p : `${project}/${p.replace(/^\.\//, "")}`;
    return { path: path.replace(/\/+$/, ""), glob: globToRegExp(path) };
  });
  return (file) =>
    patterns.some(({ path, glob }) =>
      file === path || file.startsWith(`${path}/`) || glob.test(file)
    );
}

function asList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === "string")
    : [];
}

/** A `Deno.bench` file that could not be listed. */
export class BenchFileError extends Error {}

/** What listing bench files gave. */
export interface BenchFileSuites {
  /** One suite per file with a bench that runs. */
  suites: Suite[];
  /** Files that register no bench but export suites. */
  suiteModules: string[];
  /**
   * The suites those files export, each with its origin (its project: the
   * file) and its shape, read in the listing fork: what
   * `revisionSuite` rebuilds without importing the file here.
   */
  moduleSuites: { origin: SuiteOrigin; shape: SuiteShape }[];
  /** Files with benches, none of which runs (each ignored or not `only`). */
  empty: { file: string; skipped: number }[];
  /** Files that called `Deno.bench` after their import finished, and how often. */
  late: { file: string; calls: number }[];
}

/**
 * Lists `Deno.bench` files, each in a fork with the permissions forks get,
 * and makes their suites.
 *
 * @param files the files' absolute paths
 * @param options whether forks may run subprocesses
 * @returns the suites, and the files that gave none
 * @throws {BenchFileError} when a file cannot be imported or registers no
 *   bench and exports no suite
 * @throws {ForkPermissionError} when forks cannot be given this process's
 *   permissions
 *
 * @example
 * ```ts ignore
 * const { suites } = await benchFileSuites(["/p/text/reverse_bench.ts"]);
 * ```
 */
export async function benchFileSuites(
  files: readonly string[],
  options: { forkAllowRun?: boolean } = {},
): Promise<BenchFileSuites> {
  const out: BenchFileSuites = {
    suites: [],
    suiteModules: [],
    moduleSuites: [],
    empty: [],
    late: [],
  };
  if (files.length === 0) return out;
  const forks = superviseForks(
    await forkPermissionArgs(options.forkAllowRun ?? false),
  );
  try {
    for (const path of files) {
      const file = toFileUrl(path).href;
      const listing = await forks.list(file);
      if ("error" in listing) {
        throw new BenchFileError(
          `cannot list the benches of ${path}: ${listing.error}`,
          { cause: listing.detail },
        );
      }
      if (listing.late > 0) out.late.push({ file: path, calls: listing.late });
      if (listing.benches.length === 0) {
        if (listing.exportsSuites) {
          out.suiteModules.push(path);
          for (const { origin, shape } of listing.suites) {
            out.moduleSuites.push({
              origin: { ...origin, project: file },
              shape,
            });
          }
          continue;
        }
        throw new BenchFileError(
          `${path} registers no Deno.bench and exports no looplab suite`,
        );
      }
      const plan = planBenchFile(listing.benches);
      if (plan.runs.length === 0) {
        out.empty.push({ file: path, skipped: plan.skipped.length });
        continue;
      }
      const root = await projectRoot(file) ?? Deno.cwd();
      const name = path.startsWith(`${root}/`)
        ? path.slice(root.length + 1)
        : path;
      const suite = denoBenchFile({
        file,
        suite: name,
        benches: listing.benches,
      });
      out.suites.push({ ...suite, origin: { ...suite.origin, project: file } });
    }
  } finally {
    await forks.close();
  }
  return out;
}

/**
 * Gives `Deno.bench` suites that share a name — the same path in two
 * projects — their files' absolute paths as names, so that their case ids
 * differ; other suites are left as they are.
 *
 * @param suites the run's suites
 * @returns the suites, bench suites renamed where their names collide
 *
 * @example
 * ```ts ignore
 * uniqueBenchSuiteNames([projA, projB]); // "bench/a_bench.ts" twice → two paths
 * ```
 */
export function uniqueBenchSuiteNames(suites: readonly Suite[]): Suite[] {
  const count = new Map<string, number>();
  for (const s of suites) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  return suites.map((suite) => {
    const options = suite.origin.options as BenchFileOptions | undefined;
    if (
      (count.get(suite.name) ?? 0) < 2 ||
      suite.origin.factory !== DENO_BENCH_FACTORY || options === undefined
    ) return suite;
    const renamed = denoBenchFile({
      ...options,
      suite: fromFileUrl(options.file),
    });
    return { ...renamed, origin: { ...renamed.origin, project: options.file } };
  });
}
