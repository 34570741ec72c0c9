// `revs` on a repository made here: both revisions' Deno.bench files run in
// one sitting from their own checkouts and configurations, cases pair by
// id, cases on one side only are listed, a 3× slower bench is found, and no
// checkout folder is left, after a finished run, a Ctrl-C or a SIGKILL.
// Checkout folders are told apart by the pid of the run that made them.
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertMatch,
} from "@std/assert";
import { TASK_PERMISSIONS } from "../../fixtures/runner/cli.ts";
import { type Artifact, UNIT_SEPARATOR } from "../artifact/mod.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
/** The system's temporary folder, where checkouts are made. */
const TMP = (await Deno.makeTempDir().then(async (dir) => {
  await Deno.remove(dir);
  return dir;
})).replace(/\/[^/]+$/, "");

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

/** `revs` as a user runs it, from the repository. */
function revs(dir: string, args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...TASK_PERMISSIONS,
      "--config",
      CONFIG,
      MAIN,
      "revs",
      ...args,
    ],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

/**
 * The checkout folders a revs process made in the temporary folder (their
 * names start with its pid; other runs may be making their own).
 */
async function checkoutFolders(pid: number): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(TMP)) {
    if (e.name.startsWith(`looplab-revs-${pid}-`)) names.push(e.name);
  }
  return names.sort();
}

/**
 * Reads a child's stderr until it matches; the text read so far, and the
 * rest of it (read on, so that the child never blocks on a full pipe).
 */
async function stderrUntil(
  child: Deno.ChildProcess,
  pattern: RegExp,
): Promise<{ said: string; rest: Promise<string> }> {
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  while (!pattern.test(said)) {
    const { value, done } = await reader.read();
    if (done) break;
    said += value;
  }
  const rest = (async () => {
    let text = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += r.value;
    }
    return text;
  })();
  return { said, rest };
}

const work = (n: number) =>
  `export function work(): number {
  let s = 0;
  for (let i = 0; i < ${n}; i++) s += i;
  return s;
}
`;

/**
 * A repository whose project maps its own package (`"@me/lib":
 * "./lib.ts"`): the base and a candidate whose lib does three times the
 * work, with its bench file unchanged. A bench narrowing its permissions,
 * a bench added and a file removed.
 */
async function repository(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/bench`);
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    JSON.stringify({ imports: { "@me/lib": "./lib.ts" } }),
  );
  await Deno.writeTextFile(`${dir}/lib.ts`, work(1000));
  await Deno.writeTextFile(
    `${dir}/bench/work_bench.ts`,
    `import { work } from "@me/lib";\nDeno.bench("sum", () => { work(); });\n`,
  );
  await Deno.writeTextFile(
    `${dir}/bench/quiet_bench.ts`,
    `Deno.bench({ name: "quiet", permissions: "none", fn() { JSON.parse("[1]"); } });\n`,
  );
  await Deno.writeTextFile(
    `${dir}/bench/gone_bench.ts`,
    `Deno.bench("gone", () => {});\n`,
  );
  await git(dir, "init", "-q");
  await git(dir, "add", "-A");
  await git(dir, "commit", "-qm", "base");
  await Deno.writeTextFile(`${dir}/lib.ts`, work(3000));
  await Deno.writeTextFile(
    `${dir}/bench/work_bench.ts`,
    `import { work } from "@me/lib";\nDeno.bench("sum", () => { work(); });\nDeno.bench("new", () => {});\n`,
  );
  await Deno.remove(`${dir}/bench/gone_bench.ts`);
  await git(dir, "add", "-A");
  await git(dir, "commit", "-qm", "three times the work");
}

Deno.test("revs runs both revisions from their own checkouts and configurations, interleaved, and finds a 3× slower lib", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await repository(dir);
    const child = revs(dir, [
      "HEAD~1",
      "HEAD",
      "bench",
      // Five forks, not three: a paired t over three forks (2 degrees of
      // freedom) missed a 3x slowdown when one fork of a loaded host was
      // disturbed (12:53 and 13:02 UTC, two helpers' tests running).
      "--forks",
      "5",
      // Interleaved in one fork, a 3x change reads within ~2%: 120 ms a
      // fork is plenty, and keeps the test suite's time down.
      "--time",
      "120ms",
      "--json",
      `${dir}/revs.json`,
      "--md",
      `${dir}/revs.md`,
      "--fail-on-regression=20",
    ]).spawn();
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    // The slowdown is a regression beyond 20%: exit 1.
    assertEquals(out.code, 1, stderr);
    assertMatch(stderr, /added: bench\/work_bench\.ts\/new/);
    assertMatch(stderr, /removed: bench\/gone_bench\.ts\/gone/);
    assertMatch(
      stderr,
      /bench\/quiet_bench\.ts: paired rounds, not interleaved: a bench narrows its permissions/,
    );
    assertMatch(stderr, /regression: candidate:bench\/work_bench\.ts\/sum/);
    const artifact: Artifact = JSON.parse(
      await Deno.readTextFile(`${dir}/revs.json`),
    );
    assertEquals(artifact.summary.failed, 0);
    const byCase = Object.fromEntries(
      artifact.comparisons.map((c) => [c.candidate, c]),
    );
    // Each side resolved "@me/lib" into its own checkout: one map for both
    // would have made this an A/A run reading "no change".
    const sum = byCase["candidate:bench/work_bench.ts/sum"];
    assertEquals(sum.base, "base:bench/work_bench.ts/sum");
    assertEquals(sum.design, "interleaved");
    assertEquals(sum.verdict, "slower");
    assert(sum.ratio.lower > 1.2, `ratio ${JSON.stringify(sum.ratio)}`);
    // A bench that revokes permissions keeps a process per side.
    const quiet = byCase["candidate:bench/quiet_bench.ts/quiet"];
    assertEquals(quiet.base, "base:bench/quiet_bench.ts/quiet");
    assertEquals(quiet.design, "paired-rounds");
    // Both revisions, and the cases on one side only.
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
    assertEquals(artifact.removed, ["bench/gone_bench.ts/gone"]);
    // Every round ran each unit once: the interleaved pair as one.
    assertEquals(artifact.schedule?.length, 5);
    for (const round of artifact.schedule ?? []) {
      assertEquals([...round].sort(), [
        "base:bench/gone_bench.ts/gone",
        "base:bench/quiet_bench.ts/quiet",
        `base:bench/work_bench.ts/sum${UNIT_SEPARATOR}candidate:bench/work_bench.ts/sum`,
        "candidate:bench/quiet_bench.ts/quiet",
        "candidate:bench/work_bench.ts/new",
      ]);
    }
    // The pull-request comment opens with the summary line.
    const md = await Deno.readTextFile(`${dir}/revs.md`);
    assertMatch(md, /1 slower/);
    assertMatch(md, /three times the work/);
    // No checkout folder is left behind.
    assertEquals(await checkoutFolders(child.pid), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("revs removes its checkouts on Ctrl-C, and the next run removes those of a killed one", async () => {
  const dir = await Deno.makeTempDir();
  const waitForCheckouts = async (pid: number) => {
    while ((await checkoutFolders(pid)).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    await repository(dir);
    const args = ["HEAD~1", "HEAD", "bench/work_bench.ts", "--time", "20s"];
    // Ctrl-C while it lists the benches, and while it measures: exit 130,
    // both checkouts gone.
    const listing = revs(dir, args).spawn();
    await waitForCheckouts(listing.pid);
    listing.kill("SIGINT");
    const early = await listing.output();
    assertEquals(early.code, 130, new TextDecoder().decode(early.stderr));
    assertEquals(await checkoutFolders(listing.pid), []);
    const measuring = revs(dir, args).spawn();
    const stdout = new Response(measuring.stdout).text();
    const { said, rest } = await stderrUntil(measuring, /looplab: measuring/);
    measuring.kill("SIGINT");
    const { code } = await measuring.status;
    await stdout;
    assertEquals(code, 130, said + await rest);
    assertEquals(await checkoutFolders(measuring.pid), []);
    // SIGKILL cannot be caught: its checkouts stay, until the next run.
    const killed = revs(dir, args).spawn();
    await waitForCheckouts(killed.pid);
    killed.kill("SIGKILL");
    await killed.output();
    assertEquals((await checkoutFolders(killed.pid)).length, 2);
    // The next run, even one refused at once, removes them first.
    const next = await revs(dir, ["HEAD~1", "no-such-rev"]).output();
    assertEquals(next.code, 2);
    assertMatch(new TextDecoder().decode(next.stderr), /no-such-rev/);
    assertEquals(await checkoutFolders(killed.pid), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("revs refuses bad input with exit 2 and leaves no checkout behind", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await repository(dir);
    const cases: [string[], RegExp][] = [
      [["HEAD"], /revs takes two revisions: BASE CANDIDATE/],
      [["HEAD~1", "HEAD", "--design", "mixed"], /--design must be/],
      [["HEAD~1", "HEAD", "nowhere"], /"nowhere" exists on neither/],
      [
        ["HEAD~1", "HEAD", "lib.ts"],
        /the base: .*lib\.ts registers no Deno\.bench and exports no looplab suite/,
      ],
      [["HEAD~1", "HEAD", "/"], /is outside the repository/],
      [["HEAD~1", "HEAD", "--json", `${dir}/no/such/dir.json`], /--json/],
    ];
    for (const [args, message] of cases) {
      const child = revs(dir, args).spawn();
      const out = await child.output();
      const stderr = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 2, `${args.join(" ")}: ${stderr}`);
      assertMatch(stderr, message);
      assertEquals(await checkoutFolders(child.pid), []);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("revs runs a module's looplab suites from each revision: every parameter value paired, experiments in paired rounds", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A project module exporting a suite, importing looplab by URL (a
    // mapping into looplab's folder, another project's, makes Deno 2.9.6
    // panic beside the import map forks get).
    const looplab = new URL("../../mod.ts", import.meta.url).href;
    const suite = (work: number, value: number) =>
      `import { bench, defineSuite, experiment } from "${looplab}";
export const sums = defineSuite({
  name: "sums",
  params: { n: [100, 1000] },
  cases: [
    bench("loop", ({ n }) => () => {
      let s = 0;
      for (let i = 0; i < (n as number) * ${work}; i++) s += i;
      return s;
    }),
    experiment("value", { value: { unit: "count", direction: "smaller" } },
      (ctx) => ctx.record("value", ${value}), { repetitions: { min: 3, max: 3 } }),
  ],
});
`;
    await Deno.mkdir(`${dir}/bench`);
    await Deno.writeTextFile(`${dir}/deno.json`, "{}");
    await Deno.writeTextFile(`${dir}/bench/sums.ts`, suite(1, 10));
    await git(dir, "init", "-q");
    await git(dir, "add", "-A");
    await git(dir, "commit", "-qm", "base");
    await Deno.writeTextFile(`${dir}/bench/sums.ts`, suite(3, 20));
    await git(dir, "commit", "-qam", "three times the work, twice the value");
    const child = revs(dir, [
      "HEAD~1",
      "HEAD",
      "bench/sums.ts",
      "--forks",
      "3",
      "--time",
      "150ms",
      "--json",
      `${dir}/revs.json`,
    ]).spawn();
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    const artifact: Artifact = JSON.parse(
      await Deno.readTextFile(`${dir}/revs.json`),
    );
    assertEquals(artifact.summary.failed, 0);
    const byCase = Object.fromEntries(
      artifact.comparisons.map((c) => [c.candidate, c]),
    );
    assertEquals(Object.keys(byCase).sort(), [
      "candidate:sums/loop[n=1000]",
      "candidate:sums/loop[n=100]",
      "candidate:sums/value[n=1000]",
      "candidate:sums/value[n=100]",
    ]);
    // Each side ran its own code: the recorded values are 10 and 20.
    for (const n of [100, 1000]) {
      const value = byCase[`candidate:sums/value[n=${n}]`];
      assertEquals(value.base, `base:sums/value[n=${n}]`);
      assertEquals(value.design, "paired-rounds");
      assertAlmostEquals(value.ratio.point, 2, 1e-12);
      const loop = byCase[`candidate:sums/loop[n=${n}]`];
      assertEquals(loop.design, "interleaved");
    }
    assertEquals(await checkoutFolders(child.pid), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
