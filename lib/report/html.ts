/**
 * The HTML report: one self-contained file (inline CSS and SVG, no scripts,
 * no fetches) with, per metric, the distribution and the time-order plot of
 * its samples; per comparison, both distributions and the ratio CI; per
 * sweep, the curve with its CI band, fit and knee; and the environment and
 * configuration.
 *
 * @module
 */

import type { Artifact, CaseRecord } from "../artifact/types.ts";
import { formatP, formatValue } from "./_format.ts";
import {
  counted,
  formatChange,
  modalityPhrase,
  outlierSentence,
  paramsText,
  verdictWord,
} from "./_vocabulary.ts";
import {
  comparisonSvg,
  escapeXml,
  histogramSvg,
  sweepSvg,
  timeOrderSvg,
} from "./_svg.ts";

const STYLE = `
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
  const body: string[] = [
    `<h1>looplab results</h1>`,
    `<p>${
      escapeXml(
        `${artifact.summary.cases} cases: ${artifact.summary.passed} passed, ${artifact.summary.failed} failed · ${artifact.createdAt}`,
      )
    }</p>`,
  ];
  for (const suite of [...new Set(artifact.cases.map((c) => c.suite))]) {
    body.push(`<h2>${escapeXml(suite)}</h2>`);
    for (const c of artifact.cases.filter((x) => x.suite === suite)) {
      body.push(caseSection(c));
    }
  }
  if (artifact.comparisons.length > 0) {
    body.push("<h2>comparisons</h2>");
    for (const cmp of artifact.comparisons) {
      const base = artifact.cases.find((c) => c.id === cmp.base);
      const cand = artifact.cases.find((c) => c.id === cmp.candidate);
      const bs = base?.metrics.find((m) =>
        m.name === cmp.metric
      )?.samples.flat() ?? [];
      const cs = cand?.metrics.find((m) =>
        m.name === cmp.metric
      )?.samples.flat() ?? [];
      body.push(
        `<h3>${escapeXml(`${cmp.candidate} vs ${cmp.base}`)} — ${
          escapeXml(cmp.metric)
        }</h3>`,
        `<p>${
          escapeXml(
            `${formatChange(cmp, ", ")} · p ${formatP(cmp.p)} (${cmp.test}) · `,
          )
        }` +
          `<span class="verdict-${
            cmp.verdict === "faster"
              ? "faster"
              : cmp.verdict === "slower"
              ? "slower"
              : "none"
          }">${escapeXml(verdictWord(cmp.verdict, cmp.unit))}</span></p>`,
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
        body.push(`<p class="warning">⚠ ${escapeXml(w)}</p>`);
      }
    }
  }
  if (artifact.sweeps.length > 0) {
    body.push("<h2>sweeps</h2>");
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
        const fit = g.complexity
          ? `O(${g.complexity.best.complexity})`
          : "no fit";
        const knee = g.knee ? `, knee ≈ ${g.knee.x.toPrecision(3)}` : "";
        const fixed = paramsText(g.fixed);
        return `${g.case}${fixed ? ` [${fixed}]` : ""}: ${fit}${knee}`;
      }).join(" · ");
      body.push(
        `<h3>${escapeXml(title)}</h3>`,
        `<p>${escapeXml(findings)}</p>`,
        `<div class="charts">${sweepSvg(group, title)}</div>`,
      );
    }
  }
  body.push(
    "<h2>environment and configuration</h2>",
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>looplab results</title>
<style>${STYLE}</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}

function table(rows: [string, string][]): string {
  return `<table>${
    rows.map(([k, v]) =>
      `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`
    ).join("")
  }</table>`;
}

function caseSection(c: CaseRecord): string {
  const parts = [
    `<h3>${escapeXml(c.id)}${
      c.description ? ` — ${escapeXml(c.description)}` : ""
    }</h3>`,
  ];
  if (c.status === "failed" && c.failure) {
    parts.push(
      `<p class="failed">✗ failed (${escapeXml(c.failure.kind)}, fork ${
        c.failure.fork + 1
      }): ${escapeXml(c.failure.message)}</p>`,
    );
    if (c.failure.detail) {
      parts.push(`<pre>${escapeXml(c.failure.detail)}</pre>`);
    }
  }
  for (const m of c.metrics) {
    const a = m.analysis;
    if (!a) continue;
    const modality = modalityPhrase(a.modality, m.unit);
    parts.push(
      `<p><b>${escapeXml(m.name)}</b>: ${
        escapeXml(formatValue(a.centre.point, m.unit))
      } ` +
        `[${escapeXml(formatValue(a.centre.lower, m.unit))} … ${
          escapeXml(formatValue(a.centre.upper, m.unit))
        }] ` +
        `${a.centre.level * 100}% CI over ${
          counted(a.centre.forks, "fork")
        } · ` +
        `mean ${escapeXml(formatValue(a.summary.mean, m.unit))} · p99 ${
          escapeXml(formatValue(a.summary.p99, m.unit))
        } · ` +
        escapeXml(outlierSentence(a.outliers, a.summary.n)) +
        (modality !== null ? ` · ${escapeXml(modality)}` : "") +
        `</p>`,
    );
    const all = m.samples.flat();
    parts.push(
      `<div class="charts">${
        histogramSvg(all, a, m.unit, `${c.id} ${m.name}: distribution`)
      }` +
        `${
          timeOrderSvg(
            m.samples,
            m.unit,
            `${c.id} ${m.name}: samples in time order`,
          )
        }</div>`,
    );
    for (const w of m.warnings) {
      parts.push(`<p class="warning">⚠ ${escapeXml(w)}</p>`);
    }
  }
  return parts.join("\n");
}
