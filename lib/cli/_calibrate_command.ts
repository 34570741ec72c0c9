/**
 * `calibrate`: looplab checks its own honesty on this machine. It repeats
 * the calibration suite — an A/A comparison (a function against an
 * identical copy) and A/B comparisons at 10% and 3% more work — and reports,
 * for each comparison design, the false-positive rate, the power at each
 * shift, the coverage of the ratio CIs, how much the ratio moves from run to
 * run, how wide the CIs are (a CI that always covers because it is ±50%
 * would be useless) and what a comparison costs in wall time. Every rate
 * comes with its binomial 95% interval, so a short calibration says how
 * little it can tell.
 *
 * @module
 */

import { type ComparisonRecord, MAX_FORKS } from "../artifact/mod.ts";
import { run } from "../runner/mod.ts";
import {
  DEFAULT_ALPHA,
  DEFAULT_NOISE_THRESHOLD,
  isRegression,
  type ProportionInterval,
  quantiles,
  wilsonInterval,
} from "../stats/mod.ts";
import { calibration } from "../../suites/calibration/mod.ts";
import { parseFlags } from "./_flags.ts";
import { parseDuration, parseInteger, UsageError } from "./_usage.ts";

/** The help text of `calibrate`. */
export const CALIBRATE_USAGE = `deno task calibrate [flags]

  --runs N          repetitions of the suite per design (default 40)
  --design D        interleaved (the default design), paired-rounds, or both
                    (alternating, so both see the same hour)
  --forks N         forks per case (default 5, as in run)
  --time DURATION   measuring time per fork per case (default 500ms)
  --json            print the figures as JSON`;

/** Default repetitions: 40 gives a rate of 5% a ±7-point interval. */
const DEFAULT_RUNS = 40;

/** The designs a run can measure declared bench comparisons with. */
type Design = "interleaved" | "paired-rounds";

/** Comparisons in the gate's family: a tour of the built-in suites. */
export const GATE_FAMILY = 81;

/** Runs the ratio's spread is read over, as separate CI runs would be. */
export const SPREAD_WINDOW = 8;

/** The targets a calibration is held to (default settings, issue 13). */
export const TARGETS = {
  falsePositiveRate: 0.05,
  power10: 0.95,
  power3: 0.8,
  coverage: 0.9,
  spread: 0.02,
  wallMsPerComparison: 6_000,
} as const;

/** A rate with its count and binomial 95% interval. */
export interface Rate extends ProportionInterval {
  /** Events counted. */
  k: number;
  /** Out of. */
  n: number;
}

/** How one kind of comparison (A/A, +10%, +3%) behaved over the runs. */
export interface ComparisonFigures {
  /** The median ratio found over the runs. */
  medianRatio: number;
  /**
   * The spread of the ratio over separate runs: (max − min) / median over
   * each {@link SPREAD_WINDOW} consecutive runs, the median of those
   * windows (NaN with fewer runs than a window).
   */
  spread: number;
  /** The median relative half-width of the ratio's CI. */
  medianHalfWidth: number;
  /**
   * Share of the CIs that contain the true ratio: 1 for A/A; for A/B, the
   * median ratio of all runs (the work ratio is not the time ratio).
   */
  coverage: Rate;
}

/** The figures of one design. */
export interface DesignReport {
  /** The design. */
  design: Design;
  /** Repetitions run. */
  runs: number;
  /** A/A verdicts of faster or slower. */
  falsePositiveRate: Rate;
  /** "slower" verdicts on 10% more work. */
  power10: Rate;
  /** "slower" verdicts on 3% more work. */
  power3: Rate;
  /** Ratio-CI coverage over all three comparisons. */
  coverage: Rate;
  /** Share of the cases' centre CIs that cover the median of its centres. */
  centreCoverage: Rate;
  /** Per comparison kind. */
  aa: ComparisonFigures;
  /** See {@link DesignReport.aa}. */
  ab10: ComparisonFigures;
  /** See {@link DesignReport.aa}. */
  ab3: ComparisonFigures;
  /**
   * What decides how often `--fail-on-regression` fails a run of
   * {@link GATE_FAMILY} unchanged comparisons. With Holm that is at most α
   * while the p-values are honest, which `aaSignificant` (A/A p < α, about
   * α or less when honest) checks; `strictStep` counts A/A regressions at
   * p < α / family, Holm's first step. Uncorrected, each A/A comparison
   * fails at `uncorrectedEach` and a family at `uncorrectedFamily`,
   * 1 − (1 − rate)^family.
   */
  gateFalseAlarm: {
    family: number;
    aaSignificant: Rate;
    strictStep: Rate;
    uncorrectedEach: Rate;
    uncorrectedFamily: number;
  };
  /** Median wall time of one run of the suite, ms. */
  wallMsPerRun: number;
  /**
   * Wall time per declared comparison: a run's wall time over its three
   * comparisons, ms.
   */
  wallMsPerComparison: number;
  /** Whether every target was met (the rates' point estimates). */
  pass: boolean;
}

/** What one run of the suite gave, for {@link summarize}. */
export interface CalibrationRun {
  /** The three declared comparisons. */
  comparisons: ComparisonRecord[];
  /** Each case's centre CI. */
  centres: { id: string; point: number; lower: number; upper: number }[];
  /** Wall time, ms. */
  wallMs: number;
}

/**
 * Runs the `calibrate` command.
 *
 * @param args the arguments after `calibrate`
 * @returns 0, or 1 when a design missed a target
 * @throws {UsageError} on bad arguments
 *
 * @example
 * ```ts ignore
 * await calibrateCommand(["--runs", "10", "--design", "both"]);
 * ```
 */
export async function calibrateCommand(
  args: readonly string[],
): Promise<number> {
  const flags = parseFlags("calibrate", args, {
    string: ["runs", "forks", "time", "design"],
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
  const designFlag = String(flags.design ?? "interleaved");
  if (!["interleaved", "paired-rounds", "both"].includes(designFlag)) {
    throw new UsageError(
      `--design must be interleaved, paired-rounds or both; got ${
        JSON.stringify(designFlag)
      }`,
    );
  }
  const designs: Design[] = designFlag === "both"
    ? ["interleaved", "paired-rounds"]
    : [designFlag as Design];
  const results = new Map<Design, CalibrationRun[]>(
    designs.map((d) => [d, []]),
  );
  for (let i = 0; i < runs; i++) {
    // Alternating designs, so that each sees the same hour of the host.
    for (const design of designs) {
      const started = performance.now();
      const artifact = await run([calibration()], {
        forks,
        timeMs,
        filter: "/calibration\\/sum/",
        seed: i + 1,
        design,
      });
      const wallMs = performance.now() - started;
      const one: CalibrationRun = {
        comparisons: artifact.comparisons,
        centres: artifact.cases.flatMap((c) => {
          const centre = c.metrics[0]?.analysis?.centre;
          return centre ? [{ id: c.id, ...centre }] : [];
        }),
        wallMs,
      };
      results.get(design)!.push(one);
      const verdict = (suffix: string) =>
        one.comparisons.find((c) => c.candidate.endsWith(suffix))?.verdict ??
          "—";
      Deno.stderr.writeSync(
        new TextEncoder().encode(
          `run ${i + 1}/${runs} ${design}: A/A ${verdict("/sum-again")}, ` +
            `+10% ${verdict("/sum-more")}, +3% ${
              verdict("/sum-little-more")
            } (${(wallMs / 1000).toFixed(1)} s)\n`,
        ),
      );
    }
  }
  const reports = designs.map((d) => summarize(d, results.get(d)!));
  if (flags.json) {
    console.log(JSON.stringify({ reports, targets: TARGETS }, null, 2));
  } else {
    console.log(reports.map(renderDesignReport).join("\n\n"));
  }
  return reports.every((r) => r.pass) ? 0 : 1;
}

/**
 * The figures of one design from its runs.
 *
 * @param design the design the runs used
 * @param runs what each run gave
 * @returns the figures
 * @throws {RangeError} with no runs
 *
 * @example
 * ```ts ignore
 * summarize("interleaved", runs).power10.point;
 * ```
 */
export function summarize(
  design: Design,
  runs: readonly CalibrationRun[],
): DesignReport {
  if (runs.length === 0) throw new RangeError("no calibration runs");
  const pick = (suffix: string) =>
    runs.flatMap((r) =>
      r.comparisons.filter((c) => c.candidate.endsWith(suffix))
    );
  const aa = pick("/sum-again");
  const ab10 = pick("/sum-more");
  const ab3 = pick("/sum-little-more");
  const rate = (k: number, n: number): Rate => ({
    k,
    n,
    ...wilsonInterval(k, Math.max(n, 1)),
  });
  const count = <T>(xs: readonly T[], test: (x: T) => boolean) =>
    xs.filter(test).length;
  const figures = (list: ComparisonRecord[], truth: number | null) => {
    const ratios = list.map((c) => c.ratio.point);
    const median = quantiles(ratios, [0.5])[0];
    const target = truth ?? median;
    return {
      medianRatio: median,
      spread: windowSpread(ratios),
      medianHalfWidth: quantiles(
        list.map((c) => (c.ratio.upper - c.ratio.lower) / 2 / c.ratio.point),
        [0.5],
      )[0],
      coverage: rate(
        count(list, (c) => c.ratio.lower <= target && target <= c.ratio.upper),
        list.length,
      ),
    };
  };
  const aaFigures = figures(aa, 1);
  const ab10Figures = figures(ab10, null);
  const ab3Figures = figures(ab3, null);
  const covered = aaFigures.coverage.k + ab10Figures.coverage.k +
    ab3Figures.coverage.k;
  const compared = aa.length + ab10.length + ab3.length;
  const byCase = new Map<string, CalibrationRun["centres"]>();
  for (const r of runs) {
    for (const c of r.centres) {
      byCase.set(c.id, [...(byCase.get(c.id) ?? []), c]);
    }
  }
  let centreCovered = 0;
  let centres = 0;
  for (const list of byCase.values()) {
    const target = quantiles(list.map((c) => c.point), [0.5])[0];
    for (const c of list) {
      centres++;
      if (c.lower <= target && target <= c.upper) centreCovered++;
    }
  }
  const wallMsPerRun = quantiles(runs.map((r) => r.wallMs), [0.5])[0];
  // Holm keeps the gate's family-wise false alarms ≤ α whatever the family,
  // as long as each p-value is honest: an A/A p < α about α of the time or
  // less. Its strictest step asks p < α/F of some comparison; uncorrected,
  // each comparison fails the gate at the rate of plain regressions, r, and
  // a family of F at 1 − (1 − r)^F.
  const significant = count(aa, (c) => c.p < DEFAULT_ALPHA);
  const strict = count(aa, (c) =>
    isRegression(c, DEFAULT_NOISE_THRESHOLD, {
      adjustedP: Math.min(1, c.p * GATE_FAMILY),
      alpha: DEFAULT_ALPHA,
    }));
  const plain = count(aa, (c) => isRegression(c, DEFAULT_NOISE_THRESHOLD));
  const perRun = Math.max(1, compared / runs.length);
  const report: Omit<DesignReport, "pass"> = {
    design,
    runs: runs.length,
    falsePositiveRate: rate(
      count(aa, (c) => c.verdict === "faster" || c.verdict === "slower"),
      aa.length,
    ),
    power10: rate(count(ab10, (c) => c.verdict === "slower"), ab10.length),
    power3: rate(count(ab3, (c) => c.verdict === "slower"), ab3.length),
    coverage: rate(covered, compared),
    centreCoverage: rate(centreCovered, centres),
    aa: aaFigures,
    ab10: ab10Figures,
    ab3: ab3Figures,
    gateFalseAlarm: {
      family: GATE_FAMILY,
      aaSignificant: rate(significant, aa.length),
      strictStep: rate(strict, aa.length),
      uncorrectedEach: rate(plain, aa.length),
      uncorrectedFamily: 1 -
        (1 - plain / Math.max(aa.length, 1)) ** GATE_FAMILY,
    },
    wallMsPerRun,
    wallMsPerComparison: wallMsPerRun / perRun,
  };
  const pass = report.falsePositiveRate.point <= TARGETS.falsePositiveRate &&
    report.power10.point >= TARGETS.power10 &&
    report.power3.point >= TARGETS.power3 &&
    report.coverage.point >= TARGETS.coverage &&
    !(report.ab10.spread > TARGETS.spread) &&
    report.wallMsPerComparison <= TARGETS.wallMsPerComparison;
  return { ...report, pass };
}

/**
 * The spread of a ratio over separate runs, as {@link SPREAD_WINDOW}
 * separate CI runs would see it: the median over consecutive windows of
 * (max − min) / median.
 *
 * @param ratios one ratio per run, in run order
 * @returns the spread, NaN with fewer runs than a window
 *
 * @example
 * ```ts
 * import { windowSpread } from "./_calibrate_command.ts";
 * import { assertAlmostEquals } from "@std/assert";
 * const ratios = [1.1, 1.12, 1.09, 1.1, 1.11, 1.1, 1.1, 1.08];
 * assertAlmostEquals(windowSpread(ratios), (1.12 - 1.08) / 1.1, 1e-12);
 * ```
 */
export function windowSpread(ratios: readonly number[]): number {
  const spreads: number[] = [];
  for (let i = 0; i + SPREAD_WINDOW <= ratios.length; i += SPREAD_WINDOW) {
    const w = ratios.slice(i, i + SPREAD_WINDOW);
    const median = quantiles(w, [0.5])[0];
    spreads.push((Math.max(...w) - Math.min(...w)) / median);
  }
  return spreads.length === 0 ? NaN : quantiles(spreads, [0.5])[0];
}

/**
 * One design's figures as text, each rate with its 95% interval and the
 * target beside it.
 *
 * @param r the figures
 * @returns the lines
 *
 * @example
 * ```ts ignore
 * console.log(renderDesignReport(summarize("interleaved", runs)));
 * ```
 */
export function renderDesignReport(r: DesignReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rateText = (x: Rate) =>
    `${pct(x.point)} (${x.k}/${x.n}; 95% CI ${pct(x.lower)}–${pct(x.upper)})`;
  const kind = (name: string, f: ComparisonFigures) =>
    `  ${name.padEnd(6)} median ratio ${f.medianRatio.toFixed(4)}, CI ` +
    `±${pct(f.medianHalfWidth)}, covers ${rateText(f.coverage)}, spread over ` +
    `${SPREAD_WINDOW} runs ${Number.isNaN(f.spread) ? "—" : pct(f.spread)}`;
  return [
    `calibration, ${r.design} design, ${r.runs} runs (A/A: sum vs an ` +
    `identical copy; A/B: sum vs 10% and 3% more work)`,
    `  false-positive rate  ${rateText(r.falsePositiveRate)}   target ≤ ${
      pct(TARGETS.falsePositiveRate)
    }`,
    `  power at +10%        ${rateText(r.power10)}   target ≥ ${
      pct(TARGETS.power10)
    }`,
    `  power at +3%         ${rateText(r.power3)}   target ≥ ${
      pct(TARGETS.power3)
    }`,
    `  ratio-CI coverage    ${rateText(r.coverage)}   target ≥ ${
      pct(TARGETS.coverage)
    }`,
    `  centre-CI coverage   ${rateText(r.centreCoverage)}`,
    kind("A/A", r.aa),
    kind("+10%", r.ab10),
    kind("+3%", r.ab3),
    `  +10% ratio spread    ${
      Number.isNaN(r.ab10.spread) ? "—" : pct(r.ab10.spread)
    }   target ≤ ${pct(TARGETS.spread)}`,
    `  gate over ${r.gateFalseAlarm.family} unchanged comparisons: Holm ` +
    `keeps false alarms ≤ ${pct(DEFAULT_ALPHA)} while p is honest (A/A ` +
    `p < ${DEFAULT_ALPHA}: ${rateText(r.gateFalseAlarm.aaSignificant)}; at ` +
    `p < α/${r.gateFalseAlarm.family}: ${
      rateText(r.gateFalseAlarm.strictStep)
    }); uncorrected it would fail ${
      pct(r.gateFalseAlarm.uncorrectedFamily)
    } of runs (each ${rateText(r.gateFalseAlarm.uncorrectedEach)})`,
    `  wall time            ${(r.wallMsPerRun / 1000).toFixed(1)} s a run, ` +
    `${(r.wallMsPerComparison / 1000).toFixed(1)} s a comparison   target ≤ ${
      TARGETS.wallMsPerComparison / 1000
    } s`,
    r.pass ? "  all targets met" : "  TARGET MISSED",
  ].join("\n");
}
