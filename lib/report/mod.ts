/**
 * Reports: pure functions of an artifact — terminal, Markdown, CSV, HTML
 * with SVG charts, Bencher Metric Format and github-action-benchmark.
 *
 * @module
 */

export * from "./bmf.ts";
export * from "./csv.ts";
export * from "./format.ts";
export * from "./github_action_benchmark.ts";
export * from "./html.ts";
export * from "./markdown.ts";
export * from "./render.ts";
export * from "./terminal.ts";
