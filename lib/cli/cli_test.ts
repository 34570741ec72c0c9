import { assert, assertEquals, assertMatch } from "@std/assert";
import { validateArtifact } from "../artifact/mod.ts";
import { createRandom } from "../stats/mod.ts";
import { runTask, TASK_PERMISSIONS } from "../../fixtures/runner/cli.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

const cli = runTask;

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "looplab-cli-" });
}

Deno.test("an unknown flag is a one-line error listing the accepted flags, exit 2", async () => {
  const r = await cli("run", "--bogus");
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /unknown flag --bogus; accepted: --filter/);
  assertEquals(r.stderr.trim().split("\n").length, 1);
});

Deno.test("--time banana says what a duration looks like, exit 2", async () => {
  const r = await cli("--time", "banana");
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /--time must be a duration like 500ms, 2s/);
});

Deno.test("--forks 0 and --seed -1 are rejected with the accepted range", async () => {
  assertMatch(
    (await cli("--forks", "0")).stderr,
    /--forks must be a whole number from 1/,
  );
  assertMatch((await cli("--seed=-1")).stderr, /--seed must be a whole number/);
});

Deno.test("an unknown suite names the built-in ones, exit 2", async () => {
  const r = await cli("run", "nosuch");
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /unknown suite "nosuch"; built-in suites: calibration/);
});

Deno.test("a --json path in a missing folder fails before anything runs", async () => {
  const r = await cli("--quick", "--json", "/no/such/folder/out.json");
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /the folder \/no\/such\/folder does not exist/);
  assertEquals(r.stdout, "");
});

Deno.test("a missing, truncated or malformed baseline is named with the field, and nothing runs", async () => {
  const dir = await tempDir();
  const missing = await cli("--baseline", `${dir}/none.json`);
  assertEquals(missing.code, 2);
  assertMatch(missing.stderr, /none\.json: no such file/);

  await Deno.writeTextFile(
    `${dir}/cut.json`,
    '{"schemaVersion": 1, "cases": [',
  );
  const cut = await cli("--baseline", `${dir}/cut.json`);
  assertEquals(cut.code, 2);
  assertMatch(cut.stderr, /cut\.json: not valid JSON .*cut short/);

  await Deno.writeTextFile(`${dir}/newer.json`, '{"schemaVersion": 99}');
  const newer = await cli("--baseline", `${dir}/newer.json`);
  assertMatch(newer.stderr, /schemaVersion 99 was written by a newer looplab/);
  assertEquals(newer.stdout, "");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("analyze: bad values are named by field, and hyperfine and plain inputs work", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/bad.json`, '{"fast": [1, 2, "x"]}');
  const bad = await cli("analyze", `${dir}/bad.json`);
  assertEquals(bad.code, 2);
  assertMatch(bad.stderr, /bad\.json: fast\[2\] is "x"; only finite numbers/);

  const times = Array.from({ length: 40 }, (_, i) => 0.1 + (i % 7) * 0.001);
  await Deno.writeTextFile(
    `${dir}/hyperfine.json`,
    JSON.stringify({ results: [{ command: "sleep 0.1", times }] }),
  );
  const hf = await cli("analyze", `${dir}/hyperfine.json`, "--json");
  assertEquals(hf.code, 0);
  const parsed = JSON.parse(hf.stdout);
  assertEquals(parsed[0].name, "sleep 0.1");
  assertEquals(parsed[0].unit, "s");
  assertEquals(parsed[0].analysis.summary.n, 40);

  await Deno.writeTextFile(`${dir}/plain.json`, "[3, 1, 2, 5, 4]");
  const plain = await cli("analyze", `${dir}/plain.json`, "--unit", "ms");
  assertEquals(plain.code, 0);
  assertMatch(plain.stdout, /median 3\.00 ms/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("analyze: a series past the analysis bound is thinned in order, and says so", async () => {
  const dir = await tempDir();
  const values = Array.from({ length: 120_000 }, (_, i) => i % 1000);
  await Deno.writeTextFile(`${dir}/many.json`, JSON.stringify(values));
  const text = await cli("analyze", `${dir}/many.json`);
  assertEquals(text.code, 0, text.stderr);
  assertMatch(
    text.stdout,
    /note: analysed 40000 of 120000 samples \(one in 3 of a fork, in order\)/,
  );
  const json = await cli("analyze", `${dir}/many.json`, "--json");
  const [parsed] = JSON.parse(json.stdout);
  assertEquals(parsed.analysis.summary.n, 40_000);
  assertMatch(parsed.note, /^analysed 40000 of 120000/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("analyze: a series given in forks shows each fork's steady state and reads the steady segments", async () => {
  const dir = await tempDir();
  const random = createRandom(13);
  const fork = (mean: (i: number) => number) =>
    Array.from(
      { length: 2000 },
      (_, i) => mean(i) * (1 + 0.05 * random.nextNormal()),
    );
  const forks = [
    fork((i) => (i < 300 ? 120 : 100)), // a 20% slow start: warm-up
    fork(() => 100), // flat
    fork((i) => (i < 1900 ? 100 : 130)), // a late step: no steady state
  ];
  await Deno.writeTextFile(`${dir}/forks.json`, JSON.stringify({ sum: forks }));
  const text = await cli("analyze", `${dir}/forks.json`, "--unit", "ns");
  assertEquals(text.code, 0, text.stderr);
  assertMatch(text.stdout, /fork 1: warmup, steady from sample 300 of 2000/);
  assertMatch(text.stdout, /fork 2: flat, steady from sample 0 of 2000/);
  assertMatch(
    text.stdout,
    /fork 3: no steady state, all 2000 samples analysed/,
  );
  assertMatch(
    text.stdout,
    /analysed each fork's steady segment: 5700 of 6000 samples in 3 fork\(s\); 1 fork\(s\) with no steady state read whole/,
  );

  const json = await cli("analyze", `${dir}/forks.json`, "--json");
  const [parsed] = JSON.parse(json.stdout);
  assertEquals(parsed.forks.map((f: { class: string }) => f.class), [
    "warmup",
    "flat",
    "no steady state",
  ]);
  const [warm, flat, late] = parsed.forks;
  assertEquals([warm.steadyFrom, flat.steadyFrom, late.steadyFrom], [
    300,
    0,
    null,
  ]);
  assertEquals(parsed.analysis.summary.n, 5700);
  assertMatch(parsed.analysed, /^each fork's steady segment: 5700 of 6000/);
  // Forks are the units: the median's CI is the hierarchical one of `run`.
  assertEquals(parsed.analysis.medianCI.method, "expanded percentile");

  // The existing shapes still read as before, beside a forked one.
  await Deno.writeTextFile(
    `${dir}/mixed.json`,
    JSON.stringify({ plain: [3, 1, 2, 5, 4], forked: [[3, 1, 2], [5, 4]] }),
  );
  const mixed = JSON.parse(
    (await cli("analyze", `${dir}/mixed.json`, "--json")).stdout,
  );
  assertEquals(mixed[0].forks, undefined);
  assertEquals(mixed[0].analysis.summary.n, 5);
  // Forks this short cannot show a steady state; they are read whole.
  assertEquals(mixed[1].forks, [
    { samples: 3, class: "no steady state", steadyFrom: null },
    { samples: 2, class: "no steady state", steadyFrom: null },
  ]);
  assertEquals(mixed[1].analysis.summary.n, 5);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("analyze: a bad fork is a one-line error naming the fork and the value", async () => {
  const dir = await tempDir();
  const cases: [string, RegExp][] = [
    ['{"fast": [[1, 2], [3, "x"]]}', /fast\[1\]\[1\] is "x"; only finite/],
    ['{"fast": [[1, 2], 3]}', /fast\[1\] must be a non-empty array of numbers/],
    [
      '{"fast": [[1, 2], []]}',
      /fast\[1\] must be a non-empty array of numbers/,
    ],
    ["[[1, 2], [null]]", /\(top level\)\[1\]\[0\] is null; only finite/],
  ];
  for (const [input, message] of cases) {
    await Deno.writeTextFile(`${dir}/bad.json`, input);
    const r = await cli("analyze", `${dir}/bad.json`);
    assertEquals(r.code, 2, input);
    assertMatch(r.stderr, message);
    assertMatch(r.stderr, /bad\.json: /);
    assertEquals(r.stderr.trim().split("\n").length, 1);
    assertEquals(r.stdout, "");
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("compare needs two files and names a broken field", async () => {
  const dir = await tempDir();
  assertMatch(
    (await cli("compare", "a.json")).stderr,
    /compare takes two artifacts/,
  );
  await Deno.writeTextFile(
    `${dir}/broken.json`,
    JSON.stringify({
      schemaVersion: 1,
      tool: { name: "looplab", version: "0" },
    }),
  );
  const r = await cli("compare", `${dir}/broken.json`, `${dir}/broken.json`);
  assertEquals(r.code, 2);
  assertMatch(
    r.stderr,
    /broken\.json: not a valid looplab artifact: \(top level\): missing "createdAt"/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a quick run writes a schema-valid artifact that compare and analyze read back", async () => {
  const dir = await tempDir();
  const path = `${dir}/run.json`;
  const r = await cli(
    "calibration",
    "--quick",
    "--filter",
    "/sum$/",
    "--json",
    path,
  );
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stdout, /calibration\/sum — sum of 1\.\.1000/);
  assertMatch(r.stdout, /1 case: 1 passed, 0 failed/);
  const artifact = await validateArtifact(
    JSON.parse(await Deno.readTextFile(path)),
    path,
  );
  assertEquals(artifact.cases[0].id, "calibration/sum");
  assert(artifact.cases[0].metrics[0].samples[0].length >= 10);
  const leftovers = [...Deno.readDirSync(dir)].map((e) => e.name);
  assertEquals(leftovers, ["run.json"]); // no temporary file left behind

  const same = await cli("compare", path, path);
  assertEquals(same.code, 0, same.stderr);
  assertMatch(same.stdout, /no change/);
  const analyzed = await cli("analyze", path);
  assertEquals(analyzed.code, 0);
  assertMatch(analyzed.stdout, /calibration\/sum time/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--json - puts the artifact alone on stdout", async () => {
  const r = await cli(
    "calibration",
    "--quick",
    "--filter",
    "/sum$/",
    "--json",
    "-",
  );
  assertEquals(r.code, 0, r.stderr);
  const artifact = await validateArtifact(JSON.parse(r.stdout), "stdout");
  assertEquals(artifact.summary, { cases: 1, passed: 1, failed: 0 });
});

Deno.test("list names suites, cases and comparisons without running anything", async () => {
  const r = await cli("list");
  assertEquals(r.code, 0);
  assertMatch(r.stdout, /bench +sum-more/);
  assertMatch(r.stdout, /compare +sum-again vs sum/);
  // The tour trims axes; --full lists every suite's full defaults.
  assertMatch(r.stdout, /axis buffer: 0, 256\n/);
  const full = await cli("list", "--full");
  assertEquals(full.code, 0);
  assertMatch(full.stdout, /axis buffer: 0, 1, 16, 256, 1024\n/);
});

Deno.test("list names a suite's skipped cases after its cases, with the reason, without control characters", async () => {
  const module =
    new URL("../../fixtures/runner/skipped_suite.ts", import.meta.url).pathname;
  const r = await cli("list", module);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout.split("\n").slice(1, 4), [
    "  bench      fast",
    "  skipped    slow one (ignored)",
    "  skipped    clears the screen (not only)",
  ]);
});

Deno.test("report renders a saved artifact in every format, and refuses an unknown one", async () => {
  const artifact =
    new URL("../../fixtures/report/run.json", import.meta.url).pathname;
  const dir = await tempDir();
  for (
    const format of [
      "terminal",
      "markdown",
      "md",
      "csv",
      "html",
      "bmf",
      "gab",
      "json",
    ]
  ) {
    const out = `${dir}/out.${format}`;
    const r = await cli("report", artifact, "--format", format, "--out", out);
    assertEquals(r.code, 0, `${format}: ${r.stderr}`);
    assert((await Deno.stat(out)).size > 100, format);
  }
  const bad = await cli("report", artifact, "--format", "pdf");
  assertEquals(bad.code, 2);
  assertMatch(
    bad.stderr,
    /unknown format "pdf"; accepted: terminal, markdown, csv, html/,
  );
  await Deno.writeTextFile(`${dir}/newer.json`, '{"schemaVersion": 7}');
  const newer = await cli("report", `${dir}/newer.json`);
  assertEquals(newer.code, 2);
  assertMatch(newer.stderr, /schemaVersion 7 was written by a newer looplab/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("run writes several report formats from one run", async () => {
  const dir = await tempDir();
  const r = await cli(
    "calibration",
    "--quick",
    "--filter",
    "/sum$/",
    "--md",
    `${dir}/r.md`,
    "--html",
    `${dir}/r.html`,
    "--csv",
    `${dir}/r.csv`,
    "--bmf",
    `${dir}/r.bmf.json`,
    "--gab",
    `${dir}/r.gab.json`,
  );
  assertEquals(r.code, 0, r.stderr);
  assertMatch(
    await Deno.readTextFile(`${dir}/r.md`),
    /\| calibration\/sum \| time \|/,
  );
  assertMatch(await Deno.readTextFile(`${dir}/r.html`), /<svg /);
  assertMatch(await Deno.readTextFile(`${dir}/r.csv`), /^suite,case,id/);
  assertEquals(
    Object.keys(JSON.parse(await Deno.readTextFile(`${dir}/r.bmf.json`))),
    ["calibration/sum"],
  );
  assertEquals(
    JSON.parse(await Deno.readTextFile(`${dir}/r.gab.json`))[0].unit,
    "ns",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a filter that matches nothing, a broken regex or a suite named twice is exit 2, before running", async () => {
  const none = await cli("calibration", "--filter", "nosuchcase");
  assertEquals(none.code, 2);
  assertMatch(
    none.stderr,
    /--filter nosuchcase matches no case; cases: calibration\/sum/,
  );
  const regex = await cli("--filter", "/(/");
  assertEquals(regex.code, 2);
  assertMatch(regex.stderr, /not a valid regular expression/);
  const twice = await cli("calibration", "calibration");
  assertEquals(twice.code, 2);
  assertMatch(twice.stderr, /two suites are named "calibration"/);
});

Deno.test("compare exits 1 when a case that passed in BASE is missing from NEW", async () => {
  const dir = await tempDir();
  const base =
    new URL("../../fixtures/report/run.json", import.meta.url).pathname;
  const artifact = JSON.parse(await Deno.readTextFile(base));
  artifact.cases = artifact.cases.filter((c: { id: string }) =>
    c.id !== "calibration/await"
  );
  await Deno.writeTextFile(`${dir}/new.json`, JSON.stringify(artifact));
  const r = await cli(
    "compare",
    base,
    `${dir}/new.json`,
    "--fail-on-regression=1000",
  );
  assertEquals(r.code, 1);
  assertMatch(r.stderr, /missing: calibration\/await: not in/);
  // Said once, with the exit code it causes, not also as a warning.
  assertEquals(r.stderr.match(/calibration\/await/g)?.length, 1, r.stderr);
  await Deno.remove(dir, { recursive: true });
});

const FIXTURE_V1 =
  new URL("../../fixtures/report/run.json", import.meta.url).pathname;
const FIXTURE_V2 =
  new URL("../../fixtures/report/run_v2.json", import.meta.url).pathname;

Deno.test("compare reads a version-1 and a version-2 artifact side by side", async () => {
  const r = await cli("compare", FIXTURE_V1, FIXTURE_V2);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stdout, /calibration\/sum-again +time\n/);
  assertMatch(r.stdout, /fixture-params\/echo\[n=1\] +value\n/);
  assertMatch(r.stdout, /no change/);
  // The same run in two versions: nothing differs, nothing is missing.
  assertEquals(r.stderr.match(/^(warning|missing): .*$/gm), null);
});

Deno.test("compare warns when runtime or settings differ and says what it could not compare", async () => {
  const dir = await tempDir();
  const next = JSON.parse(await Deno.readTextFile(FIXTURE_V2));
  next.environment.deno = "2.10.0";
  next.config.noiseThreshold = 0.02;
  next.cases.push({
    ...next.cases[0],
    id: "calibration/sum-twice",
    case: "sum-twice",
  });
  await Deno.writeTextFile(`${dir}/next.json`, JSON.stringify(next));
  const r = await cli("compare", FIXTURE_V1, `${dir}/next.json`);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stderr.match(/^warning: .*$/gm), [
    `warning: Deno differs: 2.9.6 in ${FIXTURE_V1}, 2.10.0 in ${dir}/next.json`,
    `warning: noise threshold differs: 0.01 in ${FIXTURE_V1}, 0.02 in ${dir}/next.json`,
    `warning: 1 case only in ${dir}/next.json, not compared: calibration/sum-twice`,
  ]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a version-1 artifact works as --baseline: matching cases are compared, differences are warned", async () => {
  const dir = await tempDir();
  const r = await cli(
    "calibration",
    "--quick",
    "--filter",
    "/sum$/",
    "--baseline",
    FIXTURE_V1,
    "--fail-on-regression=1000",
    "--json",
    `${dir}/run.json`,
  );
  assertEquals(r.code, 0, r.stderr);
  assertMatch(
    r.stderr,
    /warning: forks differs: 2 in .*run\.json, 1 in this run/,
  );
  assertMatch(
    r.stderr,
    /warning: quick differs: false in .*, true in this run/,
  );
  assertMatch(
    r.stderr,
    /warning: 10 cases only in .*run\.json, not compared: calibration\/sum-again, /,
  );
  const artifact = await validateArtifact(
    JSON.parse(await Deno.readTextFile(`${dir}/run.json`)),
    "run.json",
  );
  assertEquals(artifact.kind, "run");
  assertEquals(
    artifact.comparisons.map((c) => [c.source, c.base, c.candidate, c.metric]),
    [["baseline", "calibration/sum", "calibration/sum", "time"]],
  );
  await Deno.remove(dir, { recursive: true });
});

/** Control characters a terminal acts on (C0 but \n and \t, DEL, C1). */
// deno-lint-ignore no-control-regex -- looking for them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

Deno.test("run, report and compare print no escape sequence from a suite, its stderr or an artifact", async () => {
  const dir = await tempDir();
  const suite = `${dir}/hostile_suite.ts`;
  await Deno.writeTextFile(
    suite,
    `import { bench, defineSuite, experiment } from ${
      JSON.stringify(new URL("mod.ts", `file://${ROOT}`).href)
    };
export const hostile = defineSuite({
  name: "hostile",
  cases: [
    bench("ok", () => () => 1, { description: "clears\\x1b[2J the screen" }),
    bench("throws", () => { throw new Error("retitles\\x1b]0;pwned\\x07"); }),
    experiment("crashes", { n: { unit: "count\\x1b[5m", direction: "bigger" } }, () => {
      console.error("last words\\x1b[2J\\x1bc\\x9b1m");
      Deno.exit(3);
    }, { repetitions: { min: 1, max: 1 } }),
  ],
});
`,
  );
  const ran = await cli(suite, "--quick", "--json", `${dir}/run.json`);
  assertEquals(ran.code, 1, ran.stderr);
  assertMatch(ran.stdout, /retitles/);
  assertMatch(ran.stdout, /last words/);
  for (const text of [ran.stdout, ran.stderr]) {
    assert(!CONTROL.test(text), JSON.stringify(text.match(CONTROL)));
  }
  const reported = await cli("report", `${dir}/run.json`);
  assertEquals(reported.code, 0, reported.stderr);
  assertMatch(reported.stdout, /clears the screen/);
  assert(!CONTROL.test(reported.stdout), reported.stdout);
  // An artifact edited by hand: names, the environment and a failure.
  const edited = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  edited.environment.deno = "9.9.9\x1b]0;env\x07";
  edited.cases[0].id = "hostile/ok\x1b[2J";
  edited.cases[0].metrics[0].name = "time\x1b[H";
  await Deno.writeTextFile(`${dir}/edited.json`, JSON.stringify(edited));
  const compared = await cli(
    "compare",
    `${dir}/run.json`,
    `${dir}/edited.json`,
  );
  assertMatch(compared.stderr, /warning: .*9\.9\.9/);
  for (const text of [compared.stdout, compared.stderr]) {
    assert(!CONTROL.test(text), JSON.stringify(text.match(CONTROL)));
  }
  // An error line names the file: its name is printed stripped too.
  const missing = await cli("report", `${dir}/gone\x1b]0;x\x07.json`);
  assertEquals(missing.code, 2);
  assertMatch(missing.stderr, /gone/);
  assert(!CONTROL.test(missing.stderr), missing.stderr);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("analyze: a hyperfine file with a null result or no results is a one-line error, and 1e999 is named Infinity", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/null.json`, '{"results": [null]}');
  const nul = await cli("analyze", `${dir}/null.json`);
  assertEquals(nul.code, 2);
  assertEquals(
    nul.stderr,
    `looplab: ${dir}/null.json: results[0] is null; expected a hyperfine result with "times"\n`,
  );
  await Deno.writeTextFile(`${dir}/none.json`, '{"results": []}');
  const none = await cli("analyze", `${dir}/none.json`);
  assertEquals(none.code, 2);
  assertEquals(
    none.stderr,
    `looplab: ${dir}/none.json: results is empty; nothing to analyze\n`,
  );
  assertEquals(none.stdout, "");
  await Deno.writeTextFile(`${dir}/inf.json`, "[1, 2, 1e999]");
  const inf = await cli("analyze", `${dir}/inf.json`);
  assertEquals(inf.code, 2);
  assertMatch(inf.stderr, /\(top level\)\[2\] is Infinity; only finite/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a bad value is quoted as a short prefix, not whole", async () => {
  const r = await cli("--time", "9".repeat(100_000) + "x");
  assertEquals(r.code, 2);
  assertEquals(r.stderr.trim().split("\n").length, 1);
  assertMatch(r.stderr, /got "9{60}…" \(100001 characters\)\n$/);
});

Deno.test("flag values: a negative number is the flag's value, a missing --filter value, --md - and a --time past the timer are exit 2, and nothing runs or is written", async () => {
  const forks = await cli("--forks", "-1");
  assertEquals(forks.code, 2);
  assertEquals(
    forks.stderr,
    'looplab: --forks must be a whole number from 1 to 1000, got "-1"\n',
  );
  for (const args of [["--filter"], ["--filter", "--quick"]]) {
    const filter = await cli("calibration", ...args);
    assertEquals(filter.code, 2);
    assertEquals(
      filter.stderr,
      "looplab: --filter needs TEXT or /regex/ to match case ids\n",
    );
    assertEquals(filter.stdout, "");
  }
  const dir = await tempDir();
  const md = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...TASK_PERMISSIONS,
      MAIN,
      "calibration",
      "--quick",
      "--md",
      "-",
    ],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(md.code, 2);
  assertEquals(
    new TextDecoder().decode(md.stderr),
    'looplab: --md writes a file; give its name ("-" for stdout is --json\'s alone)\n',
  );
  assertEquals([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
  // 999999 s is past what a timer holds (2^31 − 1 ms), and so is 150 h,
  // whose fork timeout (4 × time + 30 s) is.
  for (const time of ["999999s", "540000000"]) {
    const r = await cli("calibration", "--time", time);
    assertEquals(r.code, 2);
    assertMatch(
      r.stderr,
      /^looplab: --time must be at most 536863411ms: a fork's timeout, 4 × --time \+ 30 s, must fit a timer \(2\^31 − 1 ms\), got "\d+s?"\n$/,
    );
    assertEquals(r.stdout, "");
  }
});

Deno.test("compare checks --fail-on-regression before reading or printing anything", async () => {
  const r = await cli(
    "compare",
    FIXTURE_V1,
    FIXTURE_V2,
    "--fail-on-regression=abc",
  );
  assertEquals(r.code, 2);
  assertEquals(r.stdout, "");
  assertEquals(
    r.stderr,
    'looplab: --fail-on-regression must be a percentage like 5 or 2.5%, got "abc"\n',
  );
});

/**
 * Twenty cases of five forks; the candidate's fork medians are the base's
 * times `factor(i)`. Welch's t on log fork medians (scipy 1.10,
 * `ttest_ind(log(1.06 b), log(b), equal_var=False)`) gives p = 0.0195 and
 * a 95% CI of [1.012, 1.110] for ×1.06; p = 1.09e-6 for ×1.3.
 */
async function twentyCases(
  path: string,
  factor: (i: number) => number,
): Promise<void> {
  const artifact = JSON.parse(await Deno.readTextFile(FIXTURE_V1));
  const template = artifact.cases.find((c: { id: string }) =>
    c.id === "calibration/sum"
  );
  const medians = [100, 104, 96, 102, 98];
  artifact.comparisons = [];
  artifact.sweeps = [];
  artifact.cases = Array.from({ length: 20 }, (_, i) => {
    const c = structuredClone(template);
    c.case = `c${String(i).padStart(2, "0")}`;
    c.id = `calibration/${c.case}`;
    c.forks = medians.map((_, f) => ({ ...template.forks[0], index: f }));
    c.metrics[0].samples = medians.map((x) => Array(3).fill(x * factor(i)));
    return c;
  });
  artifact.summary = { cases: 20, passed: 20, failed: 0 };
  await Deno.writeTextFile(path, JSON.stringify(artifact));
}

Deno.test("compare gates on p-values adjusted over all its comparisons: p = 0.02 among 20 is no regression, a strong one is", async () => {
  const dir = await tempDir();
  await twentyCases(`${dir}/base.json`, () => 1);
  await twentyCases(`${dir}/weak.json`, (i) => i === 3 ? 1.06 : 1);
  await twentyCases(
    `${dir}/both.json`,
    (i) => i === 3 ? 1.06 : i === 7 ? 1.3 : 1,
  );
  const weak = await cli("compare", `${dir}/base.json`, `${dir}/weak.json`);
  // "slower" on its own (p 0.0195 < 0.05), but Holm's 0.0195 × 20 is not.
  assertMatch(weak.stdout, /calibration\/c03 +time\n.*p 0\.0195 +slower/);
  assertEquals(weak.code, 0, weak.stderr);
  assert(!/regression|significantly worse/.test(weak.stderr), weak.stderr);
  const both = await cli("compare", `${dir}/base.json`, `${dir}/both.json`);
  assertEquals(both.code, 1, both.stderr);
  assertEquals(
    both.stderr.split("\n").filter((l) => l.startsWith("regression:")),
    [
      "regression: calibration/c07 time is worse than the baseline " +
      "(ratio 1.300, CI 1.241–1.361, p 0.0000011, adjusted p 0.000022 " +
      "(holm, 20 comparisons))",
    ],
  );
  assertMatch(
    both.stderr,
    /1 metric is significantly worse by more than 1\.0% \(p-values adjusted by holm over 20 comparisons\)/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a baseline whose metric has no samples is refused before the run, and by compare, exit 2", async () => {
  const dir = await tempDir();
  const artifact = JSON.parse(await Deno.readTextFile(FIXTURE_V2));
  artifact.cases[0].metrics[0].samples = [];
  await Deno.writeTextFile(`${dir}/empty.json`, JSON.stringify(artifact));
  const run = await cli(
    "calibration",
    "--quick",
    "--baseline",
    `${dir}/empty.json`,
  );
  assertEquals(run.code, 2, run.stderr);
  assertEquals(run.stdout, "");
  assertEquals(
    run.stderr,
    `looplab: ${dir}/empty.json: cases.0.metrics.0.samples: metric "time" ` +
      "of calibration/sum has an analysis but no samples\n",
  );
  for (
    const args of [[`${dir}/empty.json`, FIXTURE_V2], [
      FIXTURE_V2,
      `${dir}/empty.json`,
    ]]
  ) {
    const compare = await cli("compare", ...args);
    assertEquals(compare.code, 2, compare.stderr);
    assertMatch(
      compare.stderr,
      /^looplab: .*empty\.json: cases\.0\.metrics\.0\.samples: .* no samples\n$/,
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an output that is a folder, or in a folder that cannot be written, fails before anything runs", async () => {
  const dir = await tempDir();
  const folder = await cli("calibration", "--quick", "--json", dir);
  assertEquals(folder.code, 2);
  assertEquals(folder.stdout, "");
  assertEquals(
    folder.stderr,
    `looplab: --json ${dir}: is a folder; give the name of a file in it\n`,
  );
  // A folder this process may not write in (denied by Deno, so that the
  // test holds for root too, whom file modes do not stop).
  await Deno.mkdir(`${dir}/locked`);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...TASK_PERMISSIONS,
      `--deny-write=${dir}/locked`,
      MAIN,
      "calibration",
      "--quick",
      "--md",
      `${dir}/locked/r.md`,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 2);
  assertEquals(out.stdout.length, 0);
  assertMatch(
    stderr,
    new RegExp(
      `^looplab: --md ${dir}/locked/r\\.md: cannot write in ${dir}/locked: `,
    ),
  );
  assertEquals(stderr.trim().split("\n").length, 1);
  assertEquals([...Deno.readDirSync(`${dir}/locked`)], []);
  await Deno.remove(`${dir}/locked`);
  assertEquals([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the report is printed before the files are written, and every write that fails is named, exit 2", async () => {
  const dir = await tempDir();
  await Deno.mkdir(`${dir}/out`);
  // The suite module removes the output folder when the CLI imports it,
  // after the checks and before the run: the writes fail at the end.
  await Deno.writeTextFile(
    `${dir}/vanishing.ts`,
    `import { defineSuite, experiment } from "${
      new URL("../../mod.ts", import.meta.url).href
    }";
try {
  Deno.removeSync(new URL("./out/", import.meta.url), { recursive: true });
} catch {
  // already removed by an earlier import
}
export const vanishing = defineSuite({
  name: "vanishing",
  cases: [
    experiment("one", { value: { unit: "count", direction: "bigger" } }, (ctx) => {
      ctx.record("value", 1);
    }),
  ],
});
`,
  );
  const r = await cli(
    `${dir}/vanishing.ts`,
    "--quick",
    "--in-process",
    "--json",
    `${dir}/out/r.json`,
    "--md",
    `${dir}/out/r.md`,
  );
  assertEquals(r.code, 2, r.stderr);
  assertMatch(r.stdout, /vanishing\/one/);
  assertMatch(r.stdout, /1 case: 1 passed, 0 failed/);
  assertMatch(
    r.stderr,
    /looplab: .*\/out\/r\.json: the folder .*\/out does not exist/,
  );
  assertMatch(
    r.stderr,
    /looplab: .*\/out\/r\.md: the folder .*\/out does not exist/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a user suite named like a built-in one cannot run beside it: the message names both modules", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(
    `${dir}/mine.ts`,
    `import { defineSuite, experiment } from "${
      new URL("../../mod.ts", import.meta.url).href
    }";
export const mine = defineSuite({
  name: "calibration",
  cases: [
    experiment("sum", { value: { unit: "count", direction: "bigger" } }, (ctx) => {
      ctx.record("value", 1);
    }),
  ],
});
`,
  );
  const r = await cli("calibration", `${dir}/mine.ts`, "--quick");
  assertEquals(r.code, 2);
  assertEquals(r.stdout, "");
  assertEquals(
    r.stderr,
    `looplab: two suites are named "calibration": one from ${
      new URL("../../suites/calibration/mod.ts", import.meta.url).href
    }, one from file://${dir}/mine.ts; a suite's name starts its case ids, ` +
      "so each must be unique\n",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("calibrate names an unknown --design in one line, exit 2, before running", async () => {
  const r = await cli("calibrate", "--design", "nope");
  assertEquals(r.code, 2);
  assertEquals(r.stdout, "");
  assertEquals(
    r.stderr,
    'looplab: --design must be interleaved, paired-rounds or both; got "nope"\n',
  );
});
