// `revs` on a repository made here: both revisions' Deno.bench files run in
// one sitting, cases pair by id, a case on one side only is listed, a 3×
// slower bench is found, and no checkout folder is left.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { TASK_PERMISSIONS } from "../../fixtures/runner/cli.ts";
import type { Artifact } from "../artifact/mod.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function git(dir: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@t", ...args],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("revs runs both revisions' benches in one sitting and finds a 3× slower one", async () => {
  const dir = await Deno.makeTempDir();
  // The system's temporary folder, where checkouts are made.
  const tmp = dir.replace(/\/[^/]+$/, "");
  const before = await checkoutFolders(tmp);
  try {
    await Deno.mkdir(`${dir}/bench`);
    const bench = (n: number, extra = "") =>
      `function work(n: number) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }
Deno.bench("sum", () => { work(${n}); });
${extra}`;
    await Deno.writeTextFile(`${dir}/bench/work_bench.ts`, bench(1000));
    await git(dir, "init", "-q");
    await git(dir, "add", "-A");
    await git(dir, "commit", "-qm", "base");
    await Deno.writeTextFile(
      `${dir}/bench/work_bench.ts`,
      bench(3000, 'Deno.bench("new", () => { work(10); });'),
    );
    await git(dir, "commit", "-qam", "three times the work");
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...TASK_PERMISSIONS,
        "--config",
        CONFIG,
        MAIN,
        "revs",
        "HEAD~1",
        "HEAD",
        "bench",
        "--forks",
        // Five forks, not three: a paired t over three forks (2 degrees of
        // freedom) missed the 3x slowdown when one fork of a loaded host
        // was disturbed (12:53 and 13:02 UTC, two helpers' tests running).
        "5",
        "--time",
        "200ms",
        "--json",
        `${dir}/revs.json`,
        "--fail-on-regression=20",
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    // The slowdown is a regression beyond 20%: exit 1.
    assertEquals(out.code, 1, stderr);
    assertMatch(stderr, /added: bench\/work_bench\.ts\/new/);
    const artifact: Artifact = JSON.parse(
      await Deno.readTextFile(`${dir}/revs.json`),
    );
    const sum = artifact.comparisons.find((c) =>
      c.candidate === "candidate:bench/work_bench.ts/sum"
    )!;
    assertEquals(sum.base, "base:bench/work_bench.ts/sum");
    assertEquals(sum.verdict, "slower");
    assert(sum.ratio.lower > 1.2, `ratio ${JSON.stringify(sum.ratio)}`);
    // The artifact records both revisions, and the case on one side only.
    assertEquals(artifact.kind, "revs");
    assertEquals(artifact.revisions, {
      base: {
        rev: "HEAD~1",
        sha: await git(dir, "rev-parse", "HEAD~1"),
        subject: "base",
        dirty: false,
        workingTree: false,
      },
      candidate: {
        rev: "HEAD",
        sha: await git(dir, "rev-parse", "HEAD"),
        subject: "three times the work",
        dirty: false,
        workingTree: false,
      },
    });
    assertEquals(artifact.added, ["bench/work_bench.ts/new"]);
    assertEquals(artifact.removed, []);
    // Every round ran each side's case once.
    assertEquals(artifact.schedule?.length, 5);
    for (const round of artifact.schedule ?? []) {
      assertEquals([...round].sort(), [
        "base:bench/work_bench.ts/sum",
        "candidate:bench/work_bench.ts/new",
        "candidate:bench/work_bench.ts/sum",
      ]);
    }
    // No checkout folder is left behind.
    assertEquals(await checkoutFolders(tmp), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function checkoutFolders(tmp: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(tmp)) {
    if (e.name.startsWith("looplab-revs-")) names.push(e.name);
  }
  return names.sort();
}
