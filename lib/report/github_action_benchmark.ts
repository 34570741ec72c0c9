/**
 * github-action-benchmark's custom formats: an array of `{ name, unit,
 * value, range, extra }`, one for `customSmallerIsBetter` (times, counts of
 * bad things) and one for `customBiggerIsBetter` (throughput), split by each
 * metric's direction.
 *
 * @module
 */

import type { Artifact } from "../artifact/mod.ts";
import { significant } from "./_format.ts";

/** One entry of github-action-benchmark's custom format. */
export interface GithubBenchmarkEntry {
  /** `case id metric`. */
  name: string;
  /** The metric's unit. */
  unit: string;
  /** The centre. */
  value: number;
  /** `± half-width` of the CI. */
  range: string;
  /** Forks, samples and the CI, for the tooltip. */
  extra: string;
}

/**
 * Converts an artifact to github-action-benchmark's custom format for one
 * direction.
 *
 * @param artifact the run
 * @param direction "smaller" (customSmallerIsBetter) or "bigger"
 *   (customBiggerIsBetter)
 * @returns the entries whose metric has that direction
 *
 * @example
 * ```ts ignore
 * toGithubBenchmark(artifact, "smaller");
 * ```
 */
export function toGithubBenchmark(
  artifact: Artifact,
  direction: "smaller" | "bigger",
): GithubBenchmarkEntry[] {
  const out: GithubBenchmarkEntry[] = [];
  for (const c of artifact.cases) {
    if (c.status !== "passed") continue;
    for (const m of c.metrics) {
      const a = m.analysis;
      if (m.direction !== direction || !a || a.centre.point === null) continue;
      const half = (a.centre.upper - a.centre.lower) / 2;
      out.push({
        name: `${c.id} ${m.name}`,
        unit: m.unit,
        value: a.centre.point,
        range: `± ${significant(half)}`,
        extra: `${a.centre.level * 100}% CI ${significant(a.centre.lower)}–` +
          `${
            significant(a.centre.upper)
          } ${m.unit}; ${a.centre.forks} forks, ` +
          `${a.summary.n} samples; p99 ${significant(a.summary.p99)} ${m.unit}`,
      });
    }
  }
  return out;
}
