/**
 * The report of `compare`: metric by metric, both centres, the change with
 * its CI, the p-value and the verdict, then the geometric mean of the
 * ratios, as benchstat prints it.
 *
 * @module
 */

import type { ComparisonRecord } from "../artifact/mod.ts";
import { formatP } from "./_format.ts";
import { terminalSafe } from "./_sanitize.ts";
import {
  centresText,
  counted,
  formatChange,
  percentChange,
  verdictWord,
} from "./_vocabulary.ts";

/** The geometric mean of the comparisons' ratios, for {@link renderComparisons}. */
export interface GeomeanOfRatios {
  /** The geometric mean of the ratios new / base. */
  ratio: number;
  /** How many comparisons had a ratio to take it over. */
  metrics: number;
}

/**
 * Renders comparisons of two runs, one block per metric, and their
 * geometric mean; names, units and warnings read from the artifacts are
 * printed without their control characters.
 *
 * @param comparisons the comparisons, candidate against base
 * @param geomean the geometric mean of their ratios
 * @returns the text, lines joined with newlines
 *
 * @example
 * ```ts
 * import { renderComparisons } from "@looplab/looplab/report";
 * import { assertStringIncludes } from "@std/assert";
 * const text = renderComparisons([], { ratio: 1.05, metrics: 0 });
 * assertStringIncludes(text, "geomean of ratios over 0 metrics: +5.0%");
 * ```
 */
export function renderComparisons(
  comparisons: readonly ComparisonRecord[],
  geomean: GeomeanOfRatios,
): string {
  const lines: string[] = [];
  for (const c of terminalSafe(comparisons)) {
    lines.push(`${c.candidate}  ${c.metric}`);
    // Where the change has no interval, formatChange is the centres again.
    const centres = centresText(c);
    const change = Number.isFinite(c.ratio.point) ? formatChange(c) : centres;
    lines.push(
      `  ${change.startsWith(centres) ? change : `${centres}  ${change}`}` +
        `  p ${formatP(c.p)}  ${verdictWord(c.verdict, c.unit)}`,
    );
    for (const warning of c.warnings) lines.push(`  ⚠ ${warning}`);
  }
  const left = comparisons.length - geomean.metrics;
  lines.push(
    "",
    `geomean of ratios over ${counted(geomean.metrics, "metric")}` +
      (left > 0 ? ` (${left} without a ratio left out)` : "") +
      `: ${percentChange(geomean.ratio)}`,
  );
  return lines.join("\n");
}
