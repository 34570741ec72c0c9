/**
 * `revs BASE CANDIDATE [files or folders …]`: the same `Deno.bench` cases
 * and looplab suites from two git revisions, run in one sitting, each case present on
 * both sides compared (candidate against base). Each revision is checked
 * out into a temporary folder of its own (`lib/revs`), whose forks resolve
 * with that revision's own `deno.json` and lock file, and removed
 * afterwards. A file's two sides are timed interleaved in the same forks
 * where their module graphs share no local module, else in paired rounds.
 *
 * The artifact (kind "revs") records both revisions, the cases on one side
 * only, and the order the forks ran in. A module exporting looplab suites is
 * listed in a fork too and its suites rebuilt from their shapes
 * (`revisionSuite`): this process never imports a revision's code.
 *
 * @module
 */

import { fromFileUrl } from "@std/path/from-file-url";
import { relative } from "@std/path/relative";
import { resolve } from "@std/path/resolve";
import {
  quoteInput,
  REVISION_SIDES,
  revisionComparisons,
  type RevisionRecord,
  withoutSide,
} from "../artifact/mod.ts";
import {
  BENCH_FILE_NAMES,
  benchFileOf,
  benchFilesIn,
  forgetLockFilesUnder,
  forkConfigArgsAcross,
  ForkConfigError,
  ForkPermissionError,
  isOwnModule,
  localModulesOf,
  planJobs,
  renamedBenchFile,
  revisionSuite,
  run,
  type Suite,
  useLockFilesUnder,
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
import { listBenchFiles } from "./_suites.ts";
import {
  outputsOf,
  printResult,
  RUN_FLAGS,
  RUN_FLAGS_USAGE,
  RUN_SWITCHES,
  runShape,
  writeOutputs,
} from "./_outputs.ts";
import { gateRegressions } from "./_gate.ts";
import { INTERRUPTED_EXIT_CODE, parsePercent, UsageError } from "./_usage.ts";

/** The help text of `revs`. */
export const REVS_USAGE =
  `deno task bench revs BASE CANDIDATE [file or folder …] [flags]

  BASE, CANDIDATE   git revisions (main, HEAD, a SHA, HEAD~3) or . for the
                    working tree as it is, uncommitted changes included;
                    each is checked out into a temporary folder of its own
  file or folder    Deno.bench files, modules exporting looplab suites, or
                    folders of Deno.bench files, relative to here, as on
                    either revision (default: the folder you are in)
  --design interleaved|paired-rounds
                    interleaved (default): both sides of a file timed in
                    alternating blocks in the same forks, where their
                    modules share no local module (else paired rounds);
                    paired-rounds: each side in forks of its own, paired
                    by round
${RUN_FLAGS_USAGE}
  --fail-on-regression[=PCT]
                    exit 1 when a case is significantly slower on the
                    candidate by more than PCT (default: the 1% noise
                    threshold; p-values adjusted by Holm over every
                    comparison of the two revisions)`;

/**
 * Runs `revs`.
 *
 * @param args the arguments after `revs`
 * @returns 0, 1 on a failed case or a regression, 2 when an output file
 *   could not be written, 130 when interrupted
 * @throws {UsageError} on bad arguments, a revision that does not exist,
 *   a path on neither revision, bench files that cannot be listed
 *
 * @example
 * ```ts ignore
 * await revsCommand(["main", "HEAD", "bench/"]);
 * ```
 */
export async function revsCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("revs", args, {
    string: [...RUN_FLAGS, "fail-on-regression", "design"],
    boolean: [...RUN_SWITCHES],
  });
  if (flags.help) {
    console.log(REVS_USAGE);
    return 0;
  }
  const [baseRev, candidateRev, ...paths] = flags._.map(String);
  if (baseRev === undefined || candidateRev === undefined) {
    throw new UsageError("revs takes two revisions: BASE CANDIDATE");
  }
  const shape = runShape(flags);
  const design = flags.design === undefined
    ? "interleaved"
    : parseDesign(String(flags.design));
  const gated = flags["fail-on-regression"];
  const threshold = gated === undefined || gated === ""
    ? undefined
    : parsePercent("--fail-on-regression", gated);
  const outputs = await outputsOf(flags);
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
  const root = revisions[0].root;
  const wanted = (paths.length === 0 ? ["."] : paths).map((p) => {
    const rel = relative(root, resolve(p));
    if (rel === ".." || rel.startsWith("../")) {
      throw new UsageError(
        `${quoteInput(p)} is outside the repository ${root}: revs runs ` +
          "bench files of the repository it compares",
      );
    }
    return rel === "" ? "." : rel;
  });
  const checkouts: Checkout[] = [];
  try {
    for (const revision of revisions) {
      let checkout: Checkout;
      try {
        checkout = await checkOut(revision.root, revision);
      } catch (error) {
        if (error instanceof RevisionError) {
          throw new UsageError(error.message);
        }
        throw error;
      }
      checkouts.push(checkout);
      // Each side resolves with its own lock file: the copy's, not the user's.
      useLockFilesUnder(checkout.dir);
    }
    const found = await Promise.all(
      checkouts.map((checkout) => benchFilesOn(checkout.dir, wanted)),
    );
    for (const [i, rel] of wanted.entries()) {
      const [onBase, onCandidate] = found.map((f) => f.present[i]);
      if (!onBase && !onCandidate) {
        throw new UsageError(
          `${quoteInput(rel)} exists on neither ${baseRev} nor ${candidateRev}`,
        );
      }
      if (onBase !== onCandidate) {
        console.error(
          `looplab: ${rel} exists on ${
            onBase ? `${baseRev} (the base)` : `${candidateRev} (the candidate)`
          } only: its cases are listed as ${
            onBase ? "removed" : "added"
          }, not compared`,
        );
      }
    }
    if (found.every((f) => f.files.length === 0)) {
      throw new UsageError(
        `no Deno.bench file under ${
          wanted.map(quoteInput).join(", ")
        } on either revision; deno bench's names are ${BENCH_FILE_NAMES}`,
      );
    }
    const sides: Suite[][] = [];
    for (const [i, checkout] of checkouts.entries()) {
      sides.push(
        await sideSuites(
          checkout.dir,
          found[i].files,
          REVISION_SIDES[i],
          shape.forkAllowRun ?? false,
        ),
      );
    }
    // Each case (at each parameter value) by its id without the side's
    // prefix, with the suite it belongs to and whether it is a bench.
    const planned = sides.map((suites, i) => {
      let jobs;
      try {
        jobs = planJobs(suites, shape.filter, withoutSide);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        throw new UsageError(
          `the ${REVISION_SIDES[i]}: ${
            error.message.replaceAll(`file://${checkouts[i].dir}/`, "")
          }`,
        );
      }
      return new Map(
        jobs.map((job) => [
          withoutSide(job.id),
          {
            suite: withoutSide(job.suite.name),
            bench: job.case.kind === "bench",
          },
        ]),
      );
    });
    const [onBase, onCandidate] = planned;
    const shared = [...onCandidate].filter(([key]) => onBase.has(key));
    // Only benches interleave: only their suites need the proof.
    const together = design === "interleaved"
      ? await interleavable(
        sides[0],
        sides[1],
        new Set(
          shared.filter(([key, c]) => c.bench && onBase.get(key)!.bench)
            .map(([, c]) => c.suite),
        ),
      )
      : new Set<string>();
    const pairs = shared.map(([key, { suite }]) => ({
      base: `${REVISION_SIDES[0]}:${key}`,
      candidate: `${REVISION_SIDES[1]}:${key}`,
      interleave: together.has(suite),
    }));
    const added = [...onCandidate.keys()].filter((key) => !onBase.has(key));
    const removed = [...onBase.keys()].filter((key) => !onCandidate.has(key));
    for (const key of added) console.error(`looplab: added: ${key}`);
    for (const key of removed) console.error(`looplab: removed: ${key}`);
    const interleaved = pairs.filter((p) => p.interleave).length;
    console.error(
      `looplab: measuring ${pairs.length} case(s) on both revisions ` +
        `(${interleaved} interleaved in shared forks, ${
          pairs.length - interleaved
        } in paired rounds), ${added.length} added, ${removed.length} removed`,
    );
    let artifact;
    try {
      artifact = await run([...sides[0], ...sides[1]], {
        ...shape,
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
    await printResult(artifact, outputs);
    const across = revisionComparisons(artifact.comparisons);
    if (pairs.length === 0) {
      console.error(
        "looplab: no case is on both revisions: nothing was compared" +
          (gated === undefined ? "" : ", so the gate has nothing to judge"),
      );
    }
    const regressions = gated === undefined ? [] : gateRegressions(
      across,
      threshold ?? artifact.config.noiseThreshold,
      artifact.config.alpha,
    );
    const unwritten = await writeOutputs(artifact, outputs);
    if (artifact.interrupted) {
      console.error(
        "looplab: interrupted: the cases with a finished fork are recorded, " +
          "the checkouts removed",
      );
      return INTERRUPTED_EXIT_CODE;
    }
    if (unwritten > 0) return 2;
    return artifact.summary.failed > 0 || regressions.length > 0 ? 1 : 0;
  } finally {
    for (const checkout of checkouts) {
      await checkout.remove();
      forgetLockFilesUnder(checkout.dir);
    }
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
 * The suites among those wanted (by their name without the side: a bench
 * file's path in the checkout) whose two sides may be timed interleaved in
 * one fork: both sides' configurations fit one import map with each side's
 * imports scoped to its own folder, their module graphs share no local
 * module (`deno info`, with the arguments the fork will have), and no bench
 * narrows its permissions (a revocation holds for the whole process). Each
 * other is said on stderr, with the reason: its cases run in forks of their
 * own, paired by round.
 */
async function interleavable(
  base: readonly Suite[],
  candidate: readonly Suite[],
  wanted: ReadonlySet<string>,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const b of base) {
    const key = withoutSide(b.name);
    if (!wanted.has(key)) continue;
    const c = candidate.find((s) => withoutSide(s.name) === key);
    if (c === undefined) continue;
    const reason = await sharedProcessRefusal(b, c);
    if (reason === null) out.add(key);
    else {
      console.error(
        `looplab: ${key}: paired rounds, not interleaved: ${reason}`,
      );
    }
  }
  return out;
}

/** Why two sides' suites cannot share a fork, or null when they can. */
async function sharedProcessRefusal(
  base: Suite,
  candidate: Suite,
): Promise<string | null> {
  const sides = [base, candidate];
  if (sides.some((suite) => benchFileOf(suite)?.narrows === true)) {
    return "a bench narrows its permissions, which holds for the whole process";
  }
  const files = sides.map((suite) =>
    benchFileOf(suite)?.file ?? suite.origin.project ?? suite.origin.module
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

/**
 * The files under the paths asked for in one side's checkout (a folder's
 * `Deno.bench` files, a file itself), and which paths exist there at all.
 */
async function benchFilesOn(
  dir: string,
  wanted: readonly string[],
): Promise<{ files: string[]; present: boolean[] }> {
  const files: string[] = [];
  const present: boolean[] = [];
  for (const rel of wanted) {
    const path = rel === "." ? dir : `${dir}/${rel}`;
    const info = await Deno.stat(path).catch(() => null);
    present.push(info !== null);
    if (info === null) continue;
    // A folder's Deno.bench files; a file as it is: a bench file, or a
    // module exporting looplab suites (the listing fork tells which).
    if (info.isDirectory) files.push(...await benchFilesIn(path));
    else files.push(await Deno.realPath(path));
  }
  return { files: [...new Set(files)], present };
}

/**
 * One side's suites, listed in forks run from its checkout: each
 * `Deno.bench` file's, named after its path in the checkout, and each
 * exported looplab suite, rebuilt from its shape (`revisionSuite`) under
 * its own name — all with the side's prefix, so that both sides run in one
 * artifact and pair by name.
 */
async function sideSuites(
  dir: string,
  files: readonly string[],
  side: (typeof REVISION_SIDES)[number],
  forkAllowRun: boolean,
): Promise<Suite[]> {
  if (files.length === 0) return [];
  let listed;
  try {
    listed = await listBenchFiles([...files], {
      forkAllowRun,
      label: `the ${side}`,
    });
  } catch (error) {
    // Paths in the checkout are gone by the time the message is read: say
    // them as they are in the repository.
    if (error instanceof UsageError) {
      throw new UsageError(error.message.replaceAll(`${dir}/`, ""));
    }
    throw error;
  }
  const suites = [
    ...listed.suites.map((suite) =>
      renamedBenchFile(
        suite,
        `${side}:${relative(dir, fromFileUrl(benchFileOf(suite)!.file))}`,
      )
    ),
    ...listed.moduleSuites.map(({ origin, shape }) =>
      revisionSuite({ origin, shape, as: `${side}:${shape.name}` })
    ),
  ];
  return suites;
}
