/**
 * Two git revisions of the user's repository, each in a temporary folder of
 * its own, for `revs` to run side by side. The user's checkout is only read:
 * no `git checkout`, no `git stash`, and no `git worktree add` (a worktree
 * is registered in `.git/worktrees` and that entry outlives a SIGKILL).
 *
 * A commit is extracted with `git archive | tar -x`. The working tree (`.`)
 * is copied as git sees it: the files it tracks plus the untracked files it
 * does not ignore, uncommitted changes included and deleted files left out,
 * with their modes and symlinks (`tar` both ways). Neither way includes a
 * submodule's files: `git archive` writes a submodule as an empty folder, and
 * the working-tree copy does the same (and so for an untracked repository
 * nested inside), so that both sides of a comparison look alike;
 * {@link Checkout.submodules} names them.
 *
 * Every folder is made by `Deno.makeTempDir` with a prefix that holds the
 * owner's pid (`looplab-revs-<pid>-…`) and a marker file naming the
 * repository, the revision and the pid; the revision's files are in its
 * `tree/` subfolder, so the marker is not among them (nor, for a commit,
 * the bare repository in `git/` through which it was read: see
 * `extractCommit`, for `export-ignore`). The folders are
 * removed by {@link Checkout.remove}, by SIGINT or SIGTERM, and — after a
 * SIGKILL, which nothing can catch — by the next run's
 * {@link removeStaleCheckouts}.
 *
 * @module
 */

import { releaseOnEndingSignal, removeOnEndingSignal } from "../_signals.ts";
import { ProcUnavailableError, readProc } from "../_proc.ts";

/** A git revision resolved in a repository: what a run records of a side. */
export interface Revision {
  /** The revision as the user named it: `main`, `HEAD~3`, a SHA, or `.`. */
  rev: string;
  /** The commit's full SHA; for `.`, HEAD's. */
  sha: string;
  /** The commit's subject line; for `.`, HEAD's. */
  subject: string;
  /**
   * The working tree differs from HEAD (`git status --porcelain` lists
   * something: a change, staged or not, or an untracked file it does not
   * ignore). Always false for a commit.
   */
  dirty: boolean;
  /** The revision is the working tree as it is (`.`), not a commit. */
  workingTree: boolean;
  /**
   * The repository's top-level folder, absolute. A checkout holds the whole
   * repository from there, whichever folder inside it was named.
   */
  root: string;
}

/** One revision checked out into a temporary folder. */
export interface Checkout {
  /** The folder holding the revision's files (the repository's top level). */
  dir: string;
  /**
   * Submodules, relative to {@link Checkout.dir} (`/`-separated), left as
   * empty folders: `git archive` does not include a submodule's files. For
   * the working tree, untracked repositories nested in it are listed too.
   */
  submodules: string[];
  /**
   * Removes the temporary folder (the marker with it); removing it twice,
   * or after a signal removed it, does nothing.
   */
  remove(): Promise<void>;
}

/** Where checkouts are made, and found again by {@link removeStaleCheckouts}. */
export interface CheckoutOptions {
  /**
   * The start of a checkout folder's name; the owner's pid and `-` follow,
   * then the random part `Deno.makeTempDir` adds.
   *
   * @default {"looplab-revs-"}
   */
  prefix?: string;
  /**
   * The folder the checkout folders are made in.
   *
   * @default {the system's temporary folder, as `Deno.makeTempDir` picks it}
   */
  dir?: string;
}

/** A revision cannot be resolved or checked out; the message says which and why. */
export class RevisionError extends Error {
  /** @param message what went wrong, naming the revision or repository */
  constructor(message: string) {
    super(message);
    this.name = "RevisionError";
  }
}

/** Says what a checkout folder is and whose it is, for a person and for {@link removeStaleCheckouts}. */
const MARKER = "looplab-revs.json";
/** The revision's files, beside the marker. */
const TREE = "tree";
/** A bare repository reading the user's objects, beside the tree (see `extractCommit`). */
const READER = "git";
const DEFAULT_PREFIX = "looplab-revs-";
/** A gitlink (submodule) entry's mode in a tree or the index. */
const GITLINK_MODE = "160000";

/**
 * Resolves a revision of the repository at (or above) `repo`: a commit by
 * `git rev-parse --verify REV^{commit}`, or `.`, the working tree as it is.
 *
 * @param repo a folder inside the repository
 * @param rev a branch, tag, SHA or expression such as `HEAD~3`, or `.`
 * @returns the revision's SHA and subject, and for `.` whether it is dirty
 * @throws {RevisionError} when `repo` is not in a git repository, git is
 *   missing, or the revision does not exist (for a remote branch the message
 *   suggests `git fetch`)
 *
 * @example
 * ```ts
 * import { resolveRevision, RevisionError } from "./checkout.ts";
 * import { assertRejects } from "@std/assert";
 * const empty = await Deno.makeTempDir();
 * await assertRejects(
 *   () => resolveRevision(empty, "main"),
 *   RevisionError,
 *   "not a git repository",
 * );
 * await Deno.remove(empty);
 * ```
 */
export async function resolveRevision(
  repo: string,
  rev: string,
): Promise<Revision> {
  const root = await topLevel(repo);
  const workingTree = rev === ".";
  if (rev === "" || rev.startsWith("-")) {
    throw new RevisionError(
      `${JSON.stringify(rev)} is not a revision: give a branch, tag, SHA ` +
        `or "." (the working tree)`,
    );
  }
  const named = workingTree ? "HEAD" : rev;
  const verified = await git(root, [
    "rev-parse",
    "--verify",
    "--quiet",
    `${named}^{commit}`,
  ], { mayFail: true });
  if (verified === null) {
    throw new RevisionError(await missingRevision(root, rev, workingTree));
  }
  const sha = verified.trim();
  const subject = (await git(root, ["log", "-1", "--format=%s", sha]))
    .replace(/\n$/, "");
  const dirty = workingTree &&
    (await git(root, [
        "status",
        "--porcelain",
        // What is copied, whatever status.showUntrackedFiles says.
        "--untracked-files=normal",
      ])).length > 0;
  return { rev, sha, subject, dirty, workingTree, root };
}

/** What to say about a revision `git rev-parse` did not find. */
async function missingRevision(
  root: string,
  rev: string,
  workingTree: boolean,
): Promise<string> {
  if (workingTree) {
    return `${root}: the working tree has no commit to stand on yet ` +
      `(HEAD does not exist: commit once first)`;
  }
  const remotes = (await git(root, ["remote"])).split("\n").filter(Boolean);
  const remote = remotes.find((name) => rev.startsWith(`${name}/`));
  const where = `revision "${rev}" does not exist in ${root}`;
  if (remote !== undefined) {
    return `${where}: fetch it first (\`git fetch ${remote}\`; a CI ` +
      `checkout is often shallow and holds one branch only)`;
  }
  return `${where}: not a branch, tag or commit here (a remote's branch ` +
    `or a commit from another clone needs \`git fetch\` first)`;
}

/**
 * Checks `revision` out into a new temporary folder, without touching the
 * user's checkout. Until the folder is removed, SIGINT or SIGTERM removes it
 * and then raises the signal again with this listener gone, so that the
 * run's own handling of the signal goes on (or, with none, the process ends
 * by the signal as it would have).
 *
 * @param repo a folder inside the repository the revision was resolved in
 * @param revision from {@link resolveRevision}
 * @param options where the folder is made and its name's prefix
 * @returns the folder holding the revision's files, and how to remove it
 * @throws {RevisionError} when git or tar fails (the folder is then removed)
 *
 * @example
 * ```ts
 * import { checkOut, resolveRevision } from "./checkout.ts";
 * import { assertEquals } from "@std/assert";
 * const repo = await Deno.makeTempDir();
 * const git = (...args: string[]) =>
 *   new Deno.Command("git", {
 *     args: ["-C", repo, "-c", "user.name=a", "-c", "user.email=a@b", ...args],
 *     stdout: "null",
 *     stderr: "null",
 *   }).output();
 * await git("init");
 * await Deno.writeTextFile(`${repo}/a.txt`, "first");
 * await git("add", "a.txt");
 * await git("commit", "-m", "first");
 * await Deno.writeTextFile(`${repo}/a.txt`, "changed");
 *
 * const head = await checkOut(repo, await resolveRevision(repo, "HEAD"));
 * const here = await checkOut(repo, await resolveRevision(repo, "."));
 * assertEquals(await Deno.readTextFile(`${head.dir}/a.txt`), "first");
 * assertEquals(await Deno.readTextFile(`${here.dir}/a.txt`), "changed");
 * await head.remove();
 * await here.remove();
 * await Deno.remove(repo, { recursive: true });
 * ```
 */
export async function checkOut(
  repo: string,
  revision: Revision,
  options: CheckoutOptions = {},
): Promise<Checkout> {
  const root = await topLevel(repo);
  const { prefix, dir } = placeOf(options);
  const folder = await Deno.makeTempDir({
    dir,
    prefix: `${prefix}${Deno.pid}-`,
  });
  const remove = async () => {
    releaseOnEndingSignal(folder);
    await Deno.remove(folder, { recursive: true }).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  };
  removeOnEndingSignal(folder);
  const tree = `${folder}/${TREE}`;
  try {
    await Deno.writeTextFile(
      `${folder}/${MARKER}`,
      JSON.stringify({
        tool: "looplab revs",
        pid: Deno.pid,
        repository: root,
        revision: revision.rev,
        sha: revision.sha,
        workingTree: revision.workingTree,
      }) + "\n",
    );
    await Deno.mkdir(tree);
    const submodules = revision.workingTree
      ? await copyWorkingTree(root, tree)
      : await extractCommit(root, revision.sha, folder);
    return { dir: await Deno.realPath(tree), submodules, remove };
  } catch (error) {
    await remove();
    if (error instanceof RevisionError) {
      throw new RevisionError(
        `checking out ${describe(revision)}: ${error.message}`,
      );
    }
    throw error;
  }
}

function describe(revision: Revision): string {
  return revision.workingTree
    ? `the working tree of ${revision.root}`
    : `"${revision.rev}" (${revision.sha.slice(0, 12)}) of ${revision.root}`;
}

/**
 * `git archive SHA | tar -x -C tree`; returns the submodules it left empty.
 *
 * `git archive` leaves out paths marked `export-ignore` in `.gitattributes`
 * and expands `export-subst` — a project that keeps its benches out of
 * release tarballs would lose them here. So it reads the user's objects
 * through a bare repository of its own (`alternates`, beside the tree)
 * whose `info/attributes`, which outranks every `.gitattributes`, turns
 * both off. Nothing is written in the user's repository.
 */
async function extractCommit(
  root: string,
  sha: string,
  folder: string,
): Promise<string[]> {
  const common = (await git(root, ["rev-parse", "--git-common-dir"])).trim();
  const objects = `${
    common.startsWith("/") ? "" : `${root}/`
  }${common}/objects`;
  const reader = `${folder}/${READER}`;
  await git(root, ["init", "--quiet", "--bare", reader]);
  await Deno.writeTextFile(
    `${reader}/objects/info/alternates`,
    `${objects}\n`,
  );
  await Deno.mkdir(`${reader}/info`, { recursive: true });
  await Deno.writeTextFile(
    `${reader}/info/attributes`,
    "* -export-ignore -export-subst\n",
  );
  const archive = spawn("git", "archive", [
    `--git-dir=${reader}`,
    "archive",
    "--format=tar",
    sha,
  ]);
  const extract = spawn("tar", "-x", [
    "-x",
    "-f",
    "-",
    "-C",
    `${folder}/${TREE}`,
  ], {
    stdin: true,
  });
  await pipeline([archive, extract]);
  const entries = await git(root, ["ls-tree", "-r", "-z", sha]);
  return nulSeparated(entries).filter((entry) =>
    entry.startsWith(`${GITLINK_MODE} `)
  ).map((entry) => entry.slice(entry.indexOf("\t") + 1));
}

/**
 * Copies the files git tracks (less those deleted) and the untracked files
 * it does not ignore, through `tar -c --no-recursion | tar -x`: modes and
 * symlinks kept, and a submodule (or nested repository) becomes an empty
 * folder, as in `git archive`. Returns those folders.
 */
async function copyWorkingTree(root: string, tree: string): Promise<string[]> {
  const listed = nulSeparated(
    await git(root, [
      "ls-files",
      "-z",
      "--cached",
      "--others",
      "--exclude-standard",
    ]),
  );
  const deleted = new Set(
    nulSeparated(await git(root, ["ls-files", "-z", "--deleted"])),
  );
  // An unmerged path is listed once per stage.
  const paths = [...new Set(listed)].filter((path) => !deleted.has(path));
  const staged = nulSeparated(await git(root, ["ls-files", "-z", "--stage"]));
  const submodules = new Set(
    staged.filter((entry) => entry.startsWith(`${GITLINK_MODE} `))
      .map((entry) => entry.slice(entry.indexOf("\t") + 1)),
  );
  // `ls-files --others` names an untracked nested repository as "dir/".
  for (const path of paths) {
    if (path.endsWith("/")) submodules.add(path.slice(0, -1));
  }
  const pack = spawn(
    "tar",
    "-c",
    ["-c", "-f", "-", "--no-recursion", "--null", "-T", "-"],
    { stdin: true, cwd: root },
  );
  const unpack = spawn("tar", "-x", ["-x", "-f", "-", "-C", tree], {
    stdin: true,
  });
  const list = new TextEncoder().encode(
    paths.map((path) => `${path}\0`).join(""),
  );
  await Promise.all([
    writeAll(pack.process.stdin, list),
    pipeline([pack, unpack]),
  ]);
  return [...submodules].sort();
}

/** A spawned step of a pipeline and the text of its stderr. */
interface Step {
  name: string;
  process: Deno.ChildProcess;
  stderr: Promise<string>;
}

function spawn(
  command: string,
  label: string,
  args: string[],
  { stdin = false, cwd }: { stdin?: boolean; cwd?: string } = {},
): Step {
  let process: Deno.ChildProcess;
  try {
    process = new Deno.Command(command, {
      args,
      cwd,
      stdin: stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    throw notRunnable(command, error);
  }
  return {
    name: `${command} ${label}`,
    process,
    stderr: new Response(process.stderr).text(),
  };
}

/**
 * Pipes each step's stdout into the next one's stdin (the last one's is
 * read and dropped) and waits for all; throws naming the first that failed.
 */
async function pipeline(steps: Step[]): Promise<void> {
  const pipes = steps.map((step, i) =>
    i + 1 < steps.length
      ? step.process.stdout.pipeTo(steps[i + 1].process.stdin)
      : step.process.stdout.pipeTo(new WritableStream())
  );
  // A broken pipe is reported by the step that failed, below.
  await Promise.allSettled(pipes);
  const statuses = await Promise.all(steps.map((step) => step.process.status));
  for (const [i, status] of statuses.entries()) {
    if (status.success) continue;
    throw new RevisionError(
      `${steps[i].name} failed (exit ${status.code}): ${
        firstLine(await steps[i].stderr)
      }`,
    );
  }
}

async function writeAll(
  stdin: WritableStream<Uint8Array>,
  bytes: Uint8Array,
): Promise<void> {
  const writer = stdin.getWriter();
  try {
    await writer.write(bytes);
    await writer.close();
  } catch {
    // tar stopped reading: its exit status says why.
  }
}

/** The top-level folder of the repository `repo` is in. */
async function topLevel(repo: string): Promise<string> {
  const out = await git(repo, ["rev-parse", "--show-toplevel"], {
    mayFail: true,
  });
  if (out === null || out.trim() === "") {
    throw new RevisionError(
      `${repo}: not a git repository (nor inside one), or not a folder`,
    );
  }
  return out.trim();
}

/** Runs `git -C at …` and returns its stdout; a failure throws, or gives null with `mayFail`. */
async function git(
  at: string,
  args: string[],
  options: { mayFail: true },
): Promise<string | null>;
async function git(at: string, args: string[]): Promise<string>;
async function git(
  at: string,
  args: string[],
  { mayFail = false }: { mayFail?: boolean } = {},
): Promise<string | null> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("git", {
      args: ["-C", at, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    throw notRunnable("git", error);
  }
  const decoder = new TextDecoder();
  if (out.success) return decoder.decode(out.stdout);
  if (mayFail) return null;
  throw new RevisionError(
    `git ${args[0]} in ${at} failed (exit ${out.code}): ${
      firstLine(decoder.decode(out.stderr))
    }`,
  );
}

function notRunnable(command: string, error: unknown): Error {
  if (error instanceof Deno.errors.NotFound) {
    return new RevisionError(`${command} is not installed (not on PATH)`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] || "(no message)";
}

function nulSeparated(text: string): string[] {
  return text.split("\0").filter((entry) => entry !== "");
}

function placeOf(options: CheckoutOptions): { prefix: string; dir?: string } {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (prefix === "" || /[/\\]/.test(prefix)) {
    throw new RangeError(
      `checkout prefix must be a non-empty folder name, got ${
        JSON.stringify(prefix)
      }`,
    );
  }
  return { prefix, dir: options.dir };
}

/**
 * Removes the checkout folders a run that ended without cleaning up left
 * behind (a SIGKILL, a power cut): those named with the prefix whose owner
 * pid no longer runs, that hold the marker (or nothing: the owner died
 * between making the folder and writing it) and that belong to this user.
 * A live run's folders are never touched. A pid taken since by another
 * process keeps its folder until that process ends. Where `/proc` cannot
 * be read (not Linux), it removes nothing: it cannot tell the live from the
 * dead. A run calls it at its start.
 *
 * @param options where checkouts are made and their prefix, as for {@link checkOut}
 * @returns the folders removed
 *
 * @example
 * ```ts
 * import { removeStaleCheckouts } from "./checkout.ts";
 * import { assertEquals } from "@std/assert";
 * const dir = await Deno.makeTempDir();
 * // Above Linux's largest pid (2^22): no such process runs.
 * await Deno.mkdir(`${dir}/looplab-revs-4194305-x1`);
 * assertEquals(await removeStaleCheckouts({ dir }), [
 *   `${dir}/looplab-revs-4194305-x1`,
 * ]);
 * await Deno.remove(dir);
 * ```
 */
export async function removeStaleCheckouts(
  options: CheckoutOptions = {},
): Promise<string[]> {
  const { prefix, dir = await systemTempDir(prefix) } = placeOf(options);
  try {
    await readProc(Deno.pid);
  } catch (error) {
    if (error instanceof ProcUnavailableError) return [];
    throw error;
  }
  const uid = Deno.uid();
  const removed: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory || !entry.name.startsWith(prefix)) continue;
    const owner = /^(\d+)-/.exec(entry.name.slice(prefix.length));
    if (owner === null) continue;
    const folder = `${dir}/${entry.name}`;
    if (!await isCheckoutFolder(folder, uid)) continue;
    if (await isRunning(Number(owner[1]))) continue;
    await Deno.remove(folder, { recursive: true }).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
    removed.push(folder);
  }
  return removed.sort();
}

/** The folder is this user's and holds the marker, or nothing at all. */
async function isCheckoutFolder(
  folder: string,
  uid: number | null,
): Promise<boolean> {
  try {
    const info = await Deno.lstat(folder);
    if (uid !== null && info.uid !== uid) return false;
    const names: string[] = [];
    for await (const entry of Deno.readDir(folder)) names.push(entry.name);
    return names.length === 0 || names.includes(MARKER);
  } catch {
    // Gone meanwhile, or not ours to read.
    return false;
  }
}

async function isRunning(pid: number): Promise<boolean> {
  try {
    await readProc(pid);
    return true;
  } catch (error) {
    if (error instanceof ProcUnavailableError) return false;
    throw error;
  }
}

/**
 * The folder `Deno.makeTempDir` makes folders in: it follows `TMPDIR`,
 * which this process may not be allowed to read. The probe is named as a
 * checkout of this process's, so that a kill between making and removing
 * it leaves a folder the next run removes.
 */
async function systemTempDir(prefix: string): Promise<string> {
  const probe = await Deno.makeTempDir({ prefix: `${prefix}${Deno.pid}-` });
  await Deno.remove(probe);
  return probe.replace(/[/\\][^/\\]*$/, "");
}
