/**
 * The HTML report: one self-contained file (inline CSS and SVG, no scripts,
 * no fetches) that opens, for a "revs" artifact, with its summary line, both
 * revisions and the cases on one side only; then with the summary of what was found (each
 * comparison on one line, their tally, the cases whose forks were not
 * steady or were disturbed); then, per metric, the distribution and the
 * time-order plot of its samples; the cases declared but not run; per
 * comparison, both distributions and the ratio CI; per sweep, the curve with its CI band, fit and knee; and
 * the environment and configuration.
 *
 * @module
 */

import type { Artifact, CaseRecord } from "../artifact/mod.ts";
import { formatP, formatValue } from "./_format.ts";
import { type Child, el, fragment, type Markup, raw } from "./_markup.ts";
import { summarizeRevs, summarizeRun, unsettledPhrase } from "./_summary.ts";
import { comparisonSvg, histogramSvg, sweepSvg, timeOrderSvg } from "./_svg.ts";
import {
  comparisonTitle,
  counted,
  formatChange,
  modalityPhrase,
  oneSideText,
  outlierSentence,
  paramsText,
  skippedText,
  sweepFinding,
  verdictWord,
} from "./_vocabulary.ts";

/** The reports' style sheet: the run report's, and the soak report's base. */
export const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1360px; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: .5rem; }
.failed { color: #b00020; } .warning { color: #8a5a00; }
.verdict-faster { color: #007a3d; font-weight: 600; } .verdict-slower { color: #b00020; font-weight: 600; }
svg { background: #fff; border: 1px solid #eee; }
svg .axis { stroke: #555; } svg .tick, svg .note { font-size: 10px; fill: #444; } svg .axis-label { font-size: 11px; fill: #333; }
svg .bar { fill: #56B4E9; } svg .bar.outlier { fill: #D55E00; } svg .bar.base { fill: #0072B2; } svg .bar.candidate { fill: #E69F00; }
svg .fence { stroke-dasharray: 4 3; } svg .fence.mild { stroke: #E69F00; } svg .fence.severe { stroke: #D55E00; }
svg .mode { fill: #009E73; } svg .mode-label { font-size: 10px; fill: #009E73; }
svg .noise { fill: #e8e8e8; } svg .ci { stroke: #1b1b1b; stroke-width: 3; } svg .ci-point { fill: #1b1b1b; }
svg .band { fill: #56B4E9; opacity: .35; } svg .curve { fill: none; stroke: #0072B2; stroke-width: 2; }
svg .fit { fill: none; stroke: #CC79A7; stroke-width: 1.5; stroke-dasharray: 6 4; } svg .knee { stroke: #D55E00; stroke-dasharray: 3 3; }
`;

/**
 * Renders an artifact as one self-contained HTML page.
 *
 * @param artifact the run
 * @returns the HTML document
 *
 * @example
 * ```ts ignore
 * await Deno.writeTextFile("report.html", renderHtml(artifact));
 * ```
 */
export function renderHtml(artifact: Artifact): string {
  const env = artifact.environment;
  const { summary } = artifact;
  const body: Child[] = [
    el("h1", {}, "looplab results"),
    el(
      "p",
      {},
      `${summary.cases} cases: ${summary.passed} passed, ${summary.failed} failed · ${artifact.createdAt}`,
    ),
  ];
  const revs = summarizeRevs(artifact);
  if (revs !== null) {
    body.push(
      el("p", {}, el("strong", {}, revs.line)),
      ...revs.revisions.map((line) => el("p", {}, line)),
    );
    for (
      const side of [
        oneSideText("added", artifact.added),
        oneSideText("removed", artifact.removed),
      ]
    ) {
      if (side !== null) body.push(el("p", {}, side));
    }
  }
  body.push(...summarySection(artifact));
  for (const suite of [...new Set(artifact.cases.map((c) => c.suite))]) {
    body.push(el("h2", {}, suite));
    for (const c of artifact.cases.filter((x) => x.suite === suite)) {
      body.push(caseSection(c));
    }
  }
  const skipped = skippedText(artifact.skipped);
  if (skipped !== null) body.push(el("p", {}, skipped));
  if (artifact.comparisons.length > 0) {
    body.push(el("h2", {}, "comparisons"));
    for (const cmp of artifact.comparisons) {
      const samples = (id: string) =>
        artifact.cases.find((c) => c.id === id)?.metrics.find((m) =>
          m.name === cmp.metric
        )?.samples.flat() ?? [];
      const bs = samples(cmp.base);
      const cs = samples(cmp.candidate);
      body.push(
        el("h3", {}, `${cmp.candidate} vs ${cmp.base} — ${cmp.metric}`),
        el(
          "p",
          {},
          `${formatChange(cmp, ", ")} · p ${formatP(cmp.p)} (${cmp.test}) · `,
          el(
            "span",
            { class: `verdict-${verdictClass(cmp.verdict)}` },
            verdictWord(cmp.verdict, cmp.unit),
          ),
        ),
      );
      if (bs.length > 0 && cs.length > 0) {
        body.push(
          comparisonSvg(
            bs,
            cs,
            cmp,
            artifact.config.noiseThreshold,
            `${cmp.candidate} vs ${cmp.base}`,
          ),
        );
      }
      for (const w of cmp.warnings) {
        body.push(el("p", { class: "warning" }, `⚠ ${w}`));
      }
    }
  }
  if (artifact.sweeps.length > 0) {
    body.push(el("h2", {}, "sweeps"));
    // One chart per suite, parameter and metric, one line per case (and
    // per combination of the other parameters).
    const groups = new Map<string, typeof artifact.sweeps>();
    for (const s of artifact.sweeps) {
      const key = `${s.suite}\u0000${s.param}\u0000${s.metric}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const group of groups.values()) {
      const s = group[0];
      const title = `${s.suite}: ${s.metric} over ${s.param}`;
      const findings = group.map((g) => {
        const fixed = paramsText(g.fixed);
        return `${g.case}${fixed ? ` [${fixed}]` : ""}: ${sweepFinding(g)}`;
      }).join(" · ");
      body.push(
        el("h3", {}, title),
        el("p", {}, findings),
        el("div", { class: "charts" }, "", sweepSvg(group, title)),
      );
    }
  }
  body.push(
    el("h2", {}, "environment and configuration"),
    table([
      ["Deno / V8 / TypeScript", `${env.deno} / ${env.v8} / ${env.typescript}`],
      ["OS", `${env.os} ${env.osRelease ?? ""} ${env.arch}`],
      ["CPU", `${env.cpuModel ?? "unknown"} × ${env.cores}`],
      [
        "memory",
        env.memoryBytes === null
          ? "unknown"
          : `${(env.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
      ],
      [
        "load average (start → end)",
        `${
          env.loadAverage.start?.map((x) => x.toFixed(2)).join(" ") ?? "?"
        } → ${env.loadAverage.end?.map((x) => x.toFixed(2)).join(" ") ?? "?"}`,
      ],
      [
        "git",
        env.git
          ? `${env.git.commit}${env.git.dirty ? " (dirty)" : ""}`
          : "none",
      ],
      ["command", artifact.command.join(" ") || "(programmatic)"],
      ...Object.entries(artifact.config).map(([k, v]) =>
        [k, String(v)] as [string, string]
      ),
    ]),
  );
  return htmlPage("looplab results", STYLE, body);
}

/**
 * A self-contained page: its title, its style sheet inline, its body's
 * blocks one a line. Every HTML report is one.
 *
 * @param title the page's title (escaped)
 * @param style its CSS
 * @param body its blocks
 * @returns the document, with its doctype
 *
 * @example
 * ```ts
 * import { htmlPage } from "./html.ts";
 * import { el } from "./_markup.ts";
 * import { assertStringIncludes } from "@std/assert";
 * const page = htmlPage("a < b", "p { margin: 0 }", [el("p", {}, "hi")]);
 * assertStringIncludes(page, "<title>a &lt; b</title>");
 * assertStringIncludes(page, "<p>hi</p>");
 * ```
 */
export function htmlPage(
  title: string,
  style: string,
  body: readonly Child[],
): string {
  const head = el(
    "head",
    {},
    el("meta", { charset: "utf-8" }),
    "\n",
    el("meta", {
      name: "viewport",
      content: "width=device-width, initial-scale=1",
    }),
    "\n",
    el("title", {}, title),
    "\n",
    el("style", {}, raw(style)),
  );
  const page = el(
    "html",
    { lang: "en" },
    head,
    "\n",
    el("body", {}, "\n", lines(body), "\n"),
  );
  return `<!doctype html>\n${page}\n`;
}

/**
 * What was found, first: the comparisons' tally, each comparison on one
 * line (slower first), and the cases whose forks were not steady or were
 * disturbed. Nothing when there is nothing to say.
 */
function summarySection(artifact: Artifact): Child[] {
  const { comparisons, tally, unsettled } = summarizeRun(artifact);
  if (tally === null && unsettled.length === 0) return [];
  const blocks: Child[] = [el("h2", {}, "summary")];
  if (tally !== null) {
    blocks.push(
      el("p", {}, tally),
      el(
        "ul",
        {},
        "",
        comparisons.map((c) =>
          el(
            "li",
            {},
            el(
              "span",
              { class: `verdict-${verdictClass(c.verdict)}` },
              verdictWord(c.verdict, c.unit),
            ),
            ` ${comparisonTitle(c, artifact.cases)}${
              c.source === "baseline" ? " (vs baseline)" : ""
            } · ${c.metric} · ${formatChange(c, ", ")}`,
          )
        ),
      ),
    );
  }
  if (unsettled.length > 0) {
    blocks.push(
      el("p", { class: "warning" }, "Forks not steady or disturbed:"),
      el(
        "ul",
        {},
        "",
        unsettled.map((u) => el("li", {}, `${u.id}: ${unsettledPhrase(u)}`)),
      ),
    );
  }
  return blocks;
}

/** The class a verdict's word is painted with. */
function verdictClass(verdict: string): string {
  return verdict === "faster" || verdict === "slower" ? verdict : "none";
}

/**
 * Block elements one per line, so the page's source reads top to bottom.
 *
 * @param blocks the elements
 * @returns their markup, a newline between each two
 *
 * @example
 * ```ts
 * import { lines } from "./html.ts";
 * import { el } from "./_markup.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(String(lines([el("p", {}, "a"), el("p", {}, "b")])), "<p>a</p>\n<p>b</p>");
 * ```
 */
export function lines(blocks: readonly Child[]): Markup {
  return fragment(
    blocks.flatMap((block, i) => i === 0 ? [block] : ["\n", block]),
  );
}

function table(rows: [string, string][]): Markup {
  return el(
    "table",
    {},
    "",
    rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))),
  );
}

function caseSection(c: CaseRecord): Markup {
  const parts: Child[] = [
    el("h3", {}, c.id, c.description ? ` — ${c.description}` : ""),
  ];
  if (c.status === "failed" && c.failure) {
    parts.push(
      el(
        "p",
        { class: "failed" },
        `✗ failed (${c.failure.kind}, fork ${
          c.failure.fork + 1
        }): ${c.failure.message}`,
      ),
    );
    if (c.failure.detail) parts.push(el("pre", {}, c.failure.detail));
  }
  for (const m of c.metrics) {
    const a = m.analysis;
    if (!a) continue;
    const v = (x: number | null) => formatValue(x, m.unit);
    const modality = modalityPhrase(a.modality, m.unit);
    parts.push(
      el(
        "p",
        {},
        el("b", {}, m.name),
        `: ${v(a.centre.point)} [${v(a.centre.lower)} … ${v(a.centre.upper)}] ${
          a.centre.level * 100
        }% CI over ${counted(a.centre.forks, "fork")} · mean ${
          v(a.summary.mean)
        } · p99 ${v(a.summary.p99)} · ${
          outlierSentence(a.outliers, a.summary.n)
        }${modality !== null ? ` · ${modality}` : ""}`,
      ),
    );
    parts.push(
      el(
        "div",
        { class: "charts" },
        histogramSvg(
          m.samples.flat(),
          a,
          m.unit,
          `${c.id} ${m.name}: distribution`,
        ),
        timeOrderSvg(
          m.samples,
          m.unit,
          `${c.id} ${m.name}: samples in time order`,
        ),
      ),
    );
    for (const w of m.warnings) {
      parts.push(el("p", { class: "warning" }, `⚠ ${w}`));
    }
  }
  return lines(parts);
}
