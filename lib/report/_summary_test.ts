import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import runV3 from "../../fixtures/report/run_v3.json" with { type: "json" };
import { type Artifact, validateArtifact } from "../artifact/mod.ts";
import { renderHtml, renderMarkdown, renderTerminal } from "./mod.ts";
import { summarizeRevs, summarizeRun, unsettledPhrase } from "./_summary.ts";
import { REVISIONS } from "../../fixtures/report/revisions.ts";

// The frozen version-3 artifact, read through the upgrades: five declared
// comparisons (three "better" counts, two "no change" times), 11 cases.
const v3: Artifact = await validateArtifact(
  structuredClone(runV3),
  "fixtures/report/run_v3.json",
);

const V3_LINES = [
  "better       fixture-params/double vs echo [n=1]  value  +100.0% [+100.0% … +100.0%]",
  "better       fixture-params/double vs echo [n=2]  value  +100.0% [+100.0% … +100.0%]",
  "better       fixture-params/double vs echo [n=3]  value  +100.0% [+100.0% … +100.0%]",
  "no change    calibration/sum-again vs sum  time  ×1.22 [×0.0533 … ×28.0]",
  "no change    calibration/sum-more vs sum  time  ×1.67 [×0.00848 … ×329]",
];

/** Sets a fork's schema-4 fields, whether or not the type has them yet. */
function setFork(
  artifact: Artifact,
  id: string,
  fork: number,
  fields: {
    steadyState?: { class: string; steadyFrom: number | null } | null;
    interference?: { disturbed: boolean; reasons: string[] } | null;
  },
): void {
  const record = artifact.cases.find((c) => c.id === id)!;
  Object.assign(record.forks[fork], fields);
}

/** run_v3 with a slower comparison, unsteady forks and a disturbed one. */
function unsettledRun(): Artifact {
  const a = structuredClone(v3);
  const sum = a.cases.find((c) => c.id === "calibration/sum")!;
  sum.forks.push({ ...sum.forks[0], index: 2 }, { ...sum.forks[0], index: 3 });
  setFork(a, "calibration/sum", 0, {
    steadyState: { class: "flat", steadyFrom: 0 },
  });
  setFork(a, "calibration/sum", 1, {
    steadyState: { class: "slowdown", steadyFrom: 4 },
  });
  setFork(a, "calibration/sum", 2, {
    steadyState: { class: "no steady state", steadyFrom: null },
    interference: { disturbed: true, reasons: ["preempted 300 times"] },
  });
  setFork(a, "calibration/sum", 3, {
    steadyState: { class: "warmup", steadyFrom: 2 },
  });
  setFork(a, "calibration/await", 1, {
    steadyState: { class: "warmup", steadyFrom: 3 },
    interference: { disturbed: true, reasons: ["cpu 40% of wall"] },
  });
  // "warmup" and "flat" are steady, undisturbed: not named.
  setFork(a, "calibration/sum-again", 0, {
    steadyState: { class: "warmup", steadyFrom: 1 },
    interference: { disturbed: false, reasons: [] },
  });
  const more = a.comparisons.find((c) => c.candidate.endsWith("sum-more"))!;
  Object.assign(more, {
    verdict: "slower",
    p: 0.001,
    ratio: { point: 1.098, lower: 1.021, upper: 1.18, level: 0.95 },
  });
  return a;
}

Deno.test("summary: the terminal report closes with each comparison, the tally and the cases' count", () => {
  const lines = renderTerminal(v3).split("\n");
  assertEquals(lines.slice(-8), [
    "summary",
    ...V3_LINES.map((l) => `  ${l}`),
    "  5 comparisons: 3 better, 0 slower, 2 unchanged",
    "11 cases: 10 passed, 1 failed",
  ]);
});

Deno.test("summary: the markdown report opens with it, after the environment line", () => {
  const md = renderMarkdown(v3).split("\n");
  const at = md.indexOf("### summary");
  assertEquals(at, 4);
  assert(at < md.indexOf("### calibration"));
  assertEquals(md.slice(at, at + 9), [
    "### summary",
    "",
    "5 comparisons: 3 better, 0 slower, 2 unchanged.",
    "",
    "- 🟢 better · fixture-params/double vs echo \\[n=1\\] · value · +100.0% \\[+100.0%, +100.0%\\]",
    "- 🟢 better · fixture-params/double vs echo \\[n=2\\] · value · +100.0% \\[+100.0%, +100.0%\\]",
    "- 🟢 better · fixture-params/double vs echo \\[n=3\\] · value · +100.0% \\[+100.0%, +100.0%\\]",
    "- ⚪ no change · calibration/sum-again vs sum · time · ×1.22 \\[×0.0533, ×28.0\\]",
    "- ⚪ no change · calibration/sum-more vs sum · time · ×1.67 \\[×0.00848, ×329\\]",
  ]);
});

Deno.test("summary: the html report opens with it, before the first suite", () => {
  const html = renderHtml(v3);
  const at = html.indexOf("<h2>summary</h2>");
  assert(at > 0 && at < html.indexOf("<h2>calibration</h2>"));
  assertStringIncludes(
    html,
    "<p>5 comparisons: 3 better, 0 slower, 2 unchanged</p>",
  );
  assertEquals(html.match(/<li>/g)?.length, 5);
  assertStringIncludes(
    html,
    '<li><span class="verdict-faster">better</span> fixture-params/double vs echo [n=1] · value · +100.0% [+100.0%, +100.0%]</li>',
  );
  assertStringIncludes(
    html,
    '<li><span class="verdict-none">no change</span> calibration/sum-more vs sum · time · ×1.67 [×0.00848, ×329]</li>',
  );
});

Deno.test("summary: slower comparisons come first, and forks not steady or disturbed are named with their counts", () => {
  const a = unsettledRun();
  const s = summarizeRun(a);
  assertEquals(s.comparisons.map((c) => c.verdict), [
    "slower",
    "faster",
    "faster",
    "faster",
    "no change",
  ]);
  assertEquals(s.tally, "5 comparisons: 3 better, 1 slower, 1 unchanged");
  assertEquals(s.unsettled, [
    {
      id: "calibration/sum",
      forks: 4,
      unsteady: [
        { class: "slowdown", forks: 1 },
        { class: "no steady state", forks: 1 },
      ],
      disturbed: 1,
    },
    { id: "calibration/await", forks: 2, unsteady: [], disturbed: 1 },
  ]);
  assertEquals(
    s.unsettled.map(unsettledPhrase),
    [
      "2 of 4 forks not steady (1 slowdown, 1 no steady state); 1 of 4 disturbed",
      "1 of 2 forks disturbed",
    ],
  );
  const lines = renderTerminal(a).split("\n");
  assertEquals(lines.slice(-10), [
    "summary",
    "  slower       calibration/sum-more vs sum  time  +9.8% [+2.1% … +18.0%]",
    ...V3_LINES.slice(0, 4).map((l) => `  ${l}`),
    "  5 comparisons: 3 better, 1 slower, 1 unchanged",
    "  calibration/sum: 2 of 4 forks not steady (1 slowdown, 1 no steady state); 1 of 4 disturbed",
    "  calibration/await: 1 of 2 forks disturbed",
    "11 cases: 10 passed, 1 failed",
  ]);
  const md = renderMarkdown(a);
  assertStringIncludes(
    md,
    "- 🔴 slower · calibration/sum-more vs sum · time · +9.8% \\[+2.1%, +18.0%\\]\n",
  );
  assertStringIncludes(
    md,
    "Forks not steady or disturbed:\n\n" +
      "- calibration/sum: 2 of 4 forks not steady (1 slowdown, 1 no steady state); 1 of 4 disturbed\n" +
      "- calibration/await: 1 of 2 forks disturbed\n",
  );
  const html = renderHtml(a);
  assertStringIncludes(
    html,
    '<li><span class="verdict-slower">slower</span> calibration/sum-more vs sum · time · +9.8% [+2.1%, +18.0%]</li>',
  );
  assertStringIncludes(
    html,
    "<li>calibration/await: 1 of 2 forks disturbed</li>",
  );
});

Deno.test("summary: artifacts without the steady-state and interference fields name no case", () => {
  assertEquals(summarizeRun(v3).unsettled, []);
  const nulls = structuredClone(v3);
  for (const c of nulls.cases) {
    for (const f of c.forks) {
      Object.assign(f, { steadyState: null, interference: null });
    }
  }
  assertEquals(summarizeRun(nulls).unsettled, []);
});

Deno.test("summary: nothing compared and nothing unsettled — markdown and html say nothing, the terminal ends with the cases' count", () => {
  const bare = structuredClone(v3);
  bare.comparisons = [];
  assertEquals(summarizeRun(bare).tally, null);
  assert(!renderMarkdown(bare).includes("### summary"));
  assert(!renderHtml(bare).includes("<h2>summary</h2>"));
  assertEquals(renderTerminal(bare).split("\n").slice(-2), [
    "summary",
    "11 cases: 10 passed, 1 failed",
  ]);
  // Counts alone, nothing worse: "0 worse" in their own word.
  const counts = structuredClone(v3);
  counts.comparisons = counts.comparisons.filter((c) => c.unit === "count");
  assertEquals(
    summarizeRun(counts).tally,
    "3 comparisons: 3 better, 0 worse",
  );
});

Deno.test("summary: names are escaped as each format escapes them", () => {
  const a = unsettledRun();
  const cmp = a.comparisons.find((c) => c.verdict === "slower")!;
  const hostile = "<b>x</b>|*y*\x1b]0;t\x07";
  cmp.candidate = hostile;
  cmp.metric = "m|<i>\x1b[2J";
  const sum = a.cases.find((c) => c.id === "calibration/sum")!;
  sum.id = "calibration/<s>|\x1b[31m";
  const md = renderMarkdown(a);
  assertStringIncludes(
    md,
    "- 🔴 slower · \\<b\\>x\\</b\\>\\|\\*y\\* vs calibration/sum · m\\|\\<i\\> · ",
  );
  assertStringIncludes(md, "- calibration/\\<s\\>\\|: 2 of 4 forks");
  const html = renderHtml(a);
  assert(!/<b>x|<i>|<s>/.test(html));
  assertStringIncludes(html, "&lt;b&gt;x&lt;/b&gt;|*y*");
  assertStringIncludes(html, " vs calibration/sum · m|&lt;i&gt;");
  const text = renderTerminal(a);
  // deno-lint-ignore no-control-regex -- looking for them is the point
  assert(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text));
  assertStringIncludes(text, "  slower       <b>x</b>|*y* vs calibration/sum");
  assertStringIncludes(text, "  calibration/<s>|: 2 of 4 forks not steady");
});

Deno.test("a revs summary counts candidate-vs-base comparisons only, says better and worse for counts, and leaves out a mean of no ratio", () => {
  // run_v3's comparisons as a revs run: the three count comparisons made
  // candidate vs base (better), the two times left within one side.
  const a = structuredClone(v3);
  a.kind = "revs";
  a.revisions = REVISIONS;
  for (const c of a.comparisons) {
    if (c.unit === "count") {
      c.base = `base:${c.base}`;
      c.candidate = `candidate:${c.candidate}`;
    }
  }
  // Ratios 2, 2 and 1.9999999999999998: their geometric mean is 2.00.
  assertEquals(
    summarizeRevs(a)?.line,
    "0 faster, 3 better, 0 slower, 0 unchanged · geometric mean ×2.00",
  );
  assertEquals(summarizeRevs(a)?.revisions, [
    "base HEAD~1 3da0cd0 base",
    "candidate . b8ac0c4 candidate (dirty)",
  ]);
  // A change from zero has no ratio: no mean to give.
  for (const c of a.comparisons) c.ratio.point = NaN;
  assertEquals(
    summarizeRevs(a)?.line,
    "0 faster, 3 better, 0 slower, 0 unchanged",
  );
  // A run has no revs summary.
  assertEquals(summarizeRevs(v3), null);
});
