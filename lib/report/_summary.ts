/**
 * What a run found, in a few lines: every comparison with its verdict and
 * CI, how many went each way, and the cases whose forks were not steady or
 * were disturbed. The terminal report closes with it and the Markdown and
 * HTML reports open with it, so a tour of 81 cases reads at a glance; each
 * format renders (and escapes) these parts its own way.
 *
 * @module
 */

import {
  type Artifact,
  type CaseRecord,
  type ComparisonRecord,
  REVISION_SIDES,
  revisionComparisons,
} from "../artifact/mod.ts";
import { geometricMean } from "../stats/mod.ts";
import { significant } from "./_format.ts";
import { counted, revisionLine, verdictWord } from "./_vocabulary.ts";

/** Steady-state classes that are not a steady segment of peak performance. */
const UNSTEADY = ["slowdown", "no steady state"] as const;

/** A case some of whose forks were not steady or were disturbed. */
export interface UnsettledCase {
  /** The case's id. */
  id: string;
  /** Its forks. */
  forks: number;
  /** Forks of each class that is not steady, in {@link UNSTEADY} order. */
  unsteady: { class: string; forks: number }[];
  /** Forks the runner judged disturbed. */
  disturbed: number;
}

/** What a report leads with. */
export interface RunSummary {
  /** The comparisons: slower first, then faster, within noise, no change. */
  comparisons: ComparisonRecord[];
  /** "5 comparisons: 2 faster, 1 slower, 2 unchanged", or null with none. */
  tally: string | null;
  /** The cases whose forks were not steady or were disturbed. */
  unsettled: UnsettledCase[];
}

const VERDICT_ORDER: ComparisonRecord["verdict"][] = [
  "slower",
  "faster",
  "within noise",
  "no change",
];

/**
 * Reads the summary of a run from its artifact.
 *
 * @param artifact the run
 * @returns its comparisons in verdict order, their tally, and the cases
 *   whose forks were not steady or were disturbed
 */
export function summarizeRun(artifact: Artifact): RunSummary {
  const comparisons = VERDICT_ORDER.flatMap((v) =>
    artifact.comparisons.filter((c) => c.verdict === v)
  );
  return {
    comparisons,
    tally: comparisons.length === 0 ? null : tally(comparisons),
    unsettled: artifact.cases.map(unsettled).filter((u): u is UnsettledCase =>
      u !== null
    ),
  };
}

/**
 * The count line: each verdict word with how many comparisons earned it,
 * in the order faster, better, slower, worse, unchanged, leaving out the
 * words none earned — but a run where nothing got worse says so ("0
 * slower", or "0 worse" when no comparison is of a time or rate).
 */
function tally(comparisons: readonly ComparisonRecord[]): string {
  const words = verdictCounts(comparisons);
  // Nothing worse is news too: said in the run's own word.
  const nothingWorse = words.get("slower") === 0 && words.get("worse") === 0;
  const zeroWord =
    comparisons.some((c) => verdictWord("slower", c.unit) === "slower")
      ? "slower"
      : "worse";
  const parts = [...words].filter(([w, n]) =>
    n > 0 || (nothingWorse && w === zeroWord)
  ).map(([w, n]) => `${n} ${w}`);
  return `${counted(comparisons.length, "comparison")}: ${parts.join(", ")}`;
}

/**
 * How many comparisons earned each verdict word, in the order faster,
 * better, slower, worse, unchanged (within noise and no change both count
 * as unchanged); every word is present, with 0 when none earned it.
 */
function verdictCounts(
  comparisons: readonly ComparisonRecord[],
): Map<string, number> {
  const words = new Map<string, number>(
    ["faster", "better", "slower", "worse", "unchanged"].map((w) => [w, 0]),
  );
  for (const c of comparisons) {
    const word = c.verdict === "faster" || c.verdict === "slower"
      ? verdictWord(c.verdict, c.unit)
      : "unchanged";
    words.set(word, words.get(word)! + 1);
  }
  return words;
}

/** What a report of a "revs" artifact leads with. */
export interface RevsSummary {
  /**
   * The pull request's line over the comparisons of a candidate case with
   * its base: "N faster, M slower, K unchanged · geometric mean ×G" (better
   * and worse too, when a metric is neither a time nor a rate; the mean
   * left out when no comparison has a ratio).
   */
  line: string;
  /** Each revision in one line ({@link revisionLine}), base first. */
  revisions: string[];
}

/**
 * Reads the summary of a revs run: the counts of its candidate-vs-base
 * comparisons and the geometric mean of their ratios, and both revisions.
 *
 * @param artifact the artifact
 * @returns the summary, or null when the artifact is not of kind "revs"
 *
 * @example
 * ```ts ignore
 * const revs = summarizeRevs(artifact);
 * if (revs) console.log(revs.line);
 * ```
 */
export function summarizeRevs(artifact: Artifact): RevsSummary | null {
  if (artifact.kind !== "revs" || artifact.revisions === null) return null;
  const [base, candidate] = REVISION_SIDES;
  const across = revisionComparisons(artifact.comparisons);
  const counts = verdictCounts(across);
  const parts = [...counts].filter(([w, n]) =>
    n > 0 || w === "faster" || w === "slower" || w === "unchanged"
  ).map(([w, n]) => `${n} ${w}`);
  // A change from or to zero has no ratio to average.
  const ratios = across.map((c) => c.ratio.point).filter((r) =>
    Number.isFinite(r) && r > 0
  );
  const mean = ratios.length === 0
    ? ""
    : ` · geometric mean ×${significant(geometricMean(ratios))}`;
  const { revisions } = artifact;
  return {
    line: `${parts.join(", ")}${mean}`,
    revisions: [
      revisionLine(base, revisions.base),
      revisionLine(candidate, revisions.candidate),
    ],
  };
}

function unsettled(record: CaseRecord): UnsettledCase | null {
  const forks = record.forks;
  const unsteady = UNSTEADY.map((cls) => ({
    class: cls as string,
    forks: forks.filter((f) => f.steadyState?.class === cls).length,
  })).filter((u) => u.forks > 0);
  const disturbed = forks.filter((f) => f.interference?.disturbed === true)
    .length;
  if (unsteady.length === 0 && disturbed === 0) return null;
  return { id: record.id, forks: forks.length, unsteady, disturbed };
}

/**
 * What was unsettled about a case's forks, in words.
 *
 * @param u the case
 * @returns e.g. "2 of 5 forks not steady (1 slowdown, 1 no steady state);
 *   1 of 5 disturbed"
 *
 * @example
 * ```ts
 * import { unsettledPhrase } from "./_summary.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   unsettledPhrase({
 *     id: "x",
 *     forks: 5,
 *     unsteady: [
 *       { class: "slowdown", forks: 1 },
 *       { class: "no steady state", forks: 1 },
 *     ],
 *     disturbed: 1,
 *   }),
 *   "2 of 5 forks not steady (1 slowdown, 1 no steady state); 1 of 5 disturbed",
 * );
 * ```
 */
export function unsettledPhrase(u: UnsettledCase): string {
  const parts: string[] = [];
  if (u.unsteady.length > 0) {
    const n = u.unsteady.reduce((sum, x) => sum + x.forks, 0);
    parts.push(
      `${n} of ${counted(u.forks, "fork")} not steady (${
        u.unsteady.map((x) => `${x.forks} ${x.class}`).join(", ")
      })`,
    );
  }
  if (u.disturbed > 0) {
    parts.push(
      parts.length > 0
        ? `${u.disturbed} of ${u.forks} disturbed`
        : `${u.disturbed} of ${counted(u.forks, "fork")} disturbed`,
    );
  }
  return parts.join("; ");
}
