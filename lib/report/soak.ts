/**
 * The soak report: a pure function of a soak artifact as read
 * (`SoakRecord`), in three formats. Per resource, the series over the whole
 * soak with the warm-up and the restarts marked on its time axis, the
 * Theil–Sen slope after warm-up with its interval, the threshold, and the
 * verdict with its reason; the children's ends, the event-loop lag, the
 * workload's own figures and, when it reports a "workers" gauge, the
 * seed's threads-against-workers line; "INTERRUPTED" when the soak did not
 * reach its verdict; and last the verdict with its reasons. The verdict is
 * the record's: this file draws it, and decides nothing.
 *
 * @module
 */

import type { SoakRecord } from "../soak/mod.ts";
import { formatDuration, formatP } from "./_format.ts";
import { type Child, el, type Markup } from "./_markup.ts";
import { terminalSafe } from "./_sanitize.ts";
import {
  endHow,
  endPhrase,
  finalWord,
  healthLine,
  interruptedText,
  lagLine,
  noThroughputText,
  type ResourceView,
  runLine,
  slopeText,
  type SoakView,
  soakView,
  thresholdText,
  workersLine,
  workloadLines,
} from "./_soak_view.ts";
import { soakSeriesSvg } from "./_svg.ts";
import { htmlPage, STYLE } from "./html.ts";
import { escapeCell } from "./markdown.ts";
import { type Paint, paint, sparkline, wrap } from "./terminal.ts";

/** The formats a soak renders in. */
export type SoakFormat = "terminal" | "markdown" | "html";

/** Options of {@link renderSoak}. */
export interface SoakRenderOptions {
  /** terminal: ANSI colours. @default false */
  color?: boolean;
}

/** Most columns of the terminal's time-axis chart (80 columns in all). */
const CHART_COLUMNS = 56;
/**
 * A column spans at least this many sampling intervals, so that a blank
 * column is a real gap (a dead child, missed samples), not jitter.
 */
const INTERVALS_PER_COLUMN = 1.5;
/** Ends listed one by one; a crash loop's hundreds are summed up. */
const ENDS_LISTED = 10;

/**
 * Renders a soak artifact as read: the terminal report, Markdown for a
 * pull-request comment, or one self-contained HTML page with a chart per
 * resource. Every string in the record that came from the workload (its
 * name and description, the children's messages and last lines) is made
 * safe for the format: control characters stripped, and escaped for
 * Markdown and HTML.
 *
 * @param record the soak, from `readSoakArtifact` or `parseSoakArtifact`
 * @param format terminal, markdown or html
 * @param options colour, for the terminal
 * @returns the report's text, ending with a newline
 *
 * @example
 * ```ts
 * import { renderSoak } from "@looplab/looplab/report";
 * import { parseSoakArtifact } from "../soak/mod.ts";
 * import { assertStringIncludes } from "@std/assert";
 * const settings = {
 *   durationMs: 2000, warmupMs: 0, intervalMs: 1000, restart: false,
 *   hangMs: 5000, minSamples: 30, alpha: 0.05,
 *   thresholds: [{ resource: "fds", perHour: 10, unit: "fds/h" }],
 * };
 * const header = {
 *   type: "header", kind: "soak", schemaVersion: 1, settings,
 *   workload: { name: "churn", module: "churn.ts", description: null },
 * };
 * const sample = (tMs: number) => ({
 *   type: "sample", tMs, child: 0, rssBytes: 2 ** 20, fds: 12, threads: 4,
 *   cpuUserMs: 0, cpuSystemMs: 0, heapUsedBytes: 0, heapTotalBytes: 0,
 *   externalBytes: 0, lagMaxMs: 1, counters: {}, gauges: {}, metrics: {},
 *   samplerCpuMs: 0,
 * });
 * const text = [header, sample(1000), sample(2000)]
 *   .map((line) => JSON.stringify(line)).join("\n");
 * // No verdict line: the runner was killed; judged from the 2 samples left.
 * const soak = parseSoakArtifact(text, "soak.jsonl");
 * const report = renderSoak(soak, "terminal");
 * assertStringIncludes(report, "INTERRUPTED");
 * assertStringIncludes(report, "INTERRUPTED — what it left: FAIL");
 * assertStringIncludes(report, "interrupted at 2.0 s of 2.0 s planned");
 * assertStringIncludes(renderSoak(soak, "markdown"), "| fds | 2 | n/a | +10 fds/h |");
 * ```
 */
export function renderSoak(
  record: SoakRecord,
  format: SoakFormat,
  options: SoakRenderOptions = {},
): string {
  // The workload's text is user code's: no control character reaches any
  // format (escapeCell and the markup helper escape the rest).
  const view = soakView(terminalSafe(record));
  switch (format) {
    case "terminal":
      return terminalSoak(view, paint(options.color ?? false));
    case "markdown":
      return markdownSoak(view);
    case "html":
      return htmlSoak(view);
    default:
      throw new RangeError(
        `a soak renders as terminal, markdown or html; got ${
          JSON.stringify(format)
        }`,
      );
  }
}

/** The width of a chart's label: "throughput ops/s" and a space. */
const LABEL_WIDTH = 17;

function title(view: SoakView): string {
  const w = view.record.header.workload;
  return `soak ${w.name}${w.description ? ` — ${w.description}` : ""}`;
}

function environmentLine(view: SoakView): string {
  const h = view.record.header;
  const env = h.environment;
  return `looplab ${h.tool?.version ?? "?"} · Deno ${env?.deno ?? "?"} · ${
    env?.os ?? "?"
  } ${env?.arch ?? ""} · ${env?.cpuModel ?? "unknown CPU"} × ${
    env?.cores ?? "?"
  } · ${h.createdAt ?? ""}`;
}

/* ---------------------------------------------------------------- terminal */

function terminalSoak(view: SoakView, p: Paint): string {
  const r = view.record;
  const lines: string[] = [p.bold(title(view)), p.dim(environmentLine(view))];
  for (const line of [runLine(view), healthLine(view)]) {
    lines.push(...wrap(line, 80, "  "));
  }
  const ends = view.ends.length <= ENDS_LISTED ? view.ends : [
    ...view.ends.slice(0, ENDS_LISTED / 2),
    ...view.ends.slice(-ENDS_LISTED / 2),
  ];
  for (const [i, end] of ends.entries()) {
    if (i === ENDS_LISTED / 2 && view.ends.length > ENDS_LISTED) {
      lines.push(`  … ${view.ends.length - ENDS_LISTED} more ends …`);
    }
    const planned = end.planned && end.end === "normal end";
    const text = `  ${endPhrase(end)}`;
    lines.push(planned ? text : p.red(text));
    const detail = (end.detail ?? "").split("\n").filter((l) =>
      l.trim() !== ""
    );
    for (const line of detail.slice(-6)) {
      lines.push(p.dim(`    ${clip(line.trim(), 76)}`));
    }
  }
  const interrupted = interruptedText(view);
  if (interrupted !== null) {
    lines.push("");
    for (const line of wrap(interrupted, 78, "  ")) {
      lines.push(p.bold(p.red(line)));
    }
  }
  lines.push(
    "",
    p.dim(
      `${"".padEnd(LABEL_WIDTH)}time 0 … ${formatDuration(view.runMs)}; ` +
        "░ warm-up, R restart",
    ),
  );
  const columns = chartColumns(view);
  const axis = markerLine(view, columns);
  for (const resource of view.resources) {
    lines.push(...terminalResource(resource, view, columns, axis, p));
  }
  const noThroughput = noThroughputText(view);
  if (noThroughput !== null) lines.push("", p.dim(noThroughput));
  const lag = lagLine(view);
  if (lag !== null) {
    lines.push("", lag);
    const chart = timeChart(
      view.lag.times,
      view.lag.values,
      view.runMs,
      columns,
    );
    if (chart !== null) lines.push(`${"lag ms".padEnd(LABEL_WIDTH)}${chart}`);
  }
  const workload = workloadLines(view);
  const workers = workersLine(view);
  if (workload.length > 0 || workers !== null) {
    lines.push("", p.bold("workload"));
    for (const line of [...workload, ...(workers === null ? [] : [workers])]) {
      lines.push(...wrap(line, 76, "    ").map((l) => `  ${l}`));
    }
  }
  lines.push("");
  const word = finalWord(view);
  lines.push(
    p.bold(
      r.interrupted
        ? p.yellow(word)
        : r.verdict.passed
        ? p.green(word)
        : p.red(word),
    ),
  );
  for (const reason of r.verdict.reasons) {
    lines.push(...wrap(`- ${reason}`, 78, "    ").map((l) => `  ${l}`));
  }
  return lines.join("\n") + "\n";
}

function terminalResource(
  resource: ResourceView,
  view: SoakView,
  columns: number,
  axis: string,
  p: Paint,
): string[] {
  const label =
    (resource.resource === resource.unit
      ? resource.resource
      : `${resource.resource} ${resource.unit}`).padEnd(LABEL_WIDTH);
  const lines = [""];
  const chart = timeChart(
    resource.times,
    resource.values,
    view.runMs,
    columns,
  );
  const finite = resource.values.filter(Number.isFinite);
  const range = finite.length > 0
    ? `  ${num(finite[0])} → ${num(finite[finite.length - 1])}`
    : "";
  lines.push(`${p.bold(label)}${chart ?? "no samples"}${range}`);
  lines.push(p.dim(`${"".padEnd(LABEL_WIDTH)}${axis}`));
  const v = resource.verdict;
  if (v === null) {
    lines.push(`${"".padEnd(LABEL_WIDTH)}not judged: no threshold`);
    return lines;
  }
  const word = v.verdict.toUpperCase();
  const painted = v.verdict === "pass" ? p.green(word) : p.red(word);
  lines.push(
    `${"".padEnd(LABEL_WIDTH)}slope ${slopeText(v)} · threshold ${
      thresholdText(v.threshold)
    } · ${painted}`,
  );
  for (const line of wrap(v.reason, 62, "  ")) {
    lines.push(p.dim(`${"".padEnd(LABEL_WIDTH)}${line}`));
  }
  return lines;
}

/**
 * The series on the time axis, one column per slice of time: each column
 * the mean of the samples in it, blank where there are none.
 */
function timeChart(
  times: readonly number[],
  values: readonly number[],
  endMs: number,
  columns: number,
): string | null {
  const sums = new Array<number>(columns).fill(0);
  const counts = new Array<number>(columns).fill(0);
  times.forEach((t, i) => {
    if (!Number.isFinite(values[i])) return;
    const k = column(t, endMs, columns);
    sums[k] += values[i];
    counts[k]++;
  });
  const filled = counts.flatMap((n, k) => (n > 0 ? [sums[k] / n] : []));
  if (filled.length === 0) return null;
  const blocks = [...sparkline(filled)];
  return counts.map((n) => (n > 0 ? blocks.shift() : " ")).join("");
}

/** How many columns the charts take: each spans 1.5 intervals or more. */
function chartColumns(view: SoakView): number {
  const intervalMs = view.record.header.settings.intervalMs;
  const fit = Math.floor(view.runMs / (INTERVALS_PER_COLUMN * intervalMs));
  return Math.max(1, Math.min(CHART_COLUMNS, fit));
}

/** The time axis under each chart: the warm-up shaded, restarts marked R. */
function markerLine(view: SoakView, columns: number): string {
  const warmupMs = view.record.header.settings.warmupMs;
  const cells: string[] = Array.from(
    { length: columns },
    (_, k) => ((k + 0.5) * view.runMs) / columns < warmupMs ? "░" : "─",
  );
  for (const r of view.restarts) {
    cells[column(r.tMs, view.runMs, columns)] = "R";
  }
  return cells.join("");
}

function column(tMs: number, endMs: number, columns: number): number {
  if (!(endMs > 0)) return 0;
  return Math.min(
    columns - 1,
    Math.max(0, Math.floor((tMs / endMs) * columns)),
  );
}

function num(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + "…";
}

/* ---------------------------------------------------------------- Markdown */

const MARKERS = { pass: "🟢", fail: "🔴", "too few samples": "🔴" } as const;

function markdownSoak(view: SoakView): string {
  const r = view.record;
  const out = [
    `## looplab ${escapeCell(title(view))}`,
    "",
    escapeCell(environmentLine(view)),
    "",
  ];
  const interrupted = interruptedText(view);
  if (interrupted !== null) out.push(`> **${escapeCell(interrupted)}**`, "");
  out.push(
    `**${escapeCell(finalWord(view))}** · ${escapeCell(runLine(view))}`,
    "",
    escapeCell(healthLine(view)),
    "",
    ...markdownTables(view),
  );
  const workload = workloadSummary(view);
  if (workload.length > 0) {
    out.push(
      "",
      "### workload",
      "",
      ...workload.map((l) => `- ${escapeCell(l)}`),
    );
  }
  if (r.verdict.reasons.length > 0) {
    out.push(
      "",
      "### why it failed",
      "",
      ...r.verdict.reasons.map((reason) => `- ${escapeCell(reason)}`),
    );
  }
  out.push("");
  return out.join("\n");
}

/** The lag, the workload's figures and the workers model: Markdown and HTML. */
function workloadSummary(view: SoakView): string[] {
  return [
    lagLine(view),
    ...workloadLines(view),
    workersLine(view),
    noThroughputText(view),
  ].filter((line): line is string => line !== null);
}

/** The tables Markdown and HTML share, as Markdown. */
function markdownTables(view: SoakView): string[] {
  const out = [
    "| resource | samples | slope [CI] | threshold | Mann–Kendall p | verdict | reason |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of resourceRows(view)) {
    out.push(`| ${row.map(escapeCell).join(" | ")} |`);
  }
  if (view.ends.length > 0 || view.restarts.length > 0) {
    out.push(
      "",
      "| child | at | event | how it ended |",
      "| --- | --- | --- | --- |",
      ...eventRows(view).map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
    );
  }
  return out;
}

/** One row per judged resource: the same cells in Markdown and HTML. */
function resourceRows(view: SoakView): string[][] {
  return view.resources.flatMap(({ verdict: v }) =>
    v === null ? [] : [[
      v.resource,
      String(v.samples),
      slopeText(v, ", "),
      thresholdText(v.threshold),
      v.trendP === null ? "n/a" : formatP(v.trendP),
      `${MARKERS[v.verdict]} ${v.verdict}`,
      v.reason,
    ]]
  );
}

/** The restarts and ends, in time order. */
function eventRows(view: SoakView): string[][] {
  const rows = [
    ...view.ends.map((e) => ({
      tMs: e.tMs,
      cells: [
        String(e.child),
        formatDuration(e.tMs),
        "end",
        endHow(e),
      ],
    })),
    ...view.restarts.map((r) => ({
      tMs: r.tMs,
      cells: [String(r.child), formatDuration(r.tMs), "restart", ""],
    })),
  ];
  return rows.sort((a, b) => a.tMs - b.tMs).map((row) => row.cells);
}

/* -------------------------------------------------------------------- HTML */

const SOAK_STYLE = `${STYLE}
.pass { color: #007a3d; font-weight: 600; } .fail { color: #b00020; font-weight: 600; }
.interrupted { color: #fff; background: #b00020; padding: .5rem .8rem; font-weight: 600; }
.env { color: #555; }
svg .warmup { fill: #e8e8e8; }
svg .threshold { stroke: #D55E00; stroke-width: 1.5; stroke-dasharray: 2 3; }
svg .restart { stroke: #b00020; stroke-dasharray: 4 2; } svg .restart-label { font-size: 10px; fill: #b00020; }
`;

function htmlSoak(view: SoakView): string {
  const r = view.record;
  const word = finalWord(view);
  const body: Child[] = [
    el("h1", {}, title(view)),
    el("p", { class: "env" }, environmentLine(view)),
  ];
  const interrupted = interruptedText(view);
  if (interrupted !== null) {
    body.push(el("p", { class: "interrupted" }, interrupted));
  }
  body.push(
    el(
      "p",
      {},
      el("span", { class: r.verdict.passed ? "pass" : "fail" }, word),
      ` · ${runLine(view)}`,
    ),
    el("p", {}, healthLine(view)),
  );
  if (r.verdict.reasons.length > 0) {
    body.push(
      el("ul", {}, "", r.verdict.reasons.map((x) => el("li", {}, x))),
    );
  }
  body.push(
    el("h2", {}, "resources"),
    htmlTable(
      [
        "resource",
        "samples",
        "slope [CI]",
        "threshold",
        "Mann–Kendall p",
        "verdict",
        "reason",
      ],
      resourceRows(view),
    ),
  );
  for (const resource of view.resources) {
    const v = resource.verdict;
    body.push(
      el("h3", {}, `${resource.resource} (${resource.unit})`),
      soakSeriesSvg({
        times: resource.times,
        values: resource.values,
        unit: resource.unit,
        warmupMs: r.header.settings.warmupMs,
        endMs: view.runMs,
        restarts: view.restarts,
        fit: resource.fit,
        threshold: resource.threshold,
        title: `${resource.resource} over time`,
        id: resource.resource,
      }),
      v === null ? el("p", {}, "not judged: no threshold") : el(
        "p",
        {},
        el(
          "span",
          { class: v.verdict === "pass" ? "pass" : "fail" },
          v.verdict,
        ),
        ` · ${v.reason}`,
      ),
    );
  }
  if (view.ends.length > 0 || view.restarts.length > 0) {
    body.push(
      el("h2", {}, "ends and restarts"),
      htmlTable(["child", "at", "event", "how it ended"], eventRows(view)),
    );
    for (const end of view.ends.filter((e) => e.detail)) {
      body.push(
        el("p", {}, `child ${end.child}'s last lines:`),
        el("pre", {}, end.detail ?? ""),
      );
    }
  }
  const workload = workloadSummary(view);
  if (workload.length > 0) {
    body.push(
      el("h2", {}, "workload"),
      el("ul", {}, "", workload.map((l) => el("li", {}, l))),
    );
  }
  return htmlPage(title(view), SOAK_STYLE, body);
}

function htmlTable(headings: string[], rows: string[][]): Markup {
  return el(
    "table",
    {},
    el("tr", {}, headings.map((h) => el("th", {}, h))),
    rows.map((row) => el("tr", {}, row.map((cell) => el("td", {}, cell)))),
  );
}
