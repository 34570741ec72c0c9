/**
 * `revs BASE CANDIDATE [bench files or folders …]`: the same `Deno.bench`
 * cases from two git revisions, run in one sitting with their forks in
 * randomized rounds, each case present on both sides compared (candidate
 * against base). Each revision is checked out into a temporary folder of
 * its own (`lib/revs`), whose forks resolve with that revision's own
 * `deno.json`, and removed afterwards.
 *
 * The artifact (kind "revs") records both revisions, the cases on one side
 * only, and the order the forks ran in.
 *
 * Work in progress on branch `revs` (issue #16): looplab suite modules are
 * not yet taken, only `Deno.bench` files.
 *
 * @module
 */

import { fromFileUrl } from "@std/path/from-file-url";
import { relative } from "@std/path/relative";
import { resolve } from "@std/path/resolve";
import {
  artifactToJson,
  REVISION_SIDES,
  type RevisionRecord,
  writeFileAtomic,
} from "../artifact/mod.ts";
import { renderFormat, renderTerminal } from "../report/mod.ts";
import {
  type BenchEntry,
  BenchFileError,
  benchFilesIn,
  benchFileSuites,
  forkConfigArgsAcross,
  ForkConfigError,
  ForkPermissionError,
  isBenchFileName,
  isOwnModule,
  localModulesOf,
  run,
  type Suite,
} from "../runner/mod.ts";
import {
  type Checkout,
  checkOut,
  removeStaleCheckouts,
  resolveRevision,
  type Revision,
  RevisionError,
} from "../revs/mod.ts";
import { parseFlags } from "./_flags.ts";
import { regressionLines, regressionsIn } from "./_run_command.ts";
import {
  parseDuration,
  parseInteger,
  parsePercent,
  UsageError,
} from "./_usage.ts";

/** The help text of `revs`. */
export const REVS_USAGE =
  `deno task bench revs BASE CANDIDATE [bench file or folder …] [flags]

  BASE, CANDIDATE   git revisions (main, HEAD, a SHA, HEAD~3) or . for the
                    working tree as it is
  bench files       Deno.bench files or folders, relative to here (default .)
  --forks N, --time D, --seed N, --filter TEXT   as for run
  --design interleaved|paired-rounds
                    interleaved (default): a file's cases from both sides
                    timed in alternating blocks in the same forks, where
                    the two sides share no local module; else, and with
                    paired-rounds, each side in its own forks, paired by
                    round
  --json FILE, --md FILE                         the artifact, the report
  --fail-on-regression[=PCT]
                    exit 1 when a case is significantly slower on the
                    candidate by more than PCT (Holm over all comparisons)`;

/**
 * Runs `revs`.
 *
 * @param args the arguments after `revs`
 * @returns 0, 1 on a failed case or a regression, 130 when interrupted
 * @throws {UsageError} on bad arguments, a revision that does not exist,
 *   bench files that cannot be listed
 *
 * @example
 * ```ts ignore
 * await revsCommand(["main", "HEAD", "bench/"]);
 * ```
 */
export async function revsCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("revs", args, {
    string: [
      "forks",
      "time",
      "seed",
      "filter",
      "json",
      "md",
      "fail-on-regression",
      "design",
    ],
    boolean: ["fork-allow-run"],
  });
  if (flags.help) {
    console.log(REVS_USAGE);
    return 0;
  }
  const [baseRev, candidateRev, ...paths] = flags._.map(String);
  if (baseRev === undefined || candidateRev === undefined) {
    throw new UsageError("revs takes two revisions: BASE CANDIDATE");
  }
  const forks = flags.forks === undefined
    ? undefined
    : parseInteger("--forks", flags.forks, 1, 1000);
  const timeMs = flags.time === undefined
    ? undefined
    : parseDuration("--time", flags.time);
  const seed = flags.seed === undefined
    ? undefined
    : parseInteger("--seed", flags.seed, 0, 2 ** 32 - 1);
  const gate = flags["fail-on-regression"];
  const threshold = gate === undefined || gate === ""
    ? undefined
    : parsePercent("--fail-on-regression", gate);
  await removeStaleCheckouts();
  const revisions: Revision[] = [];
  for (const rev of [baseRev, candidateRev]) {
    try {
      revisions.push(await resolveRevision(Deno.cwd(), rev));
    } catch (error) {
      if (error instanceof RevisionError) throw new UsageError(error.message);
      throw error;
    }
  }
  const checkouts: Checkout[] = [];
  try {
    for (const revision of revisions) {
      checkouts.push(await checkOut(revision.root, revision));
    }
    const wanted = (paths.length === 0 ? ["."] : paths).map((p) =>
      relative(revisions[0].root, resolve(p))
    );
    const sides: Suite[][] = [];
    for (const [i, checkout] of checkouts.entries()) {
      sides.push(
        await sideSuites(
          checkout.dir,
          wanted,
          REVISION_SIDES[i],
          flags["fork-allow-run"] === true,
        ),
      );
    }
    const design = flags.design === undefined
      ? "interleaved"
      : parseDesign(String(flags.design));
    const together = design === "interleaved"
      ? await interleavable(sides[0], sides[1])
      : new Set<string>();
    const ids = sides.map((suites) =>
      new Set(
        suites.flatMap((s) => s.cases.map((c) => caseKey(s.name, c.name))),
      )
    );
    const pairs = [...ids[1]].filter((key) => ids[0].has(key)).map((key) => ({
      base: `base:${key}`,
      candidate: `candidate:${key}`,
      interleave: together.has(key.slice(0, key.lastIndexOf("/"))),
    }));
    const added = [...ids[1]].filter((key) => !ids[0].has(key));
    const removed = [...ids[0]].filter((key) => !ids[1].has(key));
    for (const key of added) console.error(`added: ${key}`);
    for (const key of removed) console.error(`removed: ${key}`);
    let artifact;
    try {
      artifact = await run([...sides[0], ...sides[1]], {
        forks,
        timeMs,
        seed,
        filter: flags.filter === undefined ? undefined : String(flags.filter),
        forkAllowRun: flags["fork-allow-run"] === true,
        design,
        pairs,
        kind: "revs",
        revisions: {
          base: revisionRecord(revisions[0]),
          candidate: revisionRecord(revisions[1]),
        },
        added,
        removed,
        command: ["looplab", "revs", ...args],
      });
    } catch (error) {
      if (error instanceof ForkPermissionError) {
        throw new UsageError(error.message);
      }
      throw error;
    }
    console.log(renderTerminal(artifact, { color: false, charts: false }));
    if (flags.json !== undefined) {
      await writeFileAtomic(String(flags.json), artifactToJson(artifact));
    }
    if (flags.md !== undefined) {
      await writeFileAtomic(
        String(flags.md),
        renderFormat(artifact, "markdown"),
      );
    }
    const regressions = gate === undefined ? [] : regressionsIn(
      artifact.comparisons,
      threshold ?? artifact.config.noiseThreshold,
      artifact.config.alpha,
    );
    for (
      const line of regressionLines(regressions, artifact.comparisons.length)
    ) {
      console.error(line);
    }
    if (artifact.interrupted) return 130;
    return artifact.summary.failed > 0 || regressions.length > 0 ? 1 : 0;
  } finally {
    for (const checkout of checkouts) await checkout.remove();
  }
}

/** A `--design` value. */
function parseDesign(value: string): "interleaved" | "paired-rounds" {
  if (value === "interleaved" || value === "paired-rounds") return value;
  throw new UsageError(
    `--design must be interleaved or paired-rounds, got ${value}`,
  );
}

/**
 * The bench files (by their path in the checkout) whose two sides may be
 * timed interleaved in one fork: both sides' configurations fit one import
 * map with each side's imports scoped to its own folder, their module
 * graphs share no local module (`deno info`, with the arguments the fork
 * will have), and no bench narrows its permissions (a revocation holds for
 * the whole process). Each other file is said on stderr, with the reason:
 * its cases run in forks of their own, paired by round.
 */
async function interleavable(
  base: readonly Suite[],
  candidate: readonly Suite[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const b of base) {
    const key = b.name.replace(SIDE_PREFIX, "");
    const c = candidate.find((s) => s.name.replace(SIDE_PREFIX, "") === key);
    if (c === undefined) continue;
    const reason = await sharedProcessRefusal(b, c);
    if (reason === null) out.add(key);
    else {console.error(
        `looplab: ${key}: paired rounds, not interleaved: ${reason}`,
      );}
  }
  return out;
}

/** Why two sides' suites cannot share a fork, or null when they can. */
async function sharedProcessRefusal(
  base: Suite,
  candidate: Suite,
): Promise<string | null> {
  const narrows = (suite: Suite) =>
    (suite.origin.options as { benches: BenchEntry[] }).benches.some((b) =>
      b.permissions !== null && b.permissions !== "inherit"
    );
  if (narrows(base) || narrows(candidate)) {
    return "a bench narrows its permissions, which holds for the whole process";
  }
  const files = [base, candidate].map((s) =>
    (s.origin.options as { file: string }).file
  );
  try {
    const args = await forkConfigArgsAcross(files);
    const [ours, theirs] = await Promise.all(
      files.map((file) => localModulesOf(file, args)),
    );
    const shared = ours.filter((url) =>
      !isOwnModule(url) && theirs.includes(url)
    );
    if (shared.length > 0) {
      return `both sides load ${shared[0]}${
        shared.length > 1 ? ` and ${shared.length - 1} more` : ""
      }`;
    }
  } catch (error) {
    if (error instanceof ForkConfigError) return error.message;
    throw error;
  }
  return null;
}

/** What the artifact records of a revision: all but the local folder. */
function revisionRecord(revision: Revision): RevisionRecord {
  const { root: _, ...record } = revision;
  return record;
}

/** A suite name's side prefix (`base:`, `candidate:`). */
const SIDE_PREFIX = new RegExp(`^(${REVISION_SIDES.join("|")}):`);

/** A case's id without its side's prefix: how the two sides pair. */
function caseKey(suite: string, caseName: string): string {
  return `${suite.replace(SIDE_PREFIX, "")}/${caseName}`;
}

/**
 * One side's suites: the `Deno.bench` files under the paths asked for, in
 * that side's checkout, each suite named after its path with the side's
 * prefix, so that both sides run in one artifact.
 */
async function sideSuites(
  dir: string,
  wanted: readonly string[],
  side: (typeof REVISION_SIDES)[number],
  forkAllowRun: boolean,
): Promise<Suite[]> {
  const files: string[] = [];
  for (const rel of wanted) {
    const path = `${dir}/${rel}`.replace(/\/\.?$/, "");
    const info = await Deno.stat(path).catch(() => null);
    if (info === null) continue; // not on this side: its cases are added or removed
    if (info.isDirectory) files.push(...await benchFilesIn(path));
    else if (isBenchFileName(path.split("/").pop() ?? "")) {
      files.push(await Deno.realPath(path));
    } else {
      throw new UsageError(
        `${rel} is not a Deno.bench file: revs runs Deno.bench files for now`,
      );
    }
  }
  let listed;
  try {
    listed = await benchFileSuites(files, { forkAllowRun });
  } catch (error) {
    if (error instanceof BenchFileError) {
      throw new UsageError(`${side}: ${error.message}`);
    }
    throw error;
  }
  // Named by the file's path in the checkout: the same on both sides.
  return listed.suites.map((suite) => {
    const file = (suite.origin.options as { file: string }).file;
    return renamed(suite, `${side}:${relative(dir, fromFileUrl(file))}`);
  });
}

/** A `Deno.bench` suite under another name, rebuilt by its factory. */
function renamed(suite: Suite, name: string): Suite {
  const options = suite.origin.options as { suite: string };
  return {
    ...suite,
    name,
    origin: { ...suite.origin, options: { ...options, suite: name } },
  };
}
