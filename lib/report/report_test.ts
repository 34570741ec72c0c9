import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { Ajv } from "ajv";
import bmfSchema from "../../fixtures/report/bmf.schema.json" with {
  type: "json",
};
import run from "../../fixtures/report/run.json" with { type: "json" };
import { type Artifact, caseId, validateArtifact } from "../artifact/mod.ts";
import {
  CSV_COLUMNS,
  type Format,
  FORMATS,
  renderAnalysis,
  renderComparisons,
  renderCsv,
  renderFormat,
  renderHtml,
  renderMarkdown,
  renderTerminal,
  toBmf,
  toGithubBenchmark,
} from "./mod.ts";
import { formatChange, percentChange, verdictWord } from "./_vocabulary.ts";
import { formatValue } from "./_format.ts";
import { analyzeSample } from "../stats/mod.ts";
import { escapeCell } from "./markdown.ts";
import { csvField } from "./csv.ts";

// A real artifact of the calibration suite, the runner's parameter fixture
// (a sweep and a comparison) and one failing case: make_artifact.ts.
const artifact: Artifact = await validateArtifact(
  run,
  "fixtures/report/run.json",
);
const passedMetrics = artifact.cases
  .filter((c) => c.status === "passed")
  .flatMap((c) => c.metrics.map((m) => ({ c, m })));

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}

Deno.test("markdown: one table per suite with a row per case metric, comparisons with verdict markers", () => {
  const md = renderMarkdown(artifact);
  for (const suite of ["calibration", "fixture-params", "fixture-failures"]) {
    assertStringIncludes(md, `### ${suite}`);
  }
  const rows = md.split("\n").filter((l) =>
    l.startsWith("| ") && !l.startsWith("| case") &&
    !l.startsWith("| candidate") &&
    !l.startsWith("| ---")
  );
  const expected = passedMetrics.length + 1 /* the failed case */ +
    artifact.comparisons.length;
  assertEquals(rows.length, expected);
  // Every table row has the header's six cells (no stray unescaped pipes).
  for (const r of rows) {
    assertEquals(r.split(/(?<!\\)\|/).length - 2, 6, r);
  }
  assertStringIncludes(md, "❌ failed (threw)");
  assertMatch(md, /🔴 slower|⚪ no change|⚪ within noise|🟢 faster/);
});

Deno.test("markdown escapes | and newlines in names so GitHub keeps the table", () => {
  assertEquals(escapeCell("a|b\nc"), "a\\|b c");
  const renamed = structuredClone(artifact);
  renamed.cases[0].id = "calibration/sum|pipe";
  const md = renderMarkdown(renamed);
  assertStringIncludes(md, "| calibration/sum\\|pipe |");
});

Deno.test("csv: RFC 4180 quoting, a header, and one row per case × metric that parses back", () => {
  assertEquals(csvField('a,"b"'), '"a,""b"""');
  assertEquals(csvField(null), "");
  const text = renderCsv(artifact);
  assert(text.endsWith("\r\n"));
  const rows = parseCsv(text);
  assertEquals(rows[0], [...CSV_COLUMNS]);
  const body = rows.slice(1);
  assertEquals(
    body.length,
    artifact.cases.reduce((n, c) => n + Math.max(c.metrics.length, 1), 0),
  );
  for (const r of body) assertEquals(r.length, CSV_COLUMNS.length);
  const sum = body.find((r) => r[2] === "calibration/sum")!;
  const centre = artifact.cases[0].metrics[0].analysis!.centre.point;
  assertEquals(Number(sum[CSV_COLUMNS.indexOf("centre")]), centre);
  const params = body.find((r) => r[2] === "fixture-params/echo[n=2]")!;
  assertEquals(JSON.parse(params[3]), { n: 2 }); // quoted JSON survives
});

Deno.test("bmf: valid against Bencher's format, latency in ns, bounds from the CI", () => {
  const bmf = toBmf(artifact);
  const validate = new Ajv({ strict: false }).compile(bmfSchema);
  assert(validate(bmf), JSON.stringify(validate.errors));
  const sum = bmf["calibration/sum"].latency;
  const centre = artifact.cases[0].metrics[0].analysis!.centre;
  assertEquals(sum, {
    value: centre.point,
    lower_value: centre.lower,
    upper_value: centre.upper,
  });
  assert(sum.lower_value! <= sum.value && sum.value <= sum.upper_value!);
  assertEquals(bmf["fixture-failures/throws"], undefined); // failed: left out
  assertEquals(Object.keys(bmf["fixture-params/echo[n=1]"]).sort(), [
    "fork",
    "value",
  ]);
});

Deno.test("github-action-benchmark: entries split by direction, with unit, range and extra", () => {
  const smaller = toGithubBenchmark(artifact, "smaller");
  const bigger = toGithubBenchmark(artifact, "bigger");
  const expected = (d: string) =>
    passedMetrics.filter(({ m }) => m.direction === d && m.analysis).length;
  assertEquals(smaller.length, expected("smaller"));
  assertEquals(bigger.length, expected("bigger"));
  assert(smaller.every((e) => e.unit === "ns" && e.name.endsWith(" time")));
  assert(bigger.every((e) => e.unit === "count"));
  for (const e of [...smaller, ...bigger]) {
    assertEquals(Object.keys(e).sort(), [
      "extra",
      "name",
      "range",
      "unit",
      "value",
    ]);
    assertMatch(e.range, /^± /);
    assertMatch(e.extra, /95% CI .* forks, \d+ samples/);
  }
});

Deno.test("html: self-contained, a distribution and a time-order chart per metric, comparison and sweep charts", () => {
  const html = renderHtml(artifact);
  assert(!/<script|<link |src=|href="http/i.test(html), "fetches nothing");
  const svgs = html.match(/<svg /g)?.length ?? 0;
  const metricsWithAnalysis =
    passedMetrics.filter(({ m }) => m.analysis).length;
  assertEquals(
    svgs,
    2 * metricsWithAnalysis + artifact.comparisons.length +
      artifact.sweeps.length,
  );
  assertStringIncludes(html, "fence mild");
  assertStringIncludes(html, "fork 2");
  assertStringIncludes(html, 'class="band"');
  assertStringIncludes(html, "environment and configuration");
  assertStringIncludes(html, "failed (threw");
});

Deno.test("terminal: inline charts only when asked (a terminal), never in plain output", () => {
  const plain = renderTerminal(artifact);
  const charted = renderTerminal(artifact, { color: true });
  assert(!/[▁▂▃▄▅▆▇█]/.test(plain));
  assertMatch(charted, /[▁▂▃▄▅▆▇█]{5,}/);
});

Deno.test({
  name: "html: headless Chromium renders the report without console errors",
  async fn(t) {
    const chromium = ["chromium", "chromium-browser", "google-chrome"].find(
      (c) => {
        try {
          return new Deno.Command(c, {
            args: ["--version"],
            stdout: "null",
            stderr: "null",
          })
            .outputSync().success;
        } catch {
          return false;
        }
      },
    );
    if (!chromium) {
      // In CI a missing browser is a failure: .ci/run installs it, and a
      // skipped test there could never fail.
      if (Deno.env.get("CI") === "true") {
        throw new Error(
          "CI=true but no chromium on PATH (chromium, chromium-browser, google-chrome): .ci/run installs it with apt-get install chromium",
        );
      }
      console.log(
        "skipped: no chromium on this machine (apt-get install chromium)",
      );
      await t.step({ name: "chromium present", ignore: true, fn: () => {} });
      return;
    }
    const dir = await Deno.makeTempDir();
    const page = `${dir}/report.html`;
    await Deno.writeTextFile(page, renderHtml(artifact));
    const out = await new Deno.Command(chromium, {
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1400,2000",
        `--screenshot=${dir}/shot.png`,
        `file://${page}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(out.stderr);
    assert(out.success, log);
    const consoleErrors = log.split("\n").filter((l) =>
      /CONSOLE/.test(l) || /Uncaught|Refused to load/.test(l)
    );
    assertEquals(consoleErrors, []);
    assert(
      (await Deno.stat(`${dir}/shot.png`)).size > 10_000,
      "a screenshot with content",
    );
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("terminal: each mode is printed where it is, the others with their distance from the largest", () => {
  const bimodal = structuredClone(artifact);
  const metric = bimodal.cases[0].metrics[0];
  const mode = (location: number, share: number) => ({
    location,
    share,
    count: Math.round(share * 100),
    lower: location - 10,
    upper: location + 10,
    density: share,
  });
  metric.analysis!.modality = {
    multimodal: true,
    modes: [mode(1_170_000, 0.08), mode(2_180_000, 0.92)],
    bandwidth: 50_000,
    tooFewSamples: false,
  };
  assertStringIncludes(
    renderTerminal(bimodal),
    "2 modes: 8% near 1.17 ms (−1.01 ms), 92% near 2.18 ms",
  );
  // One mode is said outright, not left to a missing line.
  const single = structuredClone(bimodal);
  single.cases[0].metrics[0].analysis!.modality = {
    multimodal: false,
    modes: [mode(2_180_000, 1)],
    bandwidth: 50_000,
    tooFewSamples: false,
  };
  assertMatch(renderTerminal(single), /n \d+ {2}unimodal\n/);
});

Deno.test("verdicts read 'faster/slower' for times and rates, 'better/worse' for counts", () => {
  assertEquals(verdictWord("faster", "ms"), "faster");
  assertEquals(verdictWord("slower", "ops/s"), "slower");
  assertEquals(verdictWord("faster", "count"), "better");
  assertEquals(verdictWord("slower", "bytes"), "worse");
  assertEquals(verdictWord("no change", "count"), "no change");
});

Deno.test("terminal: a long case id is printed whole, its description on the next line", () => {
  const long = structuredClone(artifact);
  const c = long.cases[0];
  c.id = "timers/interval_vs_sleep_reset/interval[pattern=steady," +
    "eventPeriodMs=1,periodMs=10]";
  c.description = "keep-alive from a persistent setInterval";
  const text = renderTerminal(long);
  assertStringIncludes(text, `${c.id}\n  keep-alive from a persistent`);
});

Deno.test("terminal: a declared comparison is titled once by suite and parameters", () => {
  const text = renderTerminal(artifact);
  const declared = artifact.comparisons.find((c) => c.base.includes("["))!;
  const params = declared.base.slice(declared.base.indexOf("["));
  assertStringIncludes(text, `fixture-params/`);
  assertMatch(
    text,
    new RegExp(`/\\S+ vs \\S+ ${params.replace(/[[\]]/g, "\\$&")}\\n`),
  );
  assert(!text.includes(`${declared.candidate} vs ${declared.base}`));
});

Deno.test("changes read as percentages up to ten-fold, then as factors", () => {
  assertEquals(percentChange(1.098), "+9.8%");
  assertEquals(percentChange(9.99), "+899.0%");
  assertEquals(percentChange(15763.4), "×15763");
  assertEquals(percentChange(null), "n/a");
});

Deno.test("html: a metric that never varies (10000 every time) still gets a histogram", () => {
  const constant = structuredClone(artifact);
  const metric = constant.cases[0].metrics[0];
  metric.samples = metric.samples.map((fork) => fork.map(() => 10_000));
  const html = renderHtml(constant);
  assertStringIncludes(html, "<svg");
});

Deno.test("a change and its CI share one notation; a change from zero shows both centres", () => {
  const change = (point: number, lower: number, upper: number) =>
    formatChange({
      ratio: { point, lower, upper },
      baseCentre: 0,
      candidateCentre: 0,
      unit: "ns",
    });
  assertEquals(change(1.098, 1.021, 1.18), "+9.8% [+2.1% … +18.0%]");
  assertEquals(change(10.6, 7.172, 15.7), "×10.6 [×7.17 … ×15.7]");
  assertEquals(
    formatChange({
      ratio: { point: NaN, lower: NaN, upper: NaN },
      baseCentre: 0,
      candidateCentre: 420,
      unit: "count",
    }),
    "0 count → 420 count",
  );
  assertEquals(
    formatChange({
      ratio: { point: 0, lower: NaN, upper: NaN },
      baseCentre: 11,
      candidateCentre: 0,
      unit: "count",
    }),
    "11.0 count → 0 count (−100.0%)",
  );
});

Deno.test("html: two constant sides of a comparison still get a chart, labelled in the report's notation", () => {
  const constant = structuredClone(artifact);
  const cmp = constant.comparisons[0];
  for (const id of [cmp.base, cmp.candidate]) {
    const metric = constant.cases.find((c) => c.id === id)!.metrics.find((m) =>
      m.name === cmp.metric
    )!;
    metric.samples = metric.samples.map((fork) => fork.map(() => 10_000));
  }
  cmp.ratio = { ...cmp.ratio, point: 10.6, lower: 7.17, upper: 15.7 };
  const html = renderHtml(constant);
  assertStringIncludes(html, `class="note">×10.6 [×7.17, ×15.7]</text>`);
  assert(!/NaN/.test(html), "no NaN coordinates");
});

Deno.test("terminal and markdown print the artifact's knee as it is, without filtering it again by p", () => {
  const kneed = structuredClone(artifact);
  const sweep = kneed.sweeps[0];
  // The runner keeps only a relevant knee; a report never second-guesses
  // it, whatever its p.
  sweep.knee = {
    x: 2,
    gridX: 2,
    index: 1,
    slopeBefore: 1,
    slopeAfter: 3,
    sse: 0,
    sseLine: 1,
    p: 0.2,
  };
  assertStringIncludes(renderTerminal(kneed), `knee at ${sweep.param} ≈ 2.00`);
  assertStringIncludes(
    renderMarkdown(kneed),
    `knee at ${sweep.param} ≈ 2.00`,
  );
});

Deno.test("terminal: a comparison's title comes from its case records, not from parsing ids", () => {
  const renamed = structuredClone(artifact);
  const declared = renamed.comparisons.find((c) => c.base.includes("["))!;
  const base = renamed.cases.find((c) => c.id === declared.base)!;
  const candidate = renamed.cases.find((c) => c.id === declared.candidate)!;
  // Ids a parser would split wrongly: a "/" in the case, a "[" in the suite.
  base.id = declared.base = "odd[suite/a/b";
  candidate.id = declared.candidate = "odd[suite/c/d";
  base.suite = candidate.suite = "odd[suite";
  base.case = "a/b";
  candidate.case = "c/d";
  base.params = candidate.params = { n: 2 };
  assertStringIncludes(
    renderTerminal(renamed),
    "  odd[suite/c/d vs a/b [n=2]\n",
  );
});

Deno.test("terminal, markdown and html say the outliers and the modes in the same words", () => {
  const bimodal = structuredClone(artifact);
  const metric = bimodal.cases[0].metrics[0];
  const a = metric.analysis!;
  a.outliers = { ...a.outliers, lowSevere: 0, lowMild: 0, highMild: 2 };
  a.outliers.highSevere = 1;
  const n = a.summary.n;
  const mode = (location: number, share: number) => ({
    location,
    share,
    count: Math.round(share * n),
    lower: location - 10,
    upper: location + 10,
    density: share,
  });
  a.modality = {
    multimodal: true,
    modes: [mode(1_170_000, 0.08), mode(2_180_000, 0.92)],
    bandwidth: 50_000,
    tooFewSamples: false,
  };
  const modes = "2 modes: 8% near 1.17 ms (−1.01 ms), 92% near 2.18 ms";
  const share = `${(3 / n * 100).toFixed(2)}%`;
  const sentence =
    `Found 3 outliers among ${n} measurements (${share}): 2 high mild, 1 high severe`;
  const terminal = renderTerminal(bimodal, { color: false });
  assertStringIncludes(terminal, modes);
  assertStringIncludes(terminal.replace(/\n +/g, " "), sentence);
  const md = renderMarkdown(bimodal);
  assertStringIncludes(md, `| 3 of ${n} (${share}) | ${modes} |`);
  const html = renderHtml(bimodal);
  assertStringIncludes(html, sentence);
  assertStringIncludes(html, modes);
});

Deno.test("analyze's report: centres with their CIs, the outlier sentence and the modality", () => {
  // analyzeSample's own example: 50 is the one high severe outlier.
  const text = renderAnalysis(
    "ticks",
    "ms",
    analyzeSample([10, 11, 10, 12, 11, 10, 11, 12, 10, 50]),
  );
  assertMatch(text, /^ticks\n {2}median 11\.0 ms {2}\[.* … .*\] 95% CI\n/);
  assertStringIncludes(
    text,
    "\n  Found 1 outliers among 10 measurements (10.00%): 1 high severe\n",
  );
  const few = renderAnalysis("few", "", analyzeSample([3, 1, 2, 5, 4]));
  assertStringIncludes(few, "\n  No outliers among 5 measurements");
});

Deno.test("compare's report: centres, change, p and verdict per metric, then the geomean", () => {
  const cmp = artifact.comparisons[0];
  const text = renderComparisons([cmp, {
    ...cmp,
    candidate: "zero",
    ratio: { ...cmp.ratio, point: NaN, lower: NaN, upper: NaN },
  }, {
    ...cmp,
    candidate: "to-zero",
    baseCentre: 11,
    candidateCentre: 0,
    unit: "count",
    ratio: { ...cmp.ratio, point: 0, lower: NaN, upper: NaN },
  }], { ratio: 1.098, metrics: 1 });
  const lines = text.split("\n");
  assertEquals(lines[0], `${cmp.candidate}  ${cmp.metric}`);
  assertStringIncludes(
    lines[1],
    `→ ${formatValue(cmp.candidateCentre, cmp.unit)}  ${formatChange(cmp)}`,
  );
  assertStringIncludes(lines[1], verdictWord(cmp.verdict, cmp.unit));
  // A change with no interval is written once, not after its own centres.
  const toZero = lines[lines.indexOf("to-zero  " + cmp.metric) + 1];
  assert(toZero.startsWith("  11.0 count → 0 count (−100.0%)  p "), toZero);
  assertEquals(
    lines.at(-1),
    "geomean of ratios over 1 metric (2 without a ratio left out): +9.8%",
  );
});

Deno.test("html: names from the artifact are escaped, as text and in attributes", () => {
  const hostile = structuredClone(artifact);
  const c = hostile.cases[0];
  c.id = 'calibration/<script>alert("x")</script>';
  const html = renderHtml(hostile);
  assert(!/<script/i.test(html), "no element made of a case id");
  const escaped =
    "calibration/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";
  assertStringIncludes(html, `<h3>${escaped}`);
  assertStringIncludes(
    html,
    `aria-label="${escaped} ${c.metrics[0].name}: distribution"`,
  );
});

Deno.test("terminal, markdown, html and analyze all say when there were too few samples to judge modality", () => {
  const few = structuredClone(artifact);
  few.cases[0].metrics[0].analysis!.modality = {
    multimodal: false,
    modes: [],
    bandwidth: 0,
    tooFewSamples: true,
  };
  const phrase = "too few samples to judge modality";
  // The terminal says it where it says "unimodal": on the mean/p99/n line.
  assertMatch(renderTerminal(few), new RegExp(`n \\d+ {2}${phrase}\\n`));
  assertStringIncludes(renderMarkdown(few), `| ${phrase} |`);
  assertStringIncludes(renderHtml(few), ` · ${phrase}`);
  const analysis = analyzeSample([3, 1, 2, 5, 4]);
  assert(analysis.modality.tooFewSamples);
  assertStringIncludes(renderAnalysis("few", "", analysis), `\n  ${phrase}`);
});

Deno.test("terminal, markdown and html say a sweep's finding in the same words", () => {
  const kneed = structuredClone(artifact);
  const sweep = kneed.sweeps[0];
  sweep.complexity!.best.rms = 0.012345;
  sweep.knee = {
    x: 1536,
    gridX: 1536,
    index: 1,
    slopeBefore: 1,
    slopeAfter: 3,
    sse: 0,
    sseLine: 1,
    p: 0.01,
  };
  const finding =
    `best fit O(n) (normalised RMS 0.0123), knee at ${sweep.param} ≈ 1536`;
  assertStringIncludes(renderTerminal(kneed), `\n    ${finding}\n`);
  assertStringIncludes(renderMarkdown(kneed), ` — ${finding}`);
  assertStringIncludes(renderHtml(kneed), `${sweep.case}: ${finding}`);
  // Without a fit, every report says so.
  sweep.complexity = null;
  sweep.knee = null;
  assertStringIncludes(renderTerminal(kneed), "\n    no fit\n");
  assertStringIncludes(renderMarkdown(kneed), " — no fit");
  assertStringIncludes(renderHtml(kneed), `${sweep.case}: no fit`);
});

Deno.test("terminal and markdown name a sweep by its canonical, escaped case id", () => {
  const odd = structuredClone(artifact);
  const sweep = odd.sweeps[0];
  sweep.suite = "ns/odd";
  sweep.case = "a/b, c=d";
  sweep.fixed = { "mode": "x[1]" };
  const id = "ns/odd/a%2Fb%2C c%3Dd[mode=x%5B1%5D]";
  assertStringIncludes(
    renderTerminal(odd),
    `  ${id}: ${sweep.metric} over ${sweep.param}\n`,
  );
  assertStringIncludes(
    renderMarkdown(odd),
    `- ${escapeCell(id)}: ${sweep.metric} over ${sweep.param} — `,
  );
});

/**
 * The fixture with text that attacks whoever reads the report: formulas
 * for a spreadsheet, HTML and pipes for Markdown, escape sequences (window
 * title, clear screen, a C1 CSI) for a terminal.
 */
function hostileArtifact(): Artifact {
  const hostile = structuredClone(artifact);
  const c = hostile.cases[0];
  c.suite = "+calc";
  c.case = '=HYPERLINK("http://x")';
  c.id = "@SUM(1)\x1b]0;pwned\x07";
  c.description = "clears \x1b[2J\x1b[H the screen\r";
  const m = c.metrics[0];
  m.name = "-2+3\x9b2J";
  m.unit = "<svg onload=alert(1)>|x\x1b[31m";
  m.warnings = ["\tTAB\x00 and DEL\x7f"];
  m.analysis!.summary.min = -3.2;
  const failed = hostile.cases.find((x) => x.status === "failed")!;
  failed.failure!.message = "=cmd|'/c calc'!A1\x1b]2;title\x1b\\";
  failed.failure!.detail = "stderr \x1b[1;31mred\x1b[0m\x1bc reset";
  hostile.environment.os = "<img src=x onerror=alert(1)>|os\x1b[2J";
  hostile.environment.deno = "2.9.6`**x**";
  hostile.environment.cpuModel = "CPU\x1b]0;cpu\x07";
  hostile.environment.git = { commit: "ab`cd|<b>ef", dirty: false };
  const cmp = hostile.comparisons[0];
  cmp.candidate = "cand\x1b[2J";
  cmp.metric = "met\x1b]0;t\x07";
  cmp.unit = "u\x9b2J";
  cmp.warnings = ["warn\x1b[H"];
  return hostile;
}

/** Control characters a terminal acts on (C0 but \n and \t, DEL, C1). */
// deno-lint-ignore no-control-regex -- looking for them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
/** The colours looplab paints: SGR sequences. */
// deno-lint-ignore no-control-regex -- looking for them is the point
const SGR = /\x1b\[\d+m/g;

Deno.test("csv: text cells that start like a formula are neutralised, numbers are not", () => {
  const rows = parseCsv(renderCsv(hostileArtifact()));
  const col = (name: string) => CSV_COLUMNS.indexOf(name);
  const row = rows.find((r) => r[col("suite")].startsWith("'+"))!;
  assertEquals(row[col("suite")], "'+calc");
  assertEquals(row[col("case")], '\'=HYPERLINK("http://x")');
  assertEquals(row[col("id")], "'@SUM(1)\x1b]0;pwned\x07");
  assertEquals(row[col("metric")], "'-2+3\x9b2J");
  assertEquals(row[col("min")], "-3.2");
  const failed = rows.find((r) => r[col("status")] === "failed")!;
  assertEquals(failed[col("failure")].slice(0, 1), "t"); // "threw: =cmd…"
  const text = renderCsv(hostileArtifact());
  // OWASP: the quote prefix, and the cell quoted.
  assertStringIncludes(text, `"'+calc"`);
  assertStringIncludes(text, `"'=HYPERLINK(""http://x"")"`);
  assertStringIncludes(text, ",-3.2,");
  for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
    const renamed = structuredClone(artifact);
    renamed.cases[0].case = `${start}1`;
    const cell = parseCsv(renderCsv(renamed))[1][col("case")];
    assertEquals(cell, `'${start}1`, JSON.stringify(start));
  }
});

Deno.test("markdown: units and the environment line are escaped; no raw HTML, no broken table", () => {
  const md = renderMarkdown(hostileArtifact());
  assert(
    !/(?<!\\)<(svg|img|b>)/i.test(md),
    "no element made of artifact text",
  );
  assertStringIncludes(md, "\\<svg onload=alert(1)\\>\\|x");
  // Printed by `report --format md`, it reaches a terminal too.
  assert(!CONTROL.test(md), JSON.stringify(md.match(CONTROL)));
  const row = md.split("\n").find((l) =>
    l.includes("| \\-2+3") || l.includes("-2+3")
  )!;
  // six cells: seven unescaped pipes
  assertEquals(row.match(/(?<!\\)\|/g)!.length, 7, row);
  const header = md.split("\n")[2];
  assertEquals(header.match(/(?<!\\)\|/g), null, header);
  assert(!header.includes("**x**"), header);
  for (const line of md.split("\n").filter((l) => l.startsWith("| "))) {
    const pipes = line.match(/(?<!\\)\|/g)!.length;
    assertEquals(pipes, 7, line);
  }
});

Deno.test("terminal, compare and analyze reports carry no control character from an artifact", () => {
  const hostile = hostileArtifact();
  const plain = renderTerminal(hostile, { color: false, charts: false });
  assert(!CONTROL.test(plain), JSON.stringify(plain.match(CONTROL)));
  assertStringIncludes(plain, "clears  the screen");
  assertStringIncludes(plain, "stderr red reset");
  // Colours looplab adds itself stay: its SGR sequences are the only ones.
  const coloured = renderTerminal(hostile, { color: true, charts: true });
  assertStringIncludes(coloured, "\x1b[31m");
  assert(
    !CONTROL.test(coloured.replace(SGR, "")),
    JSON.stringify(coloured.replace(SGR, "").match(CONTROL)),
  );
  const compared = renderComparisons(hostile.comparisons, {
    ratio: 1,
    metrics: 1,
  });
  assert(!CONTROL.test(compared), JSON.stringify(compared.match(CONTROL)));
  assertStringIncludes(compared, "cand  met");
  const analysed = renderAnalysis(
    "name\x1b]0;t\x07",
    "ms\x1b[2J",
    analyzeSample([3, 1, 2, 5, 4]),
  );
  assert(!CONTROL.test(analysed), JSON.stringify(analysed.match(CONTROL)));
});

/**
 * The fixture with two cases declared but not run, one named with `<`, `/`
 * and escape sequences, and its first bench fork timed between start/end
 * marks.
 */
function skippingArtifact(): Artifact {
  const skipping = structuredClone(artifact);
  const suite = "text/reverse_bench.ts";
  const odd = "<b>a/b\x1b]0;pwned\x07\x1b[2J";
  skipping.skipped = [
    {
      id: caseId(suite, "slow one", {}),
      suite,
      case: "slow one",
      reason: "ignored",
    },
    { id: caseId(suite, odd, {}), suite, case: odd, reason: "not only" },
  ];
  const bench = skipping.cases.find((c) => c.kind === "bench")!;
  bench.forks.forEach((f, i) => f.clockCostNs = [31.25, 29.5][i] ?? null);
  return skipping;
}

Deno.test("terminal, markdown and html name the cases skipped, with the reason, after the cases", () => {
  const skipping = skippingArtifact();
  const plain = renderTerminal(skipping, { color: false, charts: false });
  assertStringIncludes(
    plain,
    "\n\nskipped: text/reverse_bench.ts/slow one (ignored), " +
      // The id escapes "[" and "]": what is left of each escape sequence
      // once its control characters are dropped is plain text.
      "text/reverse_bench.ts/<b>a%2Fb5D0;pwned5B2J (not only)\n",
  );
  assert(
    plain.indexOf("skipped: ") > plain.lastIndexOf(skipping.cases.at(-1)!.id),
  );
  assert(!CONTROL.test(plain), JSON.stringify(plain.match(CONTROL)));
  assertEquals(
    renderTerminal(artifact, { color: false, charts: false }).includes(
      "skipped:",
    ),
    false,
  );

  const md = renderMarkdown(skipping);
  assertStringIncludes(
    md,
    "\n\nskipped: text/reverse\\_bench.ts/slow one (ignored), " +
      "text/reverse\\_bench.ts/\\<b\\>a%2Fb5D0;pwned5B2J (not only)\n",
  );
  assert(!/(?<!\\)<b>/.test(md), "no element made of a case name");
  assert(!CONTROL.test(md), JSON.stringify(md.match(CONTROL)));
  assertEquals(renderMarkdown(artifact).includes("skipped:"), false);

  const html = renderHtml(skipping);
  assert(!/<b>a/.test(html), "no element made of a case name");
  assertStringIncludes(
    html,
    "<p>skipped: text/reverse_bench.ts/slow one (ignored), " +
      "text/reverse_bench.ts/&lt;b&gt;a%2Fb",
  );
  assertEquals(renderHtml(artifact).includes("skipped:"), false);
});

Deno.test("terminal says a case timed between start/end marks had the clock's cost subtracted", () => {
  const skipping = skippingArtifact();
  const bench = skipping.cases.find((c) => c.kind === "bench")!;
  const plain = renderTerminal(skipping, { color: false, charts: false });
  const block = plain.split("\n\n").find((b) => b.startsWith(bench.id))!;
  // The median of the forks' 31.25 and 29.5 ns (the upper middle of two).
  assertStringIncludes(
    block,
    "timed between b.start()/b.end(), clock cost 31.3 ns subtracted",
  );
  assertEquals(plain.match(/clock cost/g)?.length, 1);
  assertEquals(
    renderTerminal(artifact, { color: false, charts: false }).includes(
      "clock cost",
    ),
    false,
  );
});

Deno.test("csv, bmf and github-action-benchmark list measurements only: skipped cases and clock costs change nothing", () => {
  const skipping = skippingArtifact();
  assertEquals(renderCsv(skipping), renderCsv(artifact));
  assertEquals(toBmf(skipping), toBmf(artifact));
  const validate = new Ajv({ strict: false }).compile(bmfSchema);
  assert(validate(toBmf(skipping)), JSON.stringify(validate.errors));
  for (const direction of ["smaller", "bigger"] as const) {
    assertEquals(
      toGithubBenchmark(skipping, direction),
      toGithubBenchmark(artifact, direction),
    );
  }
});

/**
 * A revs artifact made from the version-6 fixture: calibration/sum as the
 * base's `bench/sum_bench.ts/sum` and sum-more as the candidate's, compared
 * (no change, ×1.67), two more candidate-vs-base comparisons (slower ×1.5,
 * faster ×0.8), one comparison within the base side, which the summary
 * line leaves out, and a case on each side only.
 */
async function revsArtifact(): Promise<Artifact> {
  const url = new URL("../../fixtures/report/run_v6.json", import.meta.url);
  const v6 = await validateArtifact(
    JSON.parse(await Deno.readTextFile(url)),
    "run_v6.json",
  );
  const suite = (side: string) => `${side}:bench/sum_bench.ts`;
  const renamed = (id: string, side: string, name: string) => {
    const record = v6.cases.find((c) => c.id === id)!;
    return {
      ...record,
      suite: suite(side),
      case: name,
      id: caseId(suite(side), name, {}),
    };
  };
  const cases = [
    renamed("calibration/sum", "base", "sum"),
    renamed("calibration/sum-more", "candidate", "sum"),
    renamed("calibration/sum-again", "base", "again"),
  ];
  const measured = v6.comparisons[1];
  const across = (
    name: string,
    verdict: "slower" | "faster",
    point: number,
  ) => ({
    ...measured,
    base: `base:bench/sum_bench.ts/${name}`,
    candidate: `candidate:bench/sum_bench.ts/${name}`,
    verdict,
    ratio: { point, lower: point * 0.9, upper: point * 1.1, level: 0.95 },
  });
  const revs = {
    ...v6,
    kind: "revs",
    cases,
    comparisons: [
      { ...measured, base: cases[0].id, candidate: cases[1].id },
      across("other", "slower", 1.5),
      across("third", "faster", 0.8),
      {
        ...measured,
        base: cases[0].id,
        candidate: cases[2].id,
        verdict: "slower",
      },
    ],
    sweeps: [],
    summary: { cases: 3, passed: 3, failed: 0 },
    revisions: {
      base: {
        rev: "origin/main",
        sha: "3da0cd0c19dc9216f8abaa7ce8253b76e31b7765",
        subject: "Artifact schema 5",
        dirty: false,
        workingTree: false,
      },
      candidate: {
        rev: ".",
        sha: "b8ac0c4f6d5a0a1d9d3e1c2b7a8f9e0d1c2b3a4f",
        subject: "revs <wip> | *all*",
        dirty: true,
        workingTree: true,
      },
    },
    added: ["bench/sum_bench.ts/new"],
    removed: ["bench/sum_bench.ts/old"],
    schedule: [[cases[0].id, cases[1].id, cases[2].id]],
  };
  // Valid as the runner would write it.
  return await validateArtifact(JSON.parse(JSON.stringify(revs)), "revs.json");
}

Deno.test("a revs artifact renders in every format; markdown opens with the summary line, then both revisions", async () => {
  const revs = await revsArtifact();
  // scipy.stats.gmean([1.6700232799701964, 1.5, 0.8]) = 1.2607662962670230
  const line = "1 faster, 1 slower, 1 unchanged · geometric mean ×1.26";
  const md = renderMarkdown(revs);
  assertEquals(
    md.split("\n").slice(0, 4),
    [
      `**${line}**`,
      "",
      "base origin/main 3da0cd0 Artifact schema 5  ",
      "candidate . b8ac0c4 revs \\<wip\\> \\| \\*all\\* (dirty)  ",
    ],
  );
  assertStringIncludes(
    md,
    "(dirty)  \nadded: bench/sum\\_bench.ts/new  \n" +
      "removed: bench/sum\\_bench.ts/old\n\n## looplab results\n",
  );
  // The existing report follows, the comparisons with it.
  assertStringIncludes(md, "### base:bench/sum\\_bench.ts");
  assertStringIncludes(md, "### comparisons");

  const plain = renderTerminal(revs, { color: false, charts: false });
  const top = plain.split("\n").slice(2, 7);
  assertEquals(top, [
    "",
    line,
    "base origin/main 3da0cd0 Artifact schema 5",
    "candidate . b8ac0c4 revs <wip> | *all* (dirty)",
    "added: bench/sum_bench.ts/new",
  ]);
  assertStringIncludes(plain, "\nremoved: bench/sum_bench.ts/old\n");

  const html = renderHtml(revs);
  assertStringIncludes(
    html,
    `<p><strong>${line}</strong></p>\n` +
      "<p>base origin/main 3da0cd0 Artifact schema 5</p>\n" +
      "<p>candidate . b8ac0c4 revs &lt;wip&gt; | *all* (dirty)</p>\n" +
      "<p>added: bench/sum_bench.ts/new</p>\n" +
      "<p>removed: bench/sum_bench.ts/old</p>\n",
  );
  assert(html.indexOf(line) < html.indexOf("<h2>"));

  // Every format renders it, naming the cases of both sides.
  for (const format of FORMATS) {
    const text = renderFormat(revs, format as Format);
    assertStringIncludes(text, "candidate:bench", format);
  }
  // A run's reports say nothing of revisions.
  for (const text of [renderMarkdown(artifact), renderHtml(artifact)]) {
    assertEquals(text.includes("geometric mean"), false);
  }
});
