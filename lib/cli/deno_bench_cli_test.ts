// Deno.bench files run unchanged through the CLI, in real processes: what
// is listed, what runs, what is compared, what is skipped and why, how each
// option is honoured or refused — never how fast anything is.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { runTask } from "../../fixtures/runner/cli.ts";
import type { Artifact } from "../artifact/mod.ts";

const FIXTURES = "fixtures/runner/deno_bench";
const cli = runTask;
const QUICK = ["--forks", "1", "--time", "100ms"];

Deno.test("list shows a bench file's benches, groups, comparisons and skipped benches", async () => {
  const { code, stdout } = await cli("list", `${FIXTURES}/`);
  assertEquals(code, 0);
  for (
    const line of [
      `${FIXTURES}/text_bench.ts — a Deno.bench file, run unchanged`,
      "  bench      reverse units — group reverse",
      "  bench      reverse code points — group reverse, baseline",
      "  bench      seven calls — n 7, warmup 3",
      "  bench      countCorpusWords",
      "  compare    reverse units vs reverse code points",
      "  compare    sort a sorted copy vs sort a fresh copy",
      "  skipped    skipped by ignore (ignored)",
      "  skipped    left out (not only)",
      "  bench      split a/b, [c]=d (2)",
    ]
  ) assert(stdout.includes(line), `missing ${JSON.stringify(line)}`);
});

Deno.test("a bench file's top-level code runs in a listing fork, not in the CLI", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/exit_bench.ts`,
      'Deno.bench("never", () => {});\nDeno.exit(7);\n',
    );
    const { code, stderr } = await cli("list", `${dir}/exit_bench.ts`);
    assertEquals(code, 2);
    assertMatch(stderr, /exited with code 7 while importing it/);
    // A project mapping an import into another project's folder: Deno
    // 2.9.6 panics beside the fork's import map, and the listing says what
    // to change.
    await Deno.mkdir(`${dir}/project`);
    await Deno.mkdir(`${dir}/other`);
    await Deno.writeTextFile(`${dir}/other/deno.json`, "{}");
    await Deno.writeTextFile(
      `${dir}/other/outside.ts`,
      "export const x = 1;\n",
    );
    await Deno.writeTextFile(
      `${dir}/project/deno.json`,
      JSON.stringify({ imports: { outside: "../other/outside.ts" } }),
    );
    await Deno.writeTextFile(
      `${dir}/project/x_bench.ts`,
      'import { x } from "outside";\nDeno.bench("x", () => { x; });\n',
    );
    const panicked = await cli("list", `${dir}/project/x_bench.ts`);
    if (/panicked/.test(panicked.stderr)) {
      assertEquals(panicked.code, 2);
      assertMatch(
        panicked.stderr,
        /Deno panicked in its import map code.*map that dependency by npm: or jsr: specifier, or import it by URL/,
      );
    } else {
      // A Deno that no longer panics lists the file.
      assertEquals(panicked.code, 0, panicked.stderr);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("running a folder of bench files: every bench a case, groups interleaved, options honoured or refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/out.json`;
    const { code, stderr } = await cli(
      `${FIXTURES}/`,
      ...QUICK,
      "--json",
      json,
      "--md",
      `${dir}/out.md`,
      "--html",
      `${dir}/out.html`,
      "--csv",
      `${dir}/out.csv`,
      "--bmf",
      `${dir}/out.bmf.json`,
      "--gab",
      `${dir}/out.gab.json`,
    );
    // Failed cases (on purpose) and `only` both make the run fail.
    assertEquals(code, 1);
    assertMatch(stderr, /"only"/);
    const artifact: Artifact = JSON.parse(await Deno.readTextFile(json));
    const status = Object.fromEntries(
      artifact.cases.map((c) => [c.id, c.status]),
    );
    const file = (name: string) => `${FIXTURES}/${name}`;
    assertEquals(status, {
      [file("options_bench.ts/seven calls")]: "passed",
      [file("options_bench.ts/no read")]: "failed",
      [file("options_bench.ts/asks for ffi")]: "failed",
      [file("options_bench.ts/read one file")]: "failed",
      [file("options_bench.ts/exits")]: "failed",
      [file("options_bench.ts/throws")]: "failed",
      [file("options_bench.ts/split a%2Fb%2C %5Bc%5D%3Dd")]: "passed",
      [file("options_bench.ts/split a%2Fb%2C %5Bc%5D%3Dd (2)")]: "passed",
      [file("options_bench.ts/steady")]: "passed",
      [file("options_bench.ts/breaks")]: "failed",
      [file("options_bench.ts/steady too")]: "passed",
      [file("sub/only.bench.ts/focused")]: "passed",
      [file("text_bench.ts/reverse code points")]: "passed",
      [file("text_bench.ts/reverse units")]: "passed",
      [file("text_bench.ts/reverse via array")]: "passed",
      [file("text_bench.ts/countCorpusWords")]: "passed",
      [file("text_bench.ts/await a microtask")]: "passed",
      [file("text_bench.ts/sort a fresh copy")]: "passed",
      [file("text_bench.ts/sort a sorted copy")]: "passed",
    });
    const byName = (name: string) =>
      artifact.cases.find((c) => c.id === file(name))!;
    const failure = (name: string) => byName(name).failure?.message ?? "";
    assertMatch(
      failure("options_bench.ts/no read"),
      /^NotCapable: Requires read/,
    );
    assertMatch(failure("options_bench.ts/asks for ffi"), /Can't escalate/);
    assertMatch(failure("options_bench.ts/read one file"), /list of paths/);
    assertEquals(
      failure("options_bench.ts/exits"),
      "Error: Bench attempted to exit with exit code: 3",
    );
    assertEquals(
      failure("options_bench.ts/throws"),
      "RangeError: out of range on purpose",
    );
    assertMatch(
      byName("options_bench.ts/throws").failure?.detail ?? "",
      /options_bench\.ts:\d+/,
    );
    // n: 7 calls, a call per sample.
    const seven = byName("options_bench.ts/seven calls");
    assertEquals(seven.metrics[0].samples.map((s) => s.length), [7]);
    // b.start()/b.end(): a call per sample, the clock's cost recorded.
    for (const name of ["sort a fresh copy", "sort a sorted copy"]) {
      const fork = byName(`text_bench.ts/${name}`).forks[0];
      assertEquals(fork.iterationsPerSample, 1);
      assert(fork.clockCostNs !== null && fork.clockCostNs > 0);
    }
    assertEquals(
      byName("text_bench.ts/reverse units").forks[0].clockCostNs,
      null,
    );
    // Each group against its baseline (or its first member), interleaved.
    assertEquals(
      artifact.comparisons.map((c) => [c.base, c.candidate, c.design]),
      [
        [
          file("options_bench.ts/steady"),
          file("options_bench.ts/steady too"),
          "interleaved",
        ],
        [
          file("text_bench.ts/reverse code points"),
          file("text_bench.ts/reverse units"),
          "interleaved",
        ],
        [
          file("text_bench.ts/reverse code points"),
          file("text_bench.ts/reverse via array"),
          "interleaved",
        ],
        [
          file("text_bench.ts/sort a fresh copy"),
          file("text_bench.ts/sort a sorted copy"),
          "interleaved",
        ],
      ],
    );
    assertEquals(
      failure("options_bench.ts/breaks"),
      "Error: broken on purpose",
    );
    assertEquals(artifact.groups.map((g) => g.members.length), [3, 3, 2]);
    // The broken member was left out of every round.
    const [partly] = artifact.groups;
    assertEquals(
      partly.forks[0].order.every((round) => !round.includes(1)),
      true,
    );
    assertEquals(artifact.skipped.map((s) => [s.id, s.reason]), [
      [file("options_bench.ts/skipped by ignore"), "ignored"],
      [file("sub/only.bench.ts/left out"), "not only"],
    ]);
    for (
      const report of [
        "out.md",
        "out.html",
        "out.csv",
        "out.bmf.json",
        "out.gab.json",
      ]
    ) {
      assert(
        (await Deno.readTextFile(`${dir}/${report}`)).includes("reverse units"),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bench file from another project resolves that project's imports, and gates on a baseline", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/bench`);
    await Deno.copyFile(`${FIXTURES}/text.ts`, `${dir}/text.ts`);
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ imports: { "@proj/text": "./text.ts" } }),
    );
    await Deno.writeTextFile(
      `${dir}/bench/words_bench.ts`,
      `import { countWords } from "@proj/text";
Deno.bench("count words", () => {
  countWords("a b c d");
});
`,
    );
    const json = `${dir}/out.json`;
    const first = await cli(`${dir}/bench`, ...QUICK, "--json", json);
    assertEquals(first.code, 0, first.stderr);
    const artifact: Artifact = JSON.parse(await Deno.readTextFile(json));
    // Named after its path in its own project.
    assertEquals(artifact.cases.map((c) => c.id), [
      "bench/words_bench.ts/count words",
    ]);
    // The project's lock file is left alone.
    await assertMissing(`${dir}/deno.lock`);
    const gated = await cli(
      `${dir}/bench/words_bench.ts`,
      ...QUICK,
      "--baseline",
      json,
      "--json",
      "-",
    );
    assertEquals(gated.code === 0 || gated.code === 1, true, gated.stderr);
    const next: Artifact = JSON.parse(gated.stdout);
    assertEquals(
      next.comparisons.map((c) => [c.source, c.candidate]),
      [["baseline", "bench/words_bench.ts/count words"]],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function assertMissing(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  throw new Error(`${path} exists`);
}

Deno.test("in-process, a bench's permissions are refused, not revoked from looplab's own process", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/out.json`;
    const { code } = await cli(
      `${FIXTURES}/options_bench.ts`,
      "--in-process",
      "--filter",
      "no read",
      ...QUICK,
      "--json",
      json,
    );
    assertEquals(code, 1);
    // The artifact was still written: the CLI kept its write permission.
    const artifact: Artifact = JSON.parse(await Deno.readTextFile(json));
    assertMatch(
      artifact.cases[0].failure?.message ?? "",
      /--in-process would revoke them from looplab's own process/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a folder with a space, a workspace's member, and one path in two projects", async () => {
  const spaced = await Deno.makeTempDir({ prefix: "looplab proj " });
  const workspace = await Deno.makeTempDir();
  try {
    const bench = `import { countWords } from "@proj/text";
Deno.bench("count words", () => {
  countWords("a b c");
});
`;
    await Deno.mkdir(`${spaced}/bench`);
    await Deno.copyFile(`${FIXTURES}/text.ts`, `${spaced}/text.ts`);
    await Deno.writeTextFile(
      `${spaced}/deno.json`,
      JSON.stringify({ imports: { "@proj/text": "./text.ts" } }),
    );
    await Deno.writeTextFile(`${spaced}/bench/a_bench.ts`, bench);
    // A workspace maps looplab's own dependency itself (see the README).
    await Deno.mkdir(`${workspace}/pkg/bench`, { recursive: true });
    await Deno.writeTextFile(
      `${workspace}/deno.json`,
      JSON.stringify({
        workspace: ["./pkg"],
        imports: { mitata: "npm:mitata@1.0.34" },
      }),
    );
    await Deno.copyFile(`${FIXTURES}/text.ts`, `${workspace}/pkg/text.ts`);
    await Deno.writeTextFile(
      `${workspace}/pkg/deno.json`,
      JSON.stringify({ imports: { "@proj/text": "./text.ts" } }),
    );
    await Deno.writeTextFile(`${workspace}/pkg/bench/a_bench.ts`, bench);
    // Both are bench/a_bench.ts in their projects: named by their paths.
    const listed = await cli(
      "list",
      `${spaced}/bench`,
      `${workspace}/pkg/bench`,
    );
    assertEquals(listed.code, 0, listed.stderr);
    const spacedFile = await Deno.realPath(`${spaced}/bench/a_bench.ts`);
    const memberFile = await Deno.realPath(`${workspace}/pkg/bench/a_bench.ts`);
    assert(listed.stdout.includes(`${spacedFile} — a Deno.bench file`));
    assert(listed.stdout.includes(`${memberFile} — a Deno.bench file`));
    const ran = await cli(`${workspace}/pkg/bench`, ...QUICK, "--json", "-");
    assertEquals(ran.code, 0, ran.stderr);
    const artifact: Artifact = JSON.parse(ran.stdout);
    assertEquals(artifact.cases.map((c) => [c.id, c.status]), [
      ["bench/a_bench.ts/count words", "passed"],
    ]);
  } finally {
    await Deno.remove(spaced, { recursive: true });
    await Deno.remove(workspace, { recursive: true });
  }
});
