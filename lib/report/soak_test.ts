import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { readSoakArtifact, type SoakRecord, soakSeries } from "../soak/mod.ts";
import { renderSoak } from "./soak.ts";

// Soaks run on our VM (4–5 s at 100 ms) by the soak runner: a ticker that
// ends as planned, a crash loop of Deno.exit(3) under --restart, a child
// killed by SIGKILL, a workload with a "workers" gauge and hostile names,
// and the ticker's artifact cut off mid-line with no verdict.
const FIXTURES = new URL("../../fixtures/report/", import.meta.url).pathname;
const read = (name: string) =>
  readSoakArtifact(`${FIXTURES}soak_${name}.jsonl`);

/** How many resources a soak has series of: one chart each. */
const charted = (record: SoakRecord) =>
  Object.values(soakSeries(record.samples, 0)).filter((s) => s !== null)
    .length;

// deno-lint-ignore no-control-regex -- finding them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

Deno.test("renders every soak fixture in every format", async () => {
  for (
    const name of ["ticker", "restarts", "sigkill", "workers", "interrupted"]
  ) {
    const record = await read(name);
    for (const format of ["terminal", "markdown", "html"] as const) {
      const text = renderSoak(record, format);
      assert(text.endsWith("\n"), `${name} ${format}`);
      assertStringIncludes(text, record.header.workload.name.slice(0, 6));
      assert(!CONTROL.test(text), `${name} ${format} has a control character`);
    }
  }
});

Deno.test("terminal: each resource's slope [CI], threshold and verdict, and the final verdict with its reasons", async () => {
  const text = renderSoak(await read("ticker"), "terminal");
  const lines = text.split("\n").map((l) => l.trim());
  for (
    const row of [
      "slope +3470 MiB/h [2260 … 4550] · threshold +8 MiB/h · FAIL",
      "slope +1980 MiB/h [643 … 2060] · threshold +4 MiB/h · FAIL",
      "slope +4.92 MiB/h [2.56 … 10.1] · threshold +8 MiB/h · PASS",
      "slope 0 fds/h [0 … 0] · threshold +10 fds/h · PASS",
      "slope 0 threads/h [0 … 0] · threshold +2 threads/h · PASS",
      "slope +998%/h [-4030 … 11000] · threshold -5%/h · PASS",
    ]
  ) {
    assert(lines.includes(row), `missing: ${row}`);
  }
  // A chart per resource, each under its name.
  for (const resource of ["rss", "heapUsed", "external", "fds", "threads"]) {
    assert(lines.some((l) => l.startsWith(`${resource} `)), resource);
  }
  assert(lines.some((l) => l.startsWith("throughput ops/s ")));
  const verdict = lines.indexOf("FAIL");
  assert(verdict > 0);
  assertMatch(lines[verdict + 1], /^- rss: \+3470 MiB\/h \[2260 … 4550\]/);
  assertStringIncludes(text, "ran 4.03 s of 4.00 s planned");
  assertStringIncludes(text, "warm-up 1.00 s");
  assertStringIncludes(text, "child 0 at 4.03 s: normal end, code 0");
  assertStringIncludes(text, "counters: operations 626");
  assert(!text.includes("INTERRUPTED"));
});

Deno.test("terminal: the restarts are marked R on each chart's time axis, and every end is listed", async () => {
  const record = await read("restarts");
  const text = renderSoak(record, "terminal");
  const axes = text.split("\n").filter((l) => /^\s+░*─[─R]*$/.test(l));
  // One axis per resource charted (no operations counted: no throughput).
  assertEquals(axes.length, charted(record));
  assert(charted(record) >= 5);
  for (const axis of axes) {
    assertEquals([...axis].filter((c) => c === "R").length, 5);
  }
  assertStringIncludes(text, "5 restarts");
  assertStringIncludes(text, "ends: 6 × exit");
  assertStringIncludes(text, "child 3 at 2.92 s: exit, code 3 — Deno.exit(3)");
  assertStringIncludes(
    text,
    'throughput: not measured (the workload counts no "operations")',
  );
});

Deno.test("a SIGKILL end is named as the runner classified it, in every format", async () => {
  const record = await read("sigkill");
  for (const format of ["terminal", "markdown", "html"] as const) {
    assertStringIncludes(
      renderSoak(record, format),
      "signal — SIGKILL (possibly out of memory)",
    );
  }
});

Deno.test("an interrupted soak says INTERRUPTED in every format, and that its last line was cut off", async () => {
  const record = await read("interrupted");
  assertEquals([record.interrupted, record.cutOff], [true, true]);
  const terminal = renderSoak(record, "terminal");
  assertStringIncludes(
    terminal,
    "INTERRUPTED: the artifact has no verdict line",
  );
  assertStringIncludes(terminal, "cut off mid-line and left out");
  assertStringIncludes(terminal, "judged from the 30 samples it left");
  assertStringIncludes(terminal, "\nINTERRUPTED — what it left: FAIL\n");
  const markdown = renderSoak(record, "markdown");
  assertStringIncludes(
    markdown,
    "> **INTERRUPTED: the artifact has no verdict line",
  );
  assertStringIncludes(markdown, "**INTERRUPTED — what it left: FAIL**");
  const html = renderSoak(record, "html");
  assertStringIncludes(
    html,
    '<p class="interrupted">INTERRUPTED: the artifact',
  );
});

Deno.test("markdown: one table row per resource with its slope [CI], threshold, verdict and reason", async () => {
  const text = renderSoak(await read("ticker"), "markdown");
  assertStringIncludes(
    text,
    "| rss | 31 | +3470 MiB/h \\[2260, 4550\\] | +8 MiB/h | \\< 1e-6 | 🔴 fail | " +
      "+3470 MiB/h \\[2260 … 4550\\], Mann–Kendall p 2e-12: above the 8 MiB/h threshold |",
  );
  assertStringIncludes(
    text,
    "| fds | 31 | 0 fds/h \\[0, 0\\] | +10 fds/h | 1.0000 | 🟢 pass |",
  );
  assertStringIncludes(
    text,
    "| throughput | 31 | +998%/h \\[-4030, 11000\\] | -5%/h |",
  );
  assertStringIncludes(text, "\n**FAIL** · ran 4.03 s of 4.00 s planned");
  assertStringIncludes(text, "### why it failed");
});

Deno.test("markdown and html list the restarts and ends in time order", async () => {
  const record = await read("restarts");
  const markdown = renderSoak(record, "markdown");
  assertStringIncludes(
    markdown,
    "| 0 | 745 ms | end | exit, code 3 — Deno.exit(3) |\n| 1 | 745 ms | restart |  |",
  );
  const html = renderSoak(record, "html");
  // Each chart marks the five restarts.
  assertEquals(
    html.match(/<line [^>]*class="restart"/g)?.length,
    5 * charted(record),
  );
  assertStringIncludes(html, "↻5");
});

Deno.test("html: a chart per resource with the warm-up, the Theil–Sen fit and the threshold's slope", async () => {
  const record = await read("ticker");
  const html = renderSoak(record, "html");
  assert(html.startsWith("<!doctype html>"));
  assertEquals(html.match(/<svg /g)?.length, charted(record));
  assertEquals(html.match(/class="warmup"/g)?.length, charted(record));
  // A fit and the threshold's slope on each of the six judged series.
  assertEquals(record.verdict.series.length, 6);
  assertEquals(html.match(/<line [^>]*class="fit"/g)?.length, 6);
  assertEquals(html.match(/<line [^>]*class="threshold"/g)?.length, 6);
  assert(!/<script|src=|href=/.test(html), "self-contained, no scripts");
  // The same table as Markdown.
  assertStringIncludes(
    html,
    "<td>+3470 MiB/h [2260, 4550]</td><td>+8 MiB/h</td>",
  );
});

Deno.test("the threads-against-workers line, as scipy fits it", async () => {
  // scipy.stats.linregress(workers, threads) over the 47 samples of the
  // fixture with a "workers" gauge: intercept 7.576498422712936,
  // slope 0.9670084121976864, rvalue² 0.9603510918653311.
  const record = await read("workers");
  for (const format of ["terminal", "markdown", "html"] as const) {
    assertStringIncludes(
      renderSoak(record, format),
      "threads ≈ 7.58 + 0.967 × workers (least squares over 47 samples, R² 0.960)",
    );
  }
  assert(!renderSoak(await read("ticker"), "terminal").includes("threads ≈"));
});

Deno.test("the workload's names and messages are free text: escaped, control characters gone", async () => {
  const record: SoakRecord = structuredClone(await read("workers"));
  const end = record.events.find((e) => e.event === "end")!;
  end.message = "oops <img src=x onerror=alert(1)> | \x1b]0;title\x07done";
  end.detail = "at <script>run()</script>\n\x1b[2Jsecond line";
  const terminal = renderSoak(record, "terminal");
  assert(!CONTROL.test(terminal));
  assertStringIncludes(
    terminal,
    "soak workers <script>alert(1)</script> — starts Workers | and keeps some",
  );
  assertStringIncludes(terminal, "oops <img src=x onerror=alert(1)> | done");
  assertStringIncludes(terminal, "second line");
  const html = renderSoak(record, "html");
  assert(!html.includes("<script>") && !html.includes("<img"));
  assertStringIncludes(html, "workers &lt;script&gt;alert(1)&lt;/script&gt;");
  assertStringIncludes(
    html,
    "<pre>at &lt;script&gt;run()&lt;/script&gt;\nsecond line</pre>",
  );
  assert(!CONTROL.test(html.replaceAll("\n", "")));
  const markdown = renderSoak(record, "markdown");
  // Every < is escaped: GitHub shows it, and renders no tag.
  assert(!/(^|[^\\])</m.test(markdown), markdown);
  assertStringIncludes(markdown, "workers \\<script\\>alert(1)\\</script\\>");
  assertStringIncludes(
    markdown,
    "oops \\<img src=x onerror=alert(1)\\> \\| done",
  );
});

Deno.test("a soak that passed ends PASS, in green when coloured", async () => {
  const record: SoakRecord = structuredClone(await read("ticker"));
  record.verdict = { ...record.verdict, passed: true, reasons: [] };
  const plain = renderSoak(record, "terminal");
  assertEquals(plain.trimEnd().split("\n").at(-1), "PASS");
  assertStringIncludes(
    renderSoak(record, "terminal", { color: true }),
    "\x1b[32mPASS",
  );
  assert(!renderSoak(record, "markdown").includes("why it failed"));
});

Deno.test("a format that is not a soak's is refused, naming the ones that are", async () => {
  const record = await read("ticker");
  assertThrows(
    () => renderSoak(record, "csv" as "terminal"),
    RangeError,
    "a soak renders as terminal, markdown or html",
  );
});
