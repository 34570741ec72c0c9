/**
 * `calibrate`: looplab checks its own honesty on this machine. It repeats
 * the calibration suite's A/A and A/B comparisons and reports the
 * false-positive rate, the power, the coverage of the CIs, and how wide they
 * were (a CI that always covers because it is ±50% would be useless).
 *
 * @module
 */

import { MAX_FORKS } from "../artifact/mod.ts";
import { run } from "../runner/mod.ts";
import { quantiles } from "../stats/mod.ts";
import { calibration } from "../../suites/calibration/mod.ts";
import { parseFlags } from "./_flags.ts";
import { parseDuration, parseInteger } from "./_usage.ts";

/** The help text of `calibrate`. */
export const CALIBRATE_USAGE = `deno task calibrate [flags]

  --runs N          repetitions of the suite (default 20)
  --forks N         forks per case (default 5, as in run)
  --time DURATION   measuring time per fork per case (default 500ms)
  --json            print the figures as JSON`;

/** Default repetitions: each takes three cases × the default budget. */
const DEFAULT_RUNS = 20;

/** The figures `calibrate` reports. */
export interface CalibrationReport {
  /** Repetitions run. */
  runs: number;
  /** Share of A/A comparisons with a verdict other than "no change". */
  falsePositiveRate: number;
  /** Share of A/B comparisons (10% more work) found "slower". */
  power: number;
  /** Share of case CIs that covered the median of that case's centres. */
  coverage: number;
  /** Median relative half-width of the case CIs. */
  medianRelativeHalfWidth: number;
  /** Median A/B ratio found (the true one is about 1.10). */
  medianShift: number;
}

/**
 * Runs the `calibrate` command.
 *
 * @param args the arguments after `calibrate`
 * @returns 0, or 1 when a target was missed (FPR > 5%, power < 90%,
 *   coverage < 90%)
 * @throws {UsageError} on bad arguments
 *
 * @example
 * ```ts ignore
 * await calibrateCommand(["--runs", "10"]);
 * ```
 */
export async function calibrateCommand(
  args: readonly string[],
): Promise<number> {
  const flags = parseFlags("calibrate", args, {
    string: ["runs", "forks", "time"],
    boolean: ["json"],
  });
  if (flags.help) {
    console.log(CALIBRATE_USAGE);
    return 0;
  }
  const runs = flags.runs === undefined
    ? DEFAULT_RUNS
    : parseInteger("--runs", flags.runs, 2, 10_000);
  const forks = flags.forks === undefined
    ? undefined
    : parseInteger("--forks", flags.forks, 1, MAX_FORKS);
  const timeMs = flags.time === undefined
    ? undefined
    : parseDuration("--time", flags.time);
  const aa: string[] = [];
  const ab: string[] = [];
  const shifts: number[] = [];
  const intervals = new Map<
    string,
    { point: number; lower: number; upper: number }[]
  >();
  for (let i = 0; i < runs; i++) {
    const artifact = await run([calibration()], {
      forks,
      timeMs,
      filter: "/calibration\\/sum/",
      seed: i + 1,
    });
    for (const c of artifact.comparisons) {
      if (c.candidate.endsWith("/sum-again")) aa.push(c.verdict);
      if (c.candidate.endsWith("/sum-more")) {
        ab.push(c.verdict);
        shifts.push(c.ratio.point);
      }
    }
    for (const c of artifact.cases) {
      const centre = c.metrics[0]?.analysis?.centre;
      if (centre) intervals.set(c.id, [...(intervals.get(c.id) ?? []), centre]);
    }
    Deno.stderr.writeSync(
      new TextEncoder().encode(
        `run ${i + 1}/${runs}: A/A ${aa.at(-1)}, A/B ${ab.at(-1)}\n`,
      ),
    );
  }
  let covered = 0;
  let total = 0;
  const halfWidths: number[] = [];
  for (const list of intervals.values()) {
    const target = quantiles(list.map((x) => x.point), [0.5])[0];
    for (const ci of list) {
      total++;
      if (ci.lower <= target && target <= ci.upper) covered++;
      halfWidths.push((ci.upper - ci.lower) / 2 / ci.point);
    }
  }
  const report: CalibrationReport = {
    runs,
    falsePositiveRate: aa.filter((v) => v !== "no change").length / aa.length,
    power: ab.filter((v) => v === "slower").length / ab.length,
    coverage: covered / total,
    medianRelativeHalfWidth: quantiles(halfWidths, [0.5])[0],
    medianShift: quantiles(shifts, [0.5])[0],
  };
  const pass = report.falsePositiveRate <= 0.05 && report.power >= 0.9 &&
    report.coverage >= 0.9;
  if (flags.json) {
    console.log(JSON.stringify({ ...report, pass }, null, 2));
  } else {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(
      [
        `calibration over ${runs} runs (A/A: sum vs an identical copy; ` +
        `A/B: sum vs 10% more work)`,
        `  false-positive rate  ${pct(report.falsePositiveRate)}   target ≤ 5%`,
        `  power (10% shift)    ${pct(report.power)}   target ≥ 90%`,
        `  CI coverage          ${pct(report.coverage)}   target ≥ 90%`,
        `  median CI half-width ±${pct(report.medianRelativeHalfWidth)}`,
        `  median A/B ratio     ${
          report.medianShift.toFixed(3)
        } (work ratio 1.100)`,
        pass ? "  all targets met" : "  TARGET MISSED",
      ].join("\n"),
    );
  }
  return pass ? 0 : 1;
}
