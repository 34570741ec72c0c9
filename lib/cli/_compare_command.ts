/**
 * `compare BASE NEW`: two artifacts, metric by metric — centres, ratio with
 * CI, p-value, verdict — and a geometric-mean row, like benchstat. Exit 1
 * when a metric is significantly worse, or a case that passed in BASE failed
 * or is missing in NEW, so it can gate CI.
 *
 * @module
 */

import {
  artifactDifferences,
  checkArtifactSamples,
  readArtifact,
} from "../artifact/mod.ts";
import { renderComparisons, terminalSafe } from "../report/mod.ts";
import { baselineComparisons } from "../runner/mod.ts";
import { DEFAULT_CORRECTION, geometricMean } from "../stats/mod.ts";
import { parseFlags } from "./_flags.ts";
import { gateRegressions } from "./_gate.ts";
import { parsePercent, UsageError } from "./_usage.ts";

/** The help text of `compare`. */
export const COMPARE_USAGE = `looplab compare BASE.json NEW.json [flags]

  --json                      print the comparisons as JSON
  --fail-on-regression=PCT    exit 1 only when worse by more than PCT
                              (default: the base run's noise threshold, 1%)

A metric is significantly worse when its p-value, adjusted by Holm over all
the metrics compared, is below alpha: comparing many metrics does not make a
false alarm likely.`;

/**
 * Runs the `compare` command.
 *
 * @param args the arguments after `compare`
 * @returns 0, or 1 when a metric is significantly worse
 * @throws {UsageError} on bad arguments; ArtifactError on bad files
 *
 * @example
 * ```ts ignore
 * await compareCommand(["main.json", "pr.json"]);
 * ```
 */
export async function compareCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("compare", args, {
    string: ["fail-on-regression"],
    boolean: ["json"],
  });
  if (flags.help) {
    console.log(COMPARE_USAGE);
    return 0;
  }
  if (flags._.length !== 2) {
    throw new UsageError(
      `compare takes two artifacts, BASE and NEW; got ${flags._.length}`,
    );
  }
  const gate = flags["fail-on-regression"];
  // Checked before any file is read or anything printed.
  const gateThreshold = gate === undefined || gate === ""
    ? undefined
    : parsePercent("--fail-on-regression", gate);
  const [basePath, newPath] = flags._.map(String);
  const base = await readArtifact(basePath);
  const next = await readArtifact(newPath);
  checkArtifactSamples(base, basePath);
  checkArtifactSamples(next, newPath);
  // Before the numbers: what the two sides do not share, and what differs
  // in runtime, machine or settings, whatever schema version each was.
  const differences = artifactDifferences(base, next, {
    baseLabel: basePath,
    nextLabel: newPath,
    // Reported once, as "missing:", with the exit code they cause.
    casesOnlyInBase: false,
  });
  for (const line of differences) {
    console.error(`warning: ${terminalSafe(line)}`);
  }
  const settings = {
    level: next.config.level,
    resamples: next.config.resamples,
    seed: next.config.seed,
    alpha: next.config.alpha,
    noiseThreshold: next.config.noiseThreshold,
  };
  const comparisons = baselineComparisons(base, next.cases, settings);
  // A case that failed or vanished is worse than any slowdown: say so.
  const missing: string[] = [];
  for (const reference of base.cases) {
    const now = next.cases.find((c) => c.id === reference.id);
    if (!now) missing.push(`${reference.id}: not in ${newPath}`);
    else if (now.status !== "passed" && reference.status === "passed") {
      missing.push(
        `${reference.id}: failed in ${newPath} (${now.failure?.kind ?? "?"})`,
      );
    }
  }
  if (comparisons.length === 0) {
    throw new UsageError(
      `${basePath} and ${newPath} share no passed case and metric to compare`,
    );
  }
  // A change from zero has no ratio: it is left out of the geomean.
  const ratios = comparisons.map((c) => c.ratio.point)
    .filter((x) => x > 0 && Number.isFinite(x));
  const geomean = ratios.length > 0 ? geometricMean(ratios) : NaN;
  if (flags.json) {
    console.log(
      JSON.stringify({ comparisons, geomeanRatio: geomean }, null, 2),
    );
  } else {
    console.log(
      renderComparisons(comparisons, {
        ratio: geomean,
        metrics: ratios.length,
      }),
    );
  }
  const threshold = gateThreshold ?? next.config.noiseThreshold;
  const regressions = gateRegressions(
    comparisons,
    threshold,
    next.config.alpha,
  );
  if (regressions.length > 0) {
    console.error(
      `${regressions.length} metric${
        regressions.length === 1 ? " is" : "s are"
      } ` +
        `significantly worse by more than ${(threshold * 100).toFixed(1)}%` +
        ` (p-values adjusted by ${DEFAULT_CORRECTION} over ${comparisons.length} comparisons)`,
    );
  }
  for (const line of missing) console.error(`missing: ${terminalSafe(line)}`);
  return regressions.length > 0 || missing.length > 0 ? 1 : 0;
}
