/**
 * Reports: pure functions of an artifact — terminal, Markdown, CSV, HTML
 * with SVG charts, Bencher Metric Format and github-action-benchmark. The
 * package exports this as `@looplab/looplab/report`.
 *
 * @module
 */

export { renderAnalysis } from "./analysis.ts";
export { type Bmf, type BmfMetric, toBmf } from "./bmf.ts";
export { type GeomeanOfRatios, renderComparisons } from "./comparisons.ts";
export { CSV_COLUMNS, renderCsv } from "./csv.ts";
export {
  type GithubBenchmarkEntry,
  toGithubBenchmark,
} from "./github_action_benchmark.ts";
export { renderHtml } from "./html.ts";
export { renderMarkdown } from "./markdown.ts";
export { renderSoak, type SoakFormat, type SoakRenderOptions } from "./soak.ts";
export {
  type Format,
  FORMATS,
  parseFormat,
  renderFormat,
  type RenderOptions,
} from "./render.ts";
export { terminalSafe } from "./_sanitize.ts";
export { renderTerminal, type TerminalOptions } from "./terminal.ts";
