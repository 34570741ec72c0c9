/**
 * Every report format by name, so that `report --format F` and `run --md …`
 * share one table of renderers.
 *
 * @module
 */

import { type Artifact, artifactToJson } from "../artifact/mod.ts";
import { toBmf } from "./bmf.ts";
import { renderCsv } from "./csv.ts";
import { toGithubBenchmark } from "./github_action_benchmark.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderTerminal } from "./terminal.ts";

/** The report formats. */
export const FORMATS: readonly string[] = [
  "terminal",
  "markdown",
  "csv",
  "html",
  "bmf",
  "github-action-benchmark",
  "json",
];

/** A report format's name. */
export type Format =
  | "terminal"
  | "markdown"
  | "csv"
  | "html"
  | "bmf"
  | "github-action-benchmark"
  | "json";

/** Options of {@link renderFormat}. */
export interface RenderOptions {
  /** terminal: ANSI colours. @default false */
  color?: boolean;
  /** terminal: inline charts. @default false */
  charts?: boolean;
  /** github-action-benchmark: which direction's metrics. @default "smaller" */
  direction?: "smaller" | "bigger";
  /** json: no indentation. @default false */
  compact?: boolean;
}

/**
 * Whether a name is a report format (aliases: md, gab).
 *
 * @param name the name given
 * @returns the canonical format, or null
 *
 * @example
 * ```ts
 * import { parseFormat } from "./render.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parseFormat("md"), "markdown");
 * assertEquals(parseFormat("pdf"), null);
 * ```
 */
export function parseFormat(name: string): Format | null {
  const canonical = name === "md"
    ? "markdown"
    : name === "gab"
    ? "github-action-benchmark"
    : name;
  return FORMATS.includes(canonical) ? canonical as Format : null;
}

/**
 * Renders an artifact in one format.
 *
 * @param artifact the run
 * @param format the format
 * @param options colour, direction, compactness
 * @returns the report text
 *
 * @example
 * ```ts ignore
 * renderFormat(artifact, "markdown");
 * ```
 */
export function renderFormat(
  artifact: Artifact,
  format: Format,
  options: RenderOptions = {},
): string {
  switch (format) {
    case "terminal":
      return renderTerminal(artifact, {
        color: options.color ?? false,
        charts: options.charts ?? false,
      }) + "\n";
    case "markdown":
      return renderMarkdown(artifact);
    case "csv":
      return renderCsv(artifact);
    case "html":
      return renderHtml(artifact);
    case "bmf":
      return JSON.stringify(toBmf(artifact), null, 2) + "\n";
    case "github-action-benchmark":
      return JSON.stringify(
        toGithubBenchmark(artifact, options.direction ?? "smaller"),
        null,
        2,
      ) + "\n";
    case "json":
      return artifactToJson(artifact, !options.compact);
  }
}
