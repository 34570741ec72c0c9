/**
 * The phrases several reports print, each built once: verdict words, the
 * change notation, the outlier sentence, the modes, a case's parameters,
 * a comparison's title, a sweep's finding, the cases skipped, a clock cost
 * subtracted, a revision and the cases on one side only.
 * The terminal, Markdown, HTML, `analyze` and `compare` reports all say
 * these things the same way.
 *
 * @module
 */

import {
  type CaseRecord,
  type ComparisonRecord,
  isTimeUnit,
  type RevisionRecord,
  type SweepRecord,
} from "../artifact/mod.ts";
import type { Verdict } from "../stats/mod.ts";
import { formatValue, significant } from "./_format.ts";

/** The four Tukey outlier classes, counted. */
export interface OutlierCounts {
  /** Below the low severe fence. */
  lowSevere: number;
  /** Between the low severe and low mild fences. */
  lowMild: number;
  /** Between the high mild and high severe fences. */
  highMild: number;
  /** Above the high severe fence. */
  highSevere: number;
}

/** What a report reads of a modality analysis. */
export interface ModalityView {
  /** More than one mode. */
  multimodal: boolean;
  /** Too few samples to judge. */
  tooFewSamples: boolean;
  /** The modes: where each is and its share of the samples. */
  modes: readonly { location: number; share: number }[];
}

/**
 * "1 fork", "3 forks": a count with its noun.
 *
 * @param n the count
 * @param noun the singular noun
 * @returns the count and the noun, plural unless n is 1
 *
 * @example
 * ```ts
 * import { counted } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(counted(1, "fork"), "1 fork");
 * assertEquals(counted(5, "case"), "5 cases");
 * ```
 */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * How many samples fall outside the mild fences.
 *
 * @param o the outlier counts
 * @returns their total
 *
 * @example
 * ```ts
 * import { outlierTotal } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const o = { lowSevere: 0, lowMild: 1, highMild: 2, highSevere: 3 };
 * assertEquals(outlierTotal(o), 6);
 * ```
 */
export function outlierTotal(o: OutlierCounts): number {
  return o.lowSevere + o.lowMild + o.highMild + o.highSevere;
}

/**
 * criterion's outlier sentence: how many, their share, and the classes
 * that occur.
 *
 * @param o the outlier counts
 * @param n the number of measurements
 * @returns the sentence, or "No outliers among n measurements"
 *
 * @example
 * ```ts
 * import { outlierSentence } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const o = { lowSevere: 0, lowMild: 0, highMild: 2, highSevere: 1 };
 * assertEquals(
 *   outlierSentence(o, 100),
 *   "Found 3 outliers among 100 measurements (3.00%): 2 high mild, 1 high severe",
 * );
 * ```
 */
export function outlierSentence(o: OutlierCounts, n: number): string {
  const total = outlierTotal(o);
  if (total === 0) return `No outliers among ${n} measurements`;
  const classes = ([
    [o.lowSevere, "low severe"],
    [o.lowMild, "low mild"],
    [o.highMild, "high mild"],
    [o.highSevere, "high severe"],
  ] as const).filter(([count]) => count > 0)
    .map(([count, name]) => `${count} ${name}`);
  return `Found ${total} outliers among ${n} measurements ` +
    `(${outlierPercent(total, n)}): ${classes.join(", ")}`;
}

/**
 * The outliers' count and share, for a table cell.
 *
 * @param o the outlier counts
 * @param n the number of measurements
 * @returns e.g. "3 of 100 (3.00%)"
 *
 * @example
 * ```ts
 * import { outlierShare } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const o = { lowSevere: 0, lowMild: 0, highMild: 2, highSevere: 1 };
 * assertEquals(outlierShare(o, 100), "3 of 100 (3.00%)");
 * ```
 */
export function outlierShare(o: OutlierCounts, n: number): string {
  const total = outlierTotal(o);
  return `${total} of ${n} (${outlierPercent(total, n)})`;
}

function outlierPercent(total: number, n: number): string {
  return `${(total / n * 100).toFixed(2)}%`;
}

/**
 * What a modality analysis says: the modes when there are several — each
 * where it is, the others with their distance from the largest (a slow mode
 * reads "+1 ms", a fast one "−1 ms") — "unimodal" when there is one, and
 * "too few samples to judge modality" when it could not tell. Null when the
 * analysis declined to read modes (a lattice of counts: several modes, but
 * not multimodal).
 *
 * @param modality the modality analysis
 * @param unit the metric's unit
 * @returns the phrase, or null
 *
 * @example
 * ```ts
 * import { modalityPhrase } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const modes = [
 *   { location: 1_170_000, share: 0.08 },
 *   { location: 2_180_000, share: 0.92 },
 * ];
 * assertEquals(
 *   modalityPhrase({ multimodal: true, tooFewSamples: false, modes }, "ns"),
 *   "2 modes: 8% near 1.17 ms (−1.01 ms), 92% near 2.18 ms",
 * );
 * ```
 */
export function modalityPhrase(
  modality: ModalityView,
  unit: string,
): string | null {
  const { modes } = modality;
  if (modality.multimodal) {
    const primary = modes.reduce((x, y) => (y.share > x.share ? y : x));
    const each = modes.map((mode) => {
      const where = `${(mode.share * 100).toFixed(0)}% near ${
        formatValue(mode.location, unit)
      }`;
      if (mode === primary) return where;
      const offset = mode.location - primary.location;
      const sign = offset >= 0 ? "+" : "−";
      return `${where} (${sign}${formatValue(Math.abs(offset), unit)})`;
    });
    return `${modes.length} modes: ${each.join(", ")}`;
  }
  if (modality.tooFewSamples) return "too few samples to judge modality";
  return modes.length === 1 ? "unimodal" : null;
}

/**
 * A case's parameters as its id writes them.
 *
 * @param params the parameter values
 * @returns e.g. "n=2,mode=yield", or "" without parameters
 *
 * @example
 * ```ts
 * import { paramsText } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(paramsText({ n: 2, mode: "yield" }), "n=2,mode=yield");
 * ```
 */
export function paramsText(
  params: Readonly<Record<string, unknown>>,
): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(",");
}

/**
 * A comparison's title: "suite/b vs a [params]" when both cases share the
 * suite and parameters, as declared comparisons do; both ids in full
 * otherwise. Read from the case records, never parsed out of the ids.
 *
 * @param c the comparison's case ids
 * @param cases the run's cases
 * @returns the title
 *
 * @example
 * ```ts
 * import { comparisonTitle } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const record = (name: string) => ({
 *   id: `s/${name}[n=2]`, suite: "s", case: name, params: { n: 2 },
 * });
 * const cases = [record("a"), record("b")];
 * assertEquals(
 *   comparisonTitle({ candidate: "s/b[n=2]", base: "s/a[n=2]" }, cases),
 *   "s/b vs a [n=2]",
 * );
 * assertEquals(
 *   comparisonTitle({ candidate: "x", base: "s/a[n=2]" }, cases),
 *   "x vs s/a[n=2]",
 * );
 * ```
 */
export function comparisonTitle(
  c: Pick<ComparisonRecord, "candidate" | "base">,
  cases: readonly Pick<CaseRecord, "id" | "suite" | "case" | "params">[],
): string {
  const candidate = cases.find((x) => x.id === c.candidate);
  const base = cases.find((x) => x.id === c.base);
  if (candidate === undefined || base === undefined) {
    return `${c.candidate} vs ${c.base}`;
  }
  const params = paramsText(candidate.params);
  return candidate.suite === base.suite && params === paramsText(base.params)
    ? `${candidate.suite}/${candidate.case} vs ${base.case}${
      params ? ` [${params}]` : ""
    }`
    : `${c.candidate} vs ${c.base}`;
}

/**
 * What a sweep found: its best-fitting complexity class with the fit's
 * normalised RMS, and the knee when the artifact holds one (the runner
 * keeps only a relevant knee; a report prints it as it is).
 *
 * @param sweep the sweep's parameter, fit and knee
 * @returns e.g. "best fit O(n) (normalised RMS 0.0123), knee at n ≈ 512",
 *   or "no fit" (and the knee) when there was none
 *
 * @example
 * ```ts
 * import { sweepFinding } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const fit = { complexity: "n" as const, coefficient: 2, rms: 0.012345 };
 * const knee = {
 *   x: 512, gridX: 512, index: 4, slopeBefore: 1, slopeAfter: 3,
 *   sse: 0, sseLine: 1, p: 0.01,
 * };
 * assertEquals(
 *   sweepFinding({ param: "n", complexity: { best: fit, fits: [fit] }, knee }),
 *   "best fit O(n) (normalised RMS 0.0123), knee at n ≈ 512",
 * );
 * assertEquals(
 *   sweepFinding({ param: "n", complexity: null, knee: null }),
 *   "no fit",
 * );
 * ```
 */
export function sweepFinding(
  sweep: Pick<SweepRecord, "param" | "complexity" | "knee">,
): string {
  const { complexity, knee } = sweep;
  const fit = complexity
    ? `best fit O(${complexity.best.complexity}) ` +
      `(normalised RMS ${significant(complexity.best.rms)})`
    : "no fit";
  return knee ? `${fit}, knee at ${sweep.param} ≈ ${significant(knee.x)}` : fit;
}

/**
 * A ratio as a signed percentage change: 1.098 → "+9.8%"; from ten-fold up,
 * as a factor: 157.6 → "×158".
 *
 * @param ratio new / old
 * @returns the text
 *
 * @example
 * ```ts
 * import { percentChange } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(percentChange(0.95), "−5.0%");
 * assertEquals(percentChange(157.6), "×158");
 * ```
 */
export function percentChange(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "n/a";
  // Past ten-fold a percentage stops reading ("+1576265.4%"): say "×15763".
  if (ratio >= 10) return `×${significant(ratio)}`;
  const change = (ratio - 1) * 100;
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  return `${sign}${Math.abs(change).toFixed(1)}%`;
}

/**
 * The word a report prints for a verdict: "faster" and "slower" for times
 * and rates, "better" and "worse" for anything else (a count of timer
 * fires is not faster for being smaller).
 *
 * @param verdict the comparison's verdict
 * @param unit the metric's unit
 * @returns the word
 *
 * @example
 * ```ts
 * import { verdictWord } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(verdictWord("faster", "count"), "better");
 * ```
 */
export function verdictWord(verdict: Verdict, unit: string): string {
  if (verdict !== "faster" && verdict !== "slower") return verdict;
  if (isTimeUnit(unit) || /\/s$/.test(unit)) return verdict;
  return verdict === "faster" ? "better" : "worse";
}

/**
 * A comparison's two centres, base first.
 *
 * @param c the comparison's centres and unit
 * @returns e.g. "1.00 ms → 1.10 ms"
 *
 * @example
 * ```ts
 * import { centresText } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   centresText({ baseCentre: 1, candidateCentre: 1.1, unit: "ms" }),
 *   "1.00 ms → 1.10 ms",
 * );
 * ```
 */
export function centresText(
  c: { baseCentre: number; candidateCentre: number; unit: string },
): string {
  return `${formatValue(c.baseCentre, c.unit)} → ${
    formatValue(c.candidateCentre, c.unit)
  }`;
}

/**
 * A comparison's change with its CI, one notation for all three numbers:
 * percentages, or factors when any of them is ten-fold or more. A change
 * from zero has no ratio, and one to zero no interval: they are written as
 * the two centres.
 *
 * @param c the comparison's ratio, centres and unit
 * @param separator between the CI's ends
 * @returns e.g. "+9.8% [+2.1% … +18.0%]", "×10.6 [×7.17 … ×15.7]" or
 *   "0 count → 420 count"
 *
 * @example
 * ```ts
 * import { formatChange } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const change = formatChange({
 *   ratio: { point: 1.098, lower: 1.021, upper: 1.18 },
 *   baseCentre: 1,
 *   candidateCentre: 1.098,
 *   unit: "ms",
 * });
 * assertEquals(change, "+9.8% [+2.1% … +18.0%]");
 * ```
 */
export function formatChange(
  c: {
    ratio: { point: number; lower: number; upper: number };
    baseCentre: number;
    candidateCentre: number;
    unit: string;
  },
  separator = " … ",
): string {
  const { point, lower, upper } = c.ratio;
  const centres = centresText(c);
  if (point === null || !Number.isFinite(point)) return centres;
  // A change to zero has a ratio but no interval on the log scale.
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
    return `${centres} (${percentChange(point)})`;
  }
  const factors = [point, lower, upper].some((r) =>
    Number.isFinite(r) && r >= 10
  );
  const one = (r: number) =>
    !Number.isFinite(r)
      ? "n/a"
      : factors
      ? `×${significant(r)}`
      : percentChange(r);
  return `${one(point)} [${one(lower)}${separator}${one(upper)}]`;
}

/**
 * The steady-state classes of a case's forks in one line, most common
 * first; null when no fork was classified (experiments, older artifacts).
 *
 * @param forks the case's forks
 * @returns e.g. "forks: 3 warmup, 1 flat, 1 no steady state"
 *
 * @example
 * ```ts
 * import { steadyStatesText } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * const fork = (c: "flat" | "warmup" | null) => ({
 *   steadyState: c === null ? null : { class: c, steadyFrom: 0 },
 * });
 * assertEquals(
 *   steadyStatesText([fork("warmup"), fork("flat"), fork("warmup")]),
 *   "forks: 2 warmup, 1 flat",
 * );
 * assertEquals(steadyStatesText([fork(null)]), null);
 * ```
 */
export function steadyStatesText(
  forks: readonly { steadyState: { class: string } | null }[],
): string | null {
  const counts = new Map<string, number>();
  for (const f of forks) {
    if (f.steadyState) {
      counts.set(
        f.steadyState.class,
        (counts.get(f.steadyState.class) ?? 0) + 1,
      );
    }
  }
  if (counts.size === 0) return null;
  return "forks: " + [...counts].sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${n} ${c}`).join(", ");
}

/**
 * The line naming the cases a run declared but did not run, each by its
 * canonical id with the reason, so that a report shows what was left out.
 *
 * @param skipped the artifact's skipped cases
 * @returns "skipped: id (reason), …", or null when none was skipped
 *
 * @example
 * ```ts
 * import { skippedText } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   skippedText([
 *     { id: "text/reverse_bench.ts/slow one", reason: "ignored" },
 *     { id: "text/reverse_bench.ts/fast", reason: "not only" },
 *   ]),
 *   "skipped: text/reverse_bench.ts/slow one (ignored), text/reverse_bench.ts/fast (not only)",
 * );
 * assertEquals(skippedText([]), null);
 * ```
 */
export function skippedText(
  skipped: readonly { id: string; reason: string }[],
): string | null {
  if (skipped.length === 0) return null;
  return "skipped: " +
    skipped.map((s) => `${s.id} (${s.reason})`).join(", ");
}

/**
 * What a case's forks timed between explicit start/end marks had subtracted:
 * the clock's cost per pair of readings, the median over its forks.
 *
 * @param forks the case's forks
 * @returns the phrase, or null when no fork was timed between marks
 *
 * @example
 * ```ts
 * import { clockCostText } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   clockCostText([{ clockCostNs: 31.25 }, { clockCostNs: 29.5 }, { clockCostNs: 40 }]),
 *   "timed between b.start()/b.end(), clock cost 31.3 ns subtracted",
 * );
 * assertEquals(clockCostText([{ clockCostNs: null }]), null);
 * ```
 */
export function clockCostText(
  forks: readonly { clockCostNs: number | null }[],
): string | null {
  const costs = forks.map((f) => f.clockCostNs)
    .filter((x): x is number => x !== null)
    .sort((x, y) => x - y);
  if (costs.length === 0) return null;
  return `timed between b.start()/b.end(), clock cost ${
    significant(costs[costs.length >> 1])
  } ns subtracted`;
}

/**
 * One side of a revs run: the side, the revision as named, its short SHA,
 * its subject, and "(dirty)" when the working tree had uncommitted changes.
 *
 * @param side "base" or "candidate"
 * @param revision the revision the artifact records
 * @returns e.g. "base main 3da0cd0 Artifact schema 5"
 *
 * @example
 * ```ts
 * import { revisionLine } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   revisionLine("candidate", {
 *     rev: ".",
 *     sha: "b8ac0c4f6d5a0a1d9d3e1c2b7a8f9e0d1c2b3a4f",
 *     subject: "revs: the summary line",
 *     dirty: true,
 *     workingTree: true,
 *   }),
 *   "candidate . b8ac0c4 revs: the summary line (dirty)",
 * );
 * ```
 */
export function revisionLine(side: string, revision: RevisionRecord): string {
  return `${side} ${revision.rev} ${revision.sha.slice(0, 7)} ` +
    `${revision.subject}${revision.dirty ? " (dirty)" : ""}`;
}

/**
 * The line naming a revs run's cases on one side only ("added", on the
 * candidate only; "removed", on the base only).
 *
 * @param word "added" or "removed"
 * @param ids the cases, `suite/case` without the side's prefix
 * @returns e.g. "added: bench/a_bench.ts/new", or null when there is none
 *
 * @example
 * ```ts
 * import { oneSideText } from "./_vocabulary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   oneSideText("added", ["b.ts/new", "b.ts/other"]),
 *   "added: b.ts/new, b.ts/other",
 * );
 * assertEquals(oneSideText("removed", []), null);
 * ```
 */
export function oneSideText(
  word: "added" | "removed",
  ids: readonly string[],
): string | null {
  return ids.length === 0 ? null : `${word}: ${ids.join(", ")}`;
}
