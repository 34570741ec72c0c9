// How a Deno.bench call is read and what of a file runs: the forms and
// messages of `deno bench` (Deno 2.9.6's runtime, read from its source and
// checked against `deno bench` on our VM), and looplab's plan of a file.
import { assertEquals, assertThrows } from "@std/assert";
import {
  type BenchEntry,
  planBenchFile,
  readBenchCall,
} from "./_deno_bench_suite.ts";
import { benchFilesIn, isBenchFileName } from "./_deno_bench_files.ts";

const noop = () => {};
function named() {}
const entryOf = (args: unknown[]) => readBenchCall(args, 0).entry;

Deno.test("reads each form of Deno.bench with the name deno bench gives it", () => {
  assertEquals(entryOf([named]).name, "named");
  assertEquals(entryOf(["by name", noop]).name, "by name");
  assertEquals(entryOf(["with options", { group: "g" }, noop]).group, "g");
  assertEquals(
    entryOf([{ name: "options first" }, noop]).name,
    "options first",
  );
  // Deno.bench(options, fn) without options.name takes the function's name.
  assertEquals(entryOf([{ group: "g" }, named]).name, "named");
  assertEquals(entryOf([{ name: "one object", fn: noop }]).name, "one object");
  // An object's method is named after its key, as in deno bench.
  assertEquals(entryOf([{ fn() {} }]).name, "fn");
});

Deno.test("refuses what deno bench refuses, with its messages", () => {
  const refused: [unknown[], string][] = [
    [[() => {}], "The bench function must have a name"],
    [["x"], "Missing bench function"],
    [["x", {}], "Missing bench function"],
    [[""], "The bench name can't be empty"],
    [[{ name: "x" }], "Expected 'fn' field in the first argument"],
    [["x", { fn: noop }, noop], "Unexpected 'fn' field in options"],
    [["x", { name: "y" }, noop], "Unexpected 'name' field in options"],
    [
      [{ name: "x", fn: noop }, noop],
      "already provided as the second argument",
    ],
    [[named, {}], "Unexpected second argument to Deno.bench()"],
    [[named, undefined, {}], "Unexpected third argument to Deno.bench()"],
    [[{ group: "g" }, () => {}], "The bench name can't be empty"],
  ];
  for (const [args, message] of refused) {
    assertThrows(() => readBenchCall(args, 0), TypeError, message);
  }
});

Deno.test("reads every option, and refuses those looplab cannot honour in the entry", () => {
  const entry = entryOf([
    "all",
    {
      group: "g",
      baseline: true,
      only: true,
      ignore: true,
      n: 2.5,
      warmup: 4,
      sanitizeExit: false,
      permissions: "none",
    },
    async () => {},
  ]);
  assertEquals(entry, {
    name: "all",
    index: 0,
    group: "g",
    baseline: true,
    only: true,
    ignore: true,
    n: 3,
    warmup: 4,
    sanitizeExit: false,
    permissions: "none",
    async: true,
    refused: null,
  });
  assertEquals(entryOf(["x", noop]).sanitizeExit, true);
  assertEquals(entryOf(["x", noop]).async, false);
  const refused = (options: Record<string, unknown>) =>
    entryOf(["x", options, noop]).refused ?? "";
  assertEquals(refused({ n: "ten" }).startsWith("n must be a number"), true);
  assertEquals(refused({ warmup: -1 }).startsWith("warmup must be"), true);
  assertEquals(
    refused({ permissions: { read: ["./data"] } }).includes("list of paths"),
    true,
  );
  assertEquals(
    refused({ permissions: { hrtime: true } }).includes(
      "not a permission kind",
    ),
    true,
  );
  assertEquals(
    refused({ permissions: "some" }).includes('"inherit", "none"'),
    true,
  );
  assertEquals(refused({ permissions: { read: "inherit", net: false } }), "");
});

const entry = (name: string, more: Partial<BenchEntry> = {}): BenchEntry => ({
  name,
  index: 0,
  group: null,
  baseline: false,
  only: false,
  ignore: false,
  n: null,
  warmup: null,
  sanitizeExit: true,
  permissions: null,
  async: false,
  refused: null,
  ...more,
});

Deno.test("a group compares each member with its first baseline, else its first member", () => {
  const plan = planBenchFile([
    entry("a", { group: "g" }),
    entry("b", { group: "g", baseline: true }),
    entry("c", { group: "g", baseline: true }),
    entry("x", { group: "h" }),
    entry("y", { group: "h" }),
    entry("alone", { group: "single" }),
  ]);
  assertEquals(plan.comparisons, [
    { base: "b", candidate: "a" },
    { base: "b", candidate: "c" },
    { base: "x", candidate: "y" },
  ]);
});

Deno.test("ungrouped benches are compared only when one is a baseline, as in deno bench", () => {
  assertEquals(planBenchFile([entry("a"), entry("b")]).comparisons, []);
  assertEquals(
    planBenchFile([entry("a"), entry("b", { baseline: true })]).comparisons,
    [{ base: "b", candidate: "a" }],
  );
});

Deno.test("only runs the benches marked so, ignore skips, a repeated name is numbered", () => {
  const plan = planBenchFile([
    entry("a", { only: true }),
    entry("a", { only: true }),
    entry("b"),
    entry("c", { only: true, ignore: true }),
  ]);
  assertEquals(plan.runs.map((r) => r.caseName), ["a", "a (2)"]);
  assertEquals(plan.skipped, [
    { name: "b", reason: "not only" },
    { name: "c", reason: "ignored" },
  ]);
  assertEquals(plan.usedOnly, true);
  assertEquals(planBenchFile([entry("a", { ignore: true })]).runs, []);
});

Deno.test("takes the file names deno bench takes", () => {
  const taken = [
    "x_bench.ts",
    "x.bench.ts",
    "bench.ts",
    "x_bench.mts",
    "x_bench.jsx",
    "x_bench.tsx",
    "x_bench.js",
    "x_bench.mjs",
    "x_bench.cjs",
    "x_bench.cts",
  ];
  const left = [
    "xbench.ts",
    "x-bench.ts",
    "Bench.ts",
    "x_Bench.ts",
    "x_bench.d.ts",
    "x_bench.json",
    "x_bench_test.ts",
  ];
  assertEquals(taken.filter(isBenchFileName), taken);
  assertEquals(left.filter(isBenchFileName), []);
});

Deno.test("a folder expands as deno bench expands it: every depth, node_modules, .git and excludes skipped", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = [
      "a_bench.ts",
      "sub/deep/b.bench.ts",
      ".hidden/c_bench.ts",
      "node_modules/pkg/d_bench.ts",
      ".git/e_bench.ts",
      "vendor/f_bench.ts",
      "slow/g_bench.ts",
      "notes.ts",
    ];
    for (const file of files) {
      const folder = file.includes("/") ? file.replace(/\/[^/]+$/, "") : "";
      await Deno.mkdir(`${dir}/${folder}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/${file}`, "");
    }
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ exclude: ["vendor/"], bench: { exclude: ["slow"] } }),
    );
    const root = await Deno.realPath(dir);
    const found = (await benchFilesIn(dir)).map((p) =>
      p.slice(root.length + 1)
    );
    assertEquals(found, [
      ".hidden/c_bench.ts",
      "a_bench.ts",
      "sub/deep/b.bench.ts",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
