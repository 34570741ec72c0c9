/**
 * The terminal report: a pure function of an artifact, readable at 80
 * columns. A "revs" artifact's opens with its summary line, both revisions
 * and the cases on one side only. For each case and metric the centre with its CI and fork count,
 * mean, p99, criterion's outlier line, the modality line when there is more
 * than one mode, and warnings; the cases declared but not run; then the
 * comparisons and sweeps; and last the summary of what was found: each
 * comparison on one line, their tally, the cases whose forks were not steady
 * or were disturbed, and the cases' count.
 *
 * @module
 */

import {
  type Artifact,
  caseId,
  type CaseRecord,
  type ComparisonRecord,
  type MetricRecord,
  type SweepRecord,
} from "../artifact/mod.ts";
import { binCounts } from "./_bins.ts";
import { formatP, formatValue, significant } from "./_format.ts";
import { terminalSafe } from "./_sanitize.ts";
import { summarizeRevs, summarizeRun, unsettledPhrase } from "./_summary.ts";
import {
  clockCostText,
  comparisonTitle,
  counted,
  formatChange,
  modalityPhrase,
  oneSideText,
  outlierSentence,
  outlierTotal,
  skippedText,
  steadyStatesText,
  sweepFinding,
  verdictWord,
} from "./_vocabulary.ts";

/** Options of {@link renderTerminal}. */
export interface TerminalOptions {
  /** Use ANSI colours. @default false */
  color?: boolean;
  /**
   * Inline charts (a distribution sparkline per metric, a curve per sweep):
   * for a person at a terminal, never for piped output. @default color
   */
  charts?: boolean;
}

const BLOCKS = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of values scaled between their min and max.
 *
 * @param values the heights
 * @returns one block character per value
 *
 * @example
 * ```ts
 * import { sparkline } from "./terminal.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(sparkline([0, 1, 2, 3]), "▁▃▆█");
 * ```
 */
export function sparkline(values: readonly number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) =>
    BLOCKS[
      hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1))
    ]
  ).join("");
}

/** A histogram of samples between min and p99 as a sparkline. */
function distributionLine(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const lo = sorted[0];
  const hi = sorted[Math.floor(0.99 * (sorted.length - 1))];
  if (!(hi > lo)) return "";
  return sparkline(binCounts(sorted, lo, hi, 32).counts);
}

/** ANSI styles, or none: what {@link paint} returns. */
export interface Paint {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

/**
 * The terminal's styles: ANSI colours, or plain text when `color` is false.
 *
 * @param color whether to colour
 * @returns the styles
 *
 * @example
 * ```ts
 * import { paint } from "./terminal.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(paint(true).red("x"), "\x1b[31mx\x1b[0m");
 * assertEquals(paint(false).red("x"), "x");
 * ```
 */
export function paint(color: boolean): Paint {
  const wrap = (code: number) => (s: string) =>
    color ? `\x1b[${code}m${s}\x1b[0m` : s;
  return {
    bold: wrap(1),
    red: wrap(31),
    green: wrap(32),
    yellow: wrap(33),
    dim: wrap(2),
  };
}

/**
 * Renders an artifact as the terminal report. Every string of the artifact
 * is printed without its control characters ({@link terminalSafe}): names,
 * units, messages and a fork's stderr come from code looplab did not write.
 *
 * @param artifact the run
 * @param options colour
 * @returns the report, lines joined with newlines
 *
 * @example
 * ```ts ignore
 * console.log(renderTerminal(artifact, { color: !Deno.noColor }));
 * ```
 */
export function renderTerminal(
  artifact: Artifact,
  options: TerminalOptions = {},
): string {
  artifact = terminalSafe(artifact);
  const p = paint(options.color ?? false);
  const charts = options.charts ?? options.color ?? false;
  const lines: string[] = [];
  const env = artifact.environment;
  const c = artifact.config;
  lines.push(
    p.dim(
      `looplab ${artifact.tool.version} · Deno ${env.deno} · ${env.os} ${env.arch}` +
        ` · ${env.cpuModel ?? "unknown CPU"} × ${env.cores}` +
        (env.git
          ? ` · ${env.git.commit.slice(0, 8)}${env.git.dirty ? "+" : ""}`
          : ""),
    ),
  );
  lines.push(
    p.dim(
      `${counted(c.forks, "fork")} × ${c.timeMs} ms per case` +
        `${c.quick ? " (quick)" : ""}${c.inProcess ? " (in-process)" : ""}` +
        ` · ${c.level * 100}% CIs · seed ${c.seed}`,
    ),
  );
  const revs = summarizeRevs(artifact);
  if (revs !== null) {
    lines.push("", p.bold(revs.line), ...revs.revisions);
    for (
      const side of [
        oneSideText("added", artifact.added),
        oneSideText("removed", artifact.removed),
      ]
    ) {
      if (side !== null) lines.push(side);
    }
  }
  for (const record of artifact.cases) {
    lines.push("", ...renderCase(record, p, charts));
  }
  const skipped = skippedText(artifact.skipped);
  if (skipped !== null) lines.push("", skipped);
  if (artifact.comparisons.length > 0) {
    lines.push("", p.bold("comparisons"));
    for (const comparison of artifact.comparisons) {
      lines.push(...renderComparison(comparison, artifact.cases, p));
    }
  }
  if (artifact.sweeps.length > 0) {
    lines.push("", p.bold("sweeps"));
    for (const sweep of artifact.sweeps) {
      lines.push(...renderSweep(sweep, charts));
    }
  }
  lines.push("", ...renderSummary(artifact, p));
  return lines.join("\n");
}

/**
 * What was found, last, where the terminal leaves the reader: the
 * comparisons, slower first, their tally, the unsettled cases and the
 * cases' count.
 */
function renderSummary(artifact: Artifact, p: Paint): string[] {
  const { comparisons, tally, unsettled } = summarizeRun(artifact);
  const lines = [p.bold("summary")];
  for (const c of comparisons) {
    const word = verdictWord(c.verdict, c.unit);
    const color = c.verdict === "faster"
      ? p.green
      : c.verdict === "slower"
      ? p.red
      : (s: string) => s;
    lines.push(
      `  ${color(word.padEnd(12))} ${comparisonTitle(c, artifact.cases)}` +
        `${c.source === "baseline" ? " (vs baseline)" : ""}  ${c.metric}  ` +
        formatChange(c),
    );
  }
  if (tally !== null) lines.push(`  ${tally}`);
  for (const u of unsettled) {
    lines.push(p.yellow(`  ${u.id}: ${unsettledPhrase(u)}`));
  }
  const s = artifact.summary;
  lines.push(
    `${counted(s.cases, "case")}: ${s.passed} passed, ` +
      (s.failed > 0 ? p.red(`${s.failed} failed`) : `${s.failed} failed`),
  );
  return lines;
}

function renderCase(record: CaseRecord, p: Paint, charts: boolean): string[] {
  // The id names the case and its parameters: never clipped. The
  // description is, and goes on a line of its own when the id is long.
  const title = `${record.id}${
    record.description ? ` — ${record.description}` : ""
  }`;
  const lines = title.length <= 80 || !record.description
    ? [p.bold(title)]
    : record.id.length <= 60
    ? [p.bold(clip(title, 80))]
    : [p.bold(record.id), p.dim(`  ${clip(record.description, 78)}`)];
  if (record.status === "failed" && record.failure) {
    lines.push(
      p.red(
        `  ✗ failed (${record.failure.kind}, fork ${
          record.failure.fork + 1
        }): `,
      ) +
        record.failure.message,
    );
    const detail = (record.failure.detail ?? "").split("\n").filter((l) =>
      l.trim() !== ""
    );
    for (const line of detail.slice(0, 6)) {
      lines.push(p.dim(`    ${clip(line.trim(), 76)}`));
    }
  }
  for (const metric of record.metrics) {
    if (record.status === "failed" && metric.analysis === null) continue;
    lines.push(...renderMetric(metric, record, p, charts));
  }
  return lines;
}

function renderMetric(
  m: MetricRecord,
  record: CaseRecord,
  p: Paint,
  charts: boolean,
): string[] {
  const a = m.analysis;
  const pad = "  ";
  const lines: string[] = [];
  if (a === null) {
    lines.push(`${pad}${m.name}: no samples`);
    return lines;
  }
  const centre = a.centre;
  const forks = counted(centre.forks, "fork");
  const modality = modalityPhrase(a.modality, m.unit);
  lines.push(
    `${pad}${m.name.padEnd(10)} ${formatValue(centre.point, m.unit)}  ` +
      `[${formatValue(centre.lower, m.unit)} … ${
        formatValue(centre.upper, m.unit)
      }]` +
      `  ${centre.level * 100}% CI, ${forks}`,
  );
  lines.push(
    `${pad}${"".padEnd(10)} mean ${formatValue(a.summary.mean, m.unit)}` +
      `  p99 ${formatValue(a.summary.p99, m.unit)}  n ${a.summary.n}` +
      // One mode, or too few samples to judge, is said outright, as every
      // report says it, so that it is not read from a missing line; several
      // modes get a line of their own below.
      (modality !== null && !a.modality.multimodal ? `  ${modality}` : ""),
  );
  if (charts) {
    const spark = distributionLine(m.samples.flat());
    if (spark !== "") {
      lines.push(
        p.dim(`${pad}${"".padEnd(10)} ${spark}  min … p99`),
      );
    }
  }
  if (outlierTotal(a.outliers) > 0) {
    const text = outlierSentence(a.outliers, a.summary.n);
    for (const line of wrap(text, 68, "  ")) {
      lines.push(`${pad}${"".padEnd(10)} ${line}`);
    }
  }
  if (a.outlierVariance && a.outlierVariance.effect !== "unaffected") {
    lines.push(
      `${pad}${"".padEnd(10)} variance introduced by outliers: ` +
        `${
          (a.outlierVariance.fraction * 100).toFixed(0)
        }% (${a.outlierVariance.effect})`,
    );
  }
  if (modality !== null && a.modality.multimodal) {
    lines.push(p.yellow(`${pad}${"".padEnd(10)} ${modality}`));
  }
  const heap = record.forks.map((f) => f.heapBytesPerIteration).filter((
    x,
  ): x is number => x !== null);
  if (record.kind === "bench" && heap.length > 0) {
    const sorted = [...heap].sort((x, y) => x - y);
    lines.push(
      `${pad}${"".padEnd(10)} heap ${
        significant(sorted[sorted.length >> 1])
      } B per call`,
    );
  }
  const clockCost = clockCostText(record.forks);
  if (clockCost !== null) lines.push(`${pad}${"".padEnd(10)} ${clockCost}`);
  const states = steadyStatesText(record.forks);
  if (states !== null) lines.push(`${pad}${"".padEnd(10)} ${states}`);
  for (const warning of m.warnings) {
    for (const line of wrap(`⚠ ${warning}`, 66, "  ")) {
      lines.push(p.yellow(`${pad}${"".padEnd(10)} ${line}`));
    }
  }
  return lines;
}

function renderComparison(
  c: ComparisonRecord,
  cases: readonly CaseRecord[],
  p: Paint,
): string[] {
  const color = c.verdict === "faster"
    ? p.green
    : c.verdict === "slower"
    ? p.red
    : (s: string) => s;
  const source = c.source === "baseline" ? " (vs baseline)" : "";
  const lines = [
    `  ${comparisonTitle(c, cases)}${source}`,
    `    ${c.metric}: ${formatChange(c)}` +
    `  p ${formatP(c.p)} (${c.test})  ` + color(verdictWord(c.verdict, c.unit)),
  ];
  for (const warning of c.warnings) {
    for (const line of wrap(`⚠ ${warning}`, 74, "  ")) {
      lines.push(p.yellow(`    ${line}`));
    }
  }
  return lines;
}

function renderSweep(s: SweepRecord, charts: boolean): string[] {
  const lines = [
    `  ${caseId(s.suite, s.case, s.fixed)}: ${s.metric} over ${s.param}`,
  ];
  for (const point of s.points) {
    lines.push(
      `    ${s.param}=${String(point.x).padEnd(8)} ${
        formatValue(point.centre, s.unit)
      }` +
        `  [${formatValue(point.lower, s.unit)} … ${
          formatValue(point.upper, s.unit)
        }]`,
    );
  }
  const centres = s.points.map((x) => x.centre).filter((x): x is number =>
    x !== null
  );
  if (charts && centres.length > 1) {
    lines.push(`    ${sparkline(centres)}  ${s.metric} as ${s.param} grows`);
  }
  lines.push(`    ${sweepFinding(s)}`);
  if (s.knee) {
    lines.push(
      `    slope at the knee: ${formatValue(s.knee.slopeBefore, s.unit)} → ${
        formatValue(s.knee.slopeAfter, s.unit)
      } per unit of ${s.param}`,
    );
  }
  return lines;
}

/**
 * Word-wraps text to `width` columns; continuation lines get `indent`.
 *
 * @param text the text
 * @param width the columns
 * @param indent what continuation lines start with
 * @returns the lines
 *
 * @example
 * ```ts
 * import { wrap } from "./terminal.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(wrap("one two three", 8, "  "), ["one two", "  three"]);
 * ```
 */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (candidate.length > width && line !== "") {
      lines.push(line);
      line = indent + word;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + "…";
}
