import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  checkOut,
  type CheckoutOptions,
  removeStaleCheckouts,
  resolveRevision,
  RevisionError,
} from "./mod.ts";

/**
 * Above Linux's largest pid (PID_MAX_LIMIT is 2^22; pids stay below it):
 * no process ever has it.
 */
const DEAD_PID = 4194305;
const MODULE = new URL("./mod.ts", import.meta.url).href;

/** Runs git in `dir` with no global configuration assumed; returns stdout. */
async function git(dir: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: [
      "-C",
      dir,
      "-c",
      "user.name=looplab test",
      "-c",
      "user.email=test@looplab.invalid",
      "-c",
      "commit.gpgsign=false",
      "-c",
      "init.defaultBranch=main",
      "-c",
      "protocol.file.allow=always",
      ...args,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!out.success) {
    throw new Error(`git ${args.join(" ")}: ${text.decode(out.stderr)}`);
  }
  return text.decode(out.stdout);
}

/**
 * A repository with two commits: "first" has a.txt ("one"), run.sh
 * (executable) and a symlink to a.txt; "second" changes a.txt to "two" and
 * adds b.txt. The working tree then changes a.txt to "three", adds an
 * untracked c.txt and an ignored d.log, and deletes run.sh.
 */
async function makeRepo(): Promise<
  { root: string; repo: string; places: CheckoutOptions }
> {
  const root = await Deno.makeTempDir({ prefix: "looplab-checkout-test-" });
  const repo = `${root}/repo`;
  await Deno.mkdir(repo);
  await Deno.mkdir(`${root}/tmp`);
  await git(repo, "init", "-q");
  await Deno.writeTextFile(`${repo}/a.txt`, "one\n");
  await Deno.writeTextFile(`${repo}/run.sh`, "#!/bin/sh\n");
  await Deno.chmod(`${repo}/run.sh`, 0o755);
  await Deno.symlink("a.txt", `${repo}/link`);
  await Deno.writeTextFile(`${repo}/.gitignore`, "*.log\n");
  await git(repo, "add", ".");
  await git(repo, "commit", "-q", "-m", "first");
  await Deno.writeTextFile(`${repo}/a.txt`, "two\n");
  await Deno.mkdir(`${repo}/sub`);
  await Deno.writeTextFile(`${repo}/sub/b.txt`, "added\n");
  await git(repo, "add", ".");
  await git(repo, "commit", "-q", "-m", "second: b.txt");
  await Deno.writeTextFile(`${repo}/a.txt`, "three\n");
  await Deno.writeTextFile(`${repo}/c.txt`, "untracked\n");
  await Deno.writeTextFile(`${repo}/d.log`, "ignored\n");
  await Deno.remove(`${repo}/run.sh`);
  return { root, repo, places: { dir: `${root}/tmp` } };
}

/** Every file, folder and symlink under `dir`, relative, sorted. */
async function listing(dir: string, under = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${under}`)) {
    const path = `${under}${entry.name}`;
    if (entry.isDirectory) {
      found.push(`${path}/`, ...await listing(dir, `${path}/`));
    } else found.push(path);
  }
  return found.sort();
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

Deno.test("two commits resolve to their SHAs and subjects; '.' is the working tree, dirty", async () => {
  const { root, repo } = await makeRepo();
  const shas = (await git(repo, "rev-list", "HEAD")).trim().split("\n");
  const head = await resolveRevision(repo, "HEAD");
  const first = await resolveRevision(`${repo}/sub`, "HEAD~1");
  assertEquals(head, {
    rev: "HEAD",
    sha: shas[0],
    subject: "second: b.txt",
    dirty: false,
    workingTree: false,
    root: repo,
  });
  assertEquals([first.sha, first.subject, first.root], [
    shas[1],
    "first",
    repo,
  ]);
  assertEquals(
    (await resolveRevision(repo, shas[1].slice(0, 10))).sha,
    shas[1],
  );
  assertEquals(await resolveRevision(repo, "."), {
    rev: ".",
    sha: shas[0],
    subject: "second: b.txt",
    dirty: true,
    workingTree: true,
    root: repo,
  });
  await git(repo, "checkout", "-q", "--", ".");
  await Deno.remove(`${repo}/c.txt`);
  // An ignored file does not make the working tree dirty.
  assertEquals((await resolveRevision(repo, ".")).dirty, false);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a missing revision and a folder outside any repository give clear errors", async () => {
  const { root, repo } = await makeRepo();
  await assertRejects(
    () => resolveRevision(repo, "no-such-branch"),
    RevisionError,
    `revision "no-such-branch" does not exist in ${repo}: not a branch, ` +
      "tag or commit here (a remote's branch or a commit from another " +
      "clone needs `git fetch` first)",
  );
  await git(repo, "remote", "add", "origin", "https://example.invalid/r.git");
  await assertRejects(
    () => resolveRevision(repo, "origin/main"),
    RevisionError,
    'revision "origin/main" does not exist in ' + repo +
      ": fetch it first (`git fetch origin`;",
  );
  await assertRejects(
    () => resolveRevision(repo, "--all"),
    RevisionError,
    '"--all" is not a revision',
  );
  await assertRejects(
    () => resolveRevision(`${root}/tmp`, "main"),
    RevisionError,
    `${root}/tmp: not a git repository`,
  );
  await assertRejects(
    () => resolveRevision(`${root}/missing`, "main"),
    RevisionError,
    `${root}/missing: not a git repository`,
  );
  const empty = `${root}/empty`;
  await Deno.mkdir(empty);
  await git(empty, "init", "-q");
  await assertRejects(
    () => resolveRevision(empty, "."),
    RevisionError,
    "HEAD does not exist",
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("each commit's checkout has exactly its files, modes and symlinks; the user's checkout is untouched", async () => {
  const { root, repo, places } = await makeRepo();
  const status = await git(repo, "status", "--porcelain");
  const older = await checkOut(
    repo,
    await resolveRevision(repo, "HEAD~1"),
    places,
  );
  const newer = await checkOut(
    `${repo}/sub`,
    await resolveRevision(repo, "HEAD"),
    places,
  );
  assertEquals(await listing(older.dir), [
    ".gitignore",
    "a.txt",
    "link",
    "run.sh",
  ]);
  assertEquals(await listing(newer.dir), [
    ".gitignore",
    "a.txt",
    "link",
    "run.sh",
    "sub/",
    "sub/b.txt",
  ]);
  assertEquals(await Deno.readTextFile(`${older.dir}/a.txt`), "one\n");
  assertEquals(await Deno.readTextFile(`${newer.dir}/a.txt`), "two\n");
  assertEquals(await Deno.readLink(`${newer.dir}/link`), "a.txt");
  assertEquals((await Deno.stat(`${older.dir}/run.sh`)).mode! & 0o111, 0o111);
  assertEquals([older.submodules, newer.submodules], [[], []]);
  assertEquals(await git(repo, "status", "--porcelain"), status);
  assertEquals(await exists(`${repo}/.git/worktrees`), false);
  // git knows no worktree but the user's own.
  assertEquals(
    (await git(repo, "worktree", "list", "--porcelain")).match(/^worktree /gm)
      ?.length,
    1,
  );
  await older.remove();
  await newer.remove();
  await Deno.remove(root, { recursive: true });
});

Deno.test("'.' copies the working tree: uncommitted changes and untracked files in, ignored and deleted files out", async () => {
  const { root, repo, places } = await makeRepo();
  const status = await git(repo, "status", "--porcelain");
  const here = await checkOut(repo, await resolveRevision(repo, "."), places);
  assertEquals(await listing(here.dir), [
    ".gitignore",
    "a.txt",
    "c.txt",
    "link",
    "sub/",
    "sub/b.txt",
  ]);
  assertEquals(await Deno.readTextFile(`${here.dir}/a.txt`), "three\n");
  assertEquals(await Deno.readTextFile(`${here.dir}/c.txt`), "untracked\n");
  assertEquals(await Deno.readLink(`${here.dir}/link`), "a.txt");
  assertEquals(await git(repo, "status", "--porcelain"), status);
  await here.remove();
  await Deno.remove(root, { recursive: true });
});

Deno.test("a submodule is an empty folder on both sides, and named", async () => {
  const { root, repo, places } = await makeRepo();
  const library = `${root}/library`;
  await Deno.mkdir(library);
  await git(library, "init", "-q");
  await Deno.writeTextFile(`${library}/lib.ts`, "export {};\n");
  await git(library, "add", ".");
  await git(library, "commit", "-q", "-m", "library");
  await git(repo, "submodule", "add", "-q", library, "vendor/library");
  await git(repo, "commit", "-q", "-m", "library as a submodule");
  // An untracked repository nested in the working tree is treated alike.
  await Deno.mkdir(`${repo}/nested`);
  await git(`${repo}/nested`, "init", "-q");
  await Deno.writeTextFile(`${repo}/nested/n.txt`, "nested\n");
  const commit = await checkOut(
    repo,
    await resolveRevision(repo, "HEAD"),
    places,
  );
  const here = await checkOut(repo, await resolveRevision(repo, "."), places);
  assertEquals(commit.submodules, ["vendor/library"]);
  assertEquals(here.submodules, ["nested", "vendor/library"]);
  for (const checkout of [commit, here]) {
    assertEquals(await listing(`${checkout.dir}/vendor`), ["library/"]);
  }
  assertEquals(await listing(`${here.dir}/nested`), []);
  assert((await listing(here.dir)).includes(".gitmodules"));
  await commit.remove();
  await here.remove();
  await Deno.remove(root, { recursive: true });
});

Deno.test("paths marked export-ignore or export-subst are checked out as committed", async () => {
  const { root, repo, places } = await makeRepo();
  await Deno.writeTextFile(
    `${repo}/.gitattributes`,
    "sub/ export-ignore\nversion.txt export-subst\n",
  );
  await Deno.writeTextFile(`${repo}/version.txt`, "$Format:%H$\n");
  await git(repo, "add", ".gitattributes", "version.txt");
  await git(repo, "commit", "-q", "-m", "release attributes");
  const commit = await checkOut(
    repo,
    await resolveRevision(repo, "HEAD"),
    places,
  );
  assertEquals(await Deno.readTextFile(`${commit.dir}/sub/b.txt`), "added\n");
  assertEquals(
    await Deno.readTextFile(`${commit.dir}/version.txt`),
    "$Format:%H$\n",
  );
  assertEquals(await exists(`${repo}/.git/info/attributes`), false);
  await commit.remove();
  await Deno.remove(root, { recursive: true });
});

Deno.test("a checkout folder holds the owner's pid in its name and a marker; remove() deletes it", async () => {
  const { root, repo, places } = await makeRepo();
  const revision = await resolveRevision(repo, "HEAD");
  const checkout = await checkOut(repo, revision, {
    ...places,
    prefix: "mine-",
  });
  const [folder] = await listing(places.dir!);
  assert(folder.startsWith(`mine-${Deno.pid}-`), folder);
  assertEquals(checkout.dir, `${places.dir}/${folder}tree`);
  assertEquals(
    JSON.parse(
      await Deno.readTextFile(`${places.dir}/${folder}looplab-revs.json`),
    ),
    {
      tool: "looplab revs",
      pid: Deno.pid,
      repository: repo,
      revision: "HEAD",
      sha: revision.sha,
      workingTree: false,
    },
  );
  await checkout.remove();
  assertEquals(await listing(places.dir!), []);
  await checkout.remove();
  await Deno.remove(root, { recursive: true });
});

Deno.test("removeStaleCheckouts removes a dead pid's folders only: never a live one's, nor a stranger's", async () => {
  const dir = await Deno.makeTempDir();
  const make = async (name: string, marker: boolean, other?: string) => {
    await Deno.mkdir(`${dir}/${name}`);
    if (marker) {
      await Deno.writeTextFile(`${dir}/${name}/looplab-revs.json`, "{}");
    }
    if (other) await Deno.writeTextFile(`${dir}/${name}/${other}`, "");
  };
  await make(`looplab-revs-${DEAD_PID}-dead`, true, "tree");
  await make(`looplab-revs-${DEAD_PID}-empty`, false);
  await make(`looplab-revs-${Deno.pid}-live`, true);
  await make(`looplab-revs-${DEAD_PID}-stranger`, false, "notes.txt");
  await make(`looplab-revs-x-odd`, false);
  await make(`other-${DEAD_PID}-dead`, true);
  assertEquals(await removeStaleCheckouts({ dir }), [
    `${dir}/looplab-revs-${DEAD_PID}-dead`,
    `${dir}/looplab-revs-${DEAD_PID}-empty`,
  ]);
  const left = [];
  for await (const entry of Deno.readDir(dir)) left.push(entry.name);
  // Both sorted: where the live pid sorts depends on its digits.
  assertEquals(
    left.sort(),
    [
      `looplab-revs-${Deno.pid}-live`,
      `looplab-revs-${DEAD_PID}-stranger`,
      "looplab-revs-x-odd",
      `other-${DEAD_PID}-dead`,
    ].sort(),
  );
  assertEquals(await removeStaleCheckouts({ dir, prefix: "other-" }), [
    `${dir}/other-${DEAD_PID}-dead`,
  ]);
  await Deno.remove(dir, { recursive: true });
});

/**
 * A Deno process that checks `rev` out and prints the folder, then waits
 * on its stdin: killed there, it has a live checkout.
 */
function holder(
  repo: string,
  dir: string,
  { before = "", after = "await Deno.stdin.read(new Uint8Array(1));" } = {},
): Deno.ChildProcess {
  const script = `import { checkOut, resolveRevision } from "${MODULE}";
${before}
const checkout = await checkOut(Deno.args[0], await resolveRevision(Deno.args[0], "HEAD"), { dir: Deno.args[1] });
console.log(checkout.dir);
${after}
`;
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-sys",
      "--no-lock",
      "--no-config",
      `data:application/typescript,${encodeURIComponent(script)}`,
      repo,
      dir,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
}

/** Reads a child's stdout a line at a time. */
function lineReader(child: Deno.ChildProcess): () => Promise<string> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream())
    .getReader();
  let text = "";
  return async () => {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    const [line] = text.split("\n", 1);
    text = text.slice(line.length + 1);
    return line;
  };
}

Deno.test("after a SIGKILL, the next removeStaleCheckouts removes the killed run's folder", async () => {
  const { root, repo, places } = await makeRepo();
  const child = holder(repo, places.dir!);
  const nextLine = lineReader(child);
  const dir = await nextLine();
  assertEquals(await exists(`${dir}/a.txt`), true);
  // Alive, its folder is kept.
  assertEquals(await removeStaleCheckouts(places), []);
  child.kill("SIGKILL");
  assertEquals((await child.status).signal, "SIGKILL");
  await child.stdin.close().catch(() => {});
  assertEquals(await exists(dir), true);
  assertEquals(await removeStaleCheckouts(places), [
    dir.slice(0, -"/tree".length),
  ]);
  assertEquals(await listing(places.dir!), []);
  await Deno.remove(root, { recursive: true });
});

Deno.test("SIGINT removes a live checkout, and the process still ends by the signal", async () => {
  const { root, repo, places } = await makeRepo();
  const child = holder(repo, places.dir!);
  const nextLine = lineReader(child);
  const dir = await nextLine();
  assertEquals(await exists(dir), true);
  child.kill("SIGINT");
  assertEquals((await child.status).signal, "SIGINT");
  await child.stdin.close().catch(() => {});
  assertEquals(await listing(places.dir!), []);
  await Deno.remove(root, { recursive: true });
});

Deno.test("SIGTERM removes a live checkout, then the run's own listener goes on", async () => {
  const { root, repo, places } = await makeRepo();
  // The run's listener, registered first, only asks the run to stop; the
  // run then reports whether its checkout is still there and exits 0.
  const child = holder(repo, places.dir!, {
    before: `let stop = () => {};
const stopped = new Promise<void>((resolve) => stop = resolve);
Deno.addSignalListener("SIGTERM", () => stop());`,
    after: `await stopped;
const left = await Deno.lstat(checkout.dir).then(() => "kept", () => "removed");
console.log(\`stopped; checkout \${left}\`);
await checkout.remove();
Deno.exit(0);`,
  });
  const nextLine = lineReader(child);
  const dir = await nextLine();
  assertEquals(await exists(dir), true);
  child.kill("SIGTERM");
  assertEquals(await nextLine(), "stopped; checkout removed");
  assertEquals(await nextLine(), "");
  assertEquals((await child.status).code, 0);
  await child.stdin.close().catch(() => {});
  assertEquals(await listing(places.dir!), []);
  await Deno.remove(root, { recursive: true });
});
