/**
 * What stands between two artifacts before their numbers are compared:
 * what one side carries and the other does not, and what differs in the
 * runtime, the machine or the run's settings.
 *
 * @module
 */

import type { Artifact, RunConfig } from "./types.ts";

/** Options of {@link artifactDifferences}. */
export interface ArtifactDifferencesOptions {
  /** How the lines name the base side, e.g. its file. @default "base" */
  baseLabel?: string;
  /** How the lines name the new side. @default "new" */
  nextLabel?: string;
  /**
   * List the cases only in the base; off where the caller reports them
   * itself (`compare` fails on them). @default true
   */
  casesOnlyInBase?: boolean;
}

/** Cases named in one line, at most; the rest are counted. */
const MAX_NAMED_CASES = 5;

/**
 * The settings that change what a comparison sees. The seed only moves
 * bootstrap endpoints by their Monte Carlo error, and the filter shows as
 * cases on one side only, so neither is listed.
 */
const COMPARED_SETTINGS: [keyof RunConfig, string][] = [
  ["forks", "forks"],
  ["timeMs", "time per fork (ms)"],
  ["quick", "quick"],
  ["inProcess", "in-process"],
  ["minSamples", "fewest samples per fork"],
  ["maxSamples", "most samples per fork"],
  ["precision", "early-stop precision"],
  ["level", "confidence level"],
  ["resamples", "bootstrap resamples"],
  ["alpha", "significance level"],
  ["noiseThreshold", "noise threshold"],
];

/**
 * Says, one line each, what makes two artifacts less than comparable: a
 * different kind or looplab version; a different Deno, V8, OS, architecture,
 * CPU model or core count (or a CPU model one side could not read); run
 * settings that differ; cases only one side has; cases that failed in the
 * base and passed in the new side (nothing to compare with); and metrics only one side of a
 * shared case has, or has without samples. Cases that failed in the new
 * side are not listed: the commands report them as failures. Both
 * artifacts are in the current shape (the reader upgrades older versions).
 *
 * @param base the earlier artifact (the baseline)
 * @param next the later one
 * @param options how to name the two sides
 * @returns the lines, empty when the two are alike in all these respects
 *
 * @example
 * ```ts
 * import { artifactDifferences, readArtifact } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * const base = await readArtifact("fixtures/report/run.json");
 * const next = structuredClone(base);
 * next.environment.deno = "2.10.0";
 * next.config.forks = 5;
 * assertEquals(artifactDifferences(base, next), [
 *   "Deno differs: 2.9.6 in base, 2.10.0 in new",
 *   "forks differs: 2 in base, 5 in new",
 * ]);
 * ```
 */
export function artifactDifferences(
  base: Artifact,
  next: Artifact,
  options: ArtifactDifferencesOptions = {},
): string[] {
  const baseLabel = options.baseLabel ?? "base";
  const nextLabel = options.nextLabel ?? "new";
  const lines: string[] = [];
  const differs = (what: string, a: unknown, b: unknown) => {
    if (a !== b) {
      lines.push(`${what} differs: ${a} in ${baseLabel}, ${b} in ${nextLabel}`);
    }
  };
  differs("kind", base.kind, next.kind);
  differs("looplab version", base.tool.version, next.tool.version);

  const [be, ne] = [base.environment, next.environment];
  differs("Deno", be.deno, ne.deno);
  differs("V8", be.v8, ne.v8);
  differs("OS", be.os, ne.os);
  differs("architecture", be.arch, ne.arch);
  if (be.cpuModel !== null && ne.cpuModel !== null) {
    differs("CPU model", be.cpuModel, ne.cpuModel);
  } else if (be.cpuModel !== ne.cpuModel) {
    const unknownIn = be.cpuModel === null ? baseLabel : nextLabel;
    lines.push(
      `CPU model unknown in ${unknownIn}: cannot tell whether the machines differ`,
    );
  }
  differs("cores", be.cores, ne.cores);

  for (const [field, name] of COMPARED_SETTINGS) {
    differs(name, base.config[field], next.config[field]);
  }

  const baseIds = new Map(base.cases.map((c) => [c.id, c]));
  const nextIds = new Map(next.cases.map((c) => [c.id, c]));
  const onlyIn = (ids: string[], label: string) => {
    if (ids.length === 0) return;
    lines.push(
      `${ids.length} case${ids.length === 1 ? "" : "s"} only in ${label}, ` +
        `not compared: ${namedCases(ids)}`,
    );
  };
  if (options.casesOnlyInBase ?? true) {
    onlyIn([...baseIds.keys()].filter((id) => !nextIds.has(id)), baseLabel);
  }
  onlyIn([...nextIds.keys()].filter((id) => !baseIds.has(id)), nextLabel);
  const failedInBase = base.cases.filter((c) =>
    c.status === "failed" && nextIds.get(c.id)?.status === "passed"
  ).map((c) => c.id);
  if (failedInBase.length > 0) {
    lines.push(
      `${failedInBase.length} case${failedInBase.length === 1 ? "" : "s"} ` +
        `failed in ${baseLabel}, not compared: ${namedCases(failedInBase)}`,
    );
  }
  for (const [id, b] of baseIds) {
    const n = nextIds.get(id);
    if (n === undefined) continue;
    const baseMetrics = new Set(b.metrics.map((m) => m.name));
    const nextMetrics = new Set(n.metrics.map((m) => m.name));
    const onlyBase = [...baseMetrics].filter((m) => !nextMetrics.has(m));
    const onlyNext = [...nextMetrics].filter((m) => !baseMetrics.has(m));
    if (onlyBase.length > 0) {
      lines.push(`${id}: ${onlyBase.join(", ")} only in ${baseLabel}`);
    }
    if (onlyNext.length > 0) {
      lines.push(`${id}: ${onlyNext.join(", ")} only in ${nextLabel}`);
    }
    if (b.status !== "passed" || n.status !== "passed") continue;
    for (const metric of b.metrics) {
      const other = n.metrics.find((m) => m.name === metric.name);
      if (other === undefined) continue;
      const empty = [
        ...(metric.analysis === null ? [baseLabel] : []),
        ...(other.analysis === null ? [nextLabel] : []),
      ];
      if (empty.length > 0) {
        lines.push(
          `${id}: ${metric.name} has no samples in ${empty.join(" and ")}, ` +
            "not compared",
        );
      }
    }
  }
  return lines;
}

function namedCases(ids: string[]): string {
  const named = ids.slice(0, MAX_NAMED_CASES).join(", ");
  const rest = ids.length - MAX_NAMED_CASES;
  return rest > 0 ? `${named}, … (${rest} more)` : named;
}
