/**
 * The report of `analyze`: one block per series of samples from any tool —
 * median and mean with their CIs, spread, percentiles, the outlier sentence
 * and the modality.
 *
 * @module
 */

import type { SampleAnalysis } from "../stats/mod.ts";
import { formatValue } from "./_format.ts";
import { terminalSafe } from "./_sanitize.ts";
import { modalityPhrase, outlierSentence } from "./_vocabulary.ts";

/**
 * Renders the analysis of one named series of samples; the name and unit,
 * read from a file, are printed without their control characters.
 *
 * @param name the series' name
 * @param unit its unit ("" for none)
 * @param analysis what `analyzeSample` found
 * @returns the block of text, lines joined with newlines
 *
 * @example
 * ```ts
 * import { renderAnalysis } from "@looplab/looplab/report";
 * import { analyzeSample } from "@looplab/looplab/stats";
 * import { assertStringIncludes } from "@std/assert";
 * const text = renderAnalysis("sleep", "ms", analyzeSample([3, 1, 2, 5, 4]));
 * assertStringIncludes(text, "sleep\n  median 3.00 ms");
 * ```
 */
export function renderAnalysis(
  name: string,
  unit: string,
  analysis: SampleAnalysis,
): string {
  name = terminalSafe(name);
  unit = terminalSafe(unit);
  const v = (x: number) => formatValue(x, unit);
  const ci = (interval: SampleAnalysis["meanCI"]) =>
    interval
      ? `  [${v(interval.lower)} … ${v(interval.upper)}] ${
        interval.level * 100
      }% CI`
      : "";
  const s = analysis.summary;
  const modality = modalityPhrase(analysis.modality, unit);
  return [
    name,
    `  median ${v(s.median)}${ci(analysis.medianCI)}`,
    `  mean   ${v(s.mean)}${ci(analysis.meanCI)}`,
    `  sd ${v(s.stdDev)}  MAD ${v(s.mad)}  min ${v(s.min)}  max ${
      v(s.max)
    }  n ${s.n}`,
    `  p75 ${v(s.p75)}  p90 ${v(s.p90)}  p99 ${v(s.p99)}  p99.9 ${v(s.p999)}`,
    `  ${outlierSentence(analysis.outliers, s.n)}`,
    ...(modality === null ? [] : [`  ${modality}`]),
  ].join("\n");
}
