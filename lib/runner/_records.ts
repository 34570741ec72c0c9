/**
 * From raw fork samples to what the artifact reports: per-metric analysis
 * with its warnings, comparisons and sweeps. Every statistical decision —
 * the centre's interval, the thresholds behind the warnings, the comparison
 * test, the knee's relevance — is made in `lib/stats`; this file words the
 * findings and shapes the records.
 *
 * @module
 */

import {
  type CaseRecord,
  type ComparisonRecord,
  type InterferenceRecord,
  type IntervalRecord,
  isTimeUnit,
  type MetricAnalysis,
  type SteadyStateRecord,
  type SweepRecord,
} from "../artifact/mod.ts";
import {
  analyzeCurve,
  analyzeSample,
  centreInterval,
  classifySteadyState,
  compareForks,
  type ComparisonDesign,
  describeThinning,
  diagnoseForks,
  MIN_SPAN_OVER_CLOCK,
  quantiles,
  thinForks,
} from "../stats/mod.ts";
import type { ForkUsage } from "./_measure_fork_here.ts";

/** Statistical settings of a run. */
export interface AnalysisSettings {
  /** Confidence level. */
  level: number;
  /** Bootstrap resamples. */
  resamples: number;
  /** Seed. */
  seed: number;
  /** Significance level. */
  alpha: number;
  /** Noise threshold. */
  noiseThreshold: number;
}

/**
 * Analyses one metric from its samples per fork and lists the warnings a
 * careful engineer would want.
 *
 * @param forks samples per fork (forks with no samples are ignored)
 * @param settings level, resamples, seed
 * @param context the kind of case and its unit, for kind-specific warnings
 * @returns the analysis (null with no samples) and the warnings
 *
 * @example
 * ```ts ignore
 * analyzeMetric([[1, 2, 3], [2, 3, 4]], settings, { kind: "bench", unit: "ns" });
 * ```
 */
export function analyzeMetric(
  forks: number[][],
  settings: AnalysisSettings,
  context: {
    kind: "bench" | "experiment";
    unit: string;
    iterationsPerSample?: number;
    clockCostNs?: number;
  },
): { analysis: MetricAnalysis | null; warnings: string[] } {
  // The bootstrap draws every sample thousands of times: past the bound,
  // each fork is thinned evenly, in order.
  const bounded = thinForks(forks.filter((f) => f.length > 0));
  const groups = bounded.forks as number[][];
  const pooled = groups.flat();
  if (pooled.length === 0) {
    return { analysis: null, warnings: ["no samples were recorded"] };
  }
  const analysis = analyzeSample(pooled, {
    iterationsPerSample: context.iterationsPerSample,
    bootstrap: {
      level: settings.level,
      resamples: settings.resamples,
      seed: settings.seed,
    },
  });
  const centre = centreInterval(groups, {
    level: settings.level,
    resamples: settings.resamples,
    seed: settings.seed,
  });
  const found = diagnoseForks(groups, centre, {
    time: context.kind === "bench" || isTimeUnit(context.unit),
    perCallNs: context.kind === "bench",
    clockCostNs: context.clockCostNs,
  });
  const warnings: string[] = [];
  if (bounded.kept < bounded.total) {
    warnings.push(describeThinning(bounded));
  }
  if (found.fewSamples) {
    warnings.push(
      `only ${found.samples} samples: too few for a ${
        settings.level * 100
      }% CI to be trusted`,
    );
  }
  if (found.oneFork) {
    warnings.push(
      "one fork: the CI excludes between-process variance",
    );
  }
  if (found.wide) {
    warnings.push(
      `wide CI: ±${(centre.relativeHalfWidth * 100).toFixed(1)}% of the centre`,
    );
  }
  if (found.eliminated) {
    warnings.push(
      `${centre.point.toFixed(2)} ns per call is faster than any real work: ` +
        "likely optimised away (return the result or pass it to doNotOptimize)",
    );
  }
  if (found.firstForkSlowdown !== null) {
    warnings.push(
      `the first fork was ${
        ((found.firstForkSlowdown - 1) * 100).toFixed(0)
      }% slower ` +
        "than the others: the machine may have been warming up",
    );
  }
  if (found.shortSpan) {
    warnings.push(
      `the span timed between b.start() and b.end() is ${
        centre.point.toFixed(1)
      } ns, under ${MIN_SPAN_OVER_CLOCK}× the clock's cost per pair of ` +
        `readings (${
          (context.clockCostNs ?? 0).toFixed(1)
        } ns, subtracted): the ` +
        "clock's own jitter is a large share of each sample; time more work " +
        "between the marks, or drop them so whole calls are timed in batches",
    );
  }
  if (found.coarseClock) {
    warnings.push(
      `only ${found.distinctValues} distinct values in ${found.samples} ` +
        "samples: the clock or timer resolution may be too coarse for this case",
    );
  }
  // A lattice's density "modes" are just its values: not reported as modes.
  const modality = found.lattice && analysis.modality.multimodal
    ? { ...analysis.modality, multimodal: false }
    : analysis.modality;
  return {
    analysis: {
      summary: analysis.summary,
      centre: {
        point: centre.point,
        lower: centre.lower,
        upper: centre.upper,
        level: centre.level,
        forks: centre.forks,
        includesBetweenForkVariance: centre.includesBetweenForkVariance,
        relativeHalfWidth: centre.relativeHalfWidth,
      },
      mean: analysis.meanCI && intervalOf(analysis.meanCI),
      forkMedians: groups.map((g) => quantiles(g, [0.5])[0]),
      fences: analysis.fences,
      outliers: analysis.outliers,
      outlierVariance: analysis.outlierVariance,
      modality,
    },
    warnings,
  };
}

function intervalOf(ci: IntervalRecord): IntervalRecord {
  return { point: ci.point, lower: ci.lower, upper: ci.upper, level: ci.level };
}

/**
 * The comparison record of one metric between two passed cases, from the
 * one comparison engine of `lib/stats` ({@link compareForks}). Declared
 * comparisons ran interleaved in the same forks, or in the same rounds, so
 * their forks pair; a baseline's did not.
 *
 * @param base the base case
 * @param candidate the candidate case
 * @param metricName the metric to compare
 * @param source declared in a suite, or against a baseline artifact
 * @param settings level, resamples, seed, alpha, noise threshold
 * @param design how the sides were measured: by default paired rounds for a
 *   declared comparison, unpaired for a baseline
 * @returns the record, or null when either case failed or lacks the metric
 *
 * @example
 * ```ts ignore
 * comparisonRecord(baseCase, candidateCase, "time", "baseline", settings);
 * ```
 */
export function comparisonRecord(
  base: CaseRecord,
  candidate: CaseRecord,
  metricName: string,
  source: ComparisonRecord["source"],
  settings: AnalysisSettings,
  design: ComparisonDesign = source === "declared"
    ? { kind: "paired-rounds" }
    : { kind: "unpaired" },
): ComparisonRecord | null {
  const a = base.metrics.find((m) => m.name === metricName);
  const b = candidate.metrics.find((m) => m.name === metricName);
  if (!a?.analysis || !b?.analysis) return null;
  if (base.status !== "passed" || candidate.status !== "passed") return null;
  // Each side as its centre reads it: every fork from its steady segment
  // on (an interleaved design keeps the rounds aligned and is told where
  // they start instead).
  const steadyOf = (record: CaseRecord, samples: number[][]) =>
    design.kind === "interleaved"
      ? samples
      : steadySegments(samples, steadyStarts(record.forks));
  const c = compareForks(
    steadyOf(base, a.samples),
    steadyOf(candidate, b.samples),
    design,
    { ...settings, direction: b.direction },
  );
  return {
    source,
    design: design.kind,
    base: base.id,
    candidate: candidate.id,
    metric: metricName,
    unit: b.unit,
    direction: b.direction,
    baseCentre: c.baseCentre,
    candidateCentre: c.candidateCentre,
    ratio: {
      point: c.ratio.point,
      lower: c.ratio.lower,
      upper: c.ratio.upper,
      level: c.ratio.level,
    },
    p: c.p,
    test: c.test,
    verdict: c.verdict,
    warnings: c.warnings,
  };
}

/**
 * Builds the curve of one metric over a numeric parameter from the cases
 * that vary only in it, with a complexity fit and a knee.
 *
 * @param records the suite's case records of one case name
 * @param param the varying parameter
 * @param metric the metric
 * @returns one sweep per combination of the other parameters
 *
 * @example
 * ```ts ignore
 * buildSweeps(records, "n", "time");
 * ```
 */
export function buildSweeps(
  records: CaseRecord[],
  param: string,
  metric: string,
): SweepRecord[] {
  const groups = new Map<string, CaseRecord[]>();
  for (const r of records) {
    if (r.status !== "passed" || typeof r.params[param] !== "number") continue;
    const fixed = Object.fromEntries(
      Object.entries(r.params).filter(([k]) => k !== param),
    );
    const key = JSON.stringify(fixed);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const sweeps: SweepRecord[] = [];
  for (const [key, group] of groups) {
    const points = group
      .map((r) => {
        const m = r.metrics.find((x) => x.name === metric);
        const c = m?.analysis?.centre;
        return c === undefined ? null : {
          x: r.params[param] as number,
          centre: c.point,
          lower: c.lower,
          upper: c.upper,
        };
      })
      .filter((p): p is NonNullable<typeof p> => p !== null)
      .sort((p, q) => p.x - q.x);
    if (points.length === 0) continue;
    const unit = group[0].metrics.find((x) => x.name === metric)?.unit ?? "";
    const { complexity, knee } = analyzeCurve(
      points.map((p) => p.x),
      points.map((p) => p.centre),
    );
    sweeps.push({
      suite: group[0].suite,
      case: group[0].case,
      param,
      metric,
      unit,
      fixed: JSON.parse(key),
      points,
      complexity,
      knee,
    });
  }
  return sweeps;
}

/**
 * A fork is disturbed when its threads waited for a CPU for more than this
 * share of its wall time …
 */
export const DISTURBED_WAIT_SHARE = 0.1;
/** … and more than this many times the median of the case's other forks. */
export const DISTURBED_WAIT_FACTOR = 2;

/**
 * Judges what the host did to each fork of a case: a fork is disturbed when
 * its threads spent more than {@link DISTURBED_WAIT_SHARE} of its life
 * runnable but waiting for a CPU, and more than
 * {@link DISTURBED_WAIT_FACTOR} times the median of the case's other forks —
 * the host took the CPU from it, not the case's own waiting. A case of one
 * fork has nothing to judge against: its fork is recorded, never flagged.
 *
 * @param usages each fork's usage, undefined where none was read
 * @returns each fork's record, null where none was read
 *
 * @example
 * ```ts
 * import { judgeInterference } from "./_records.ts";
 * import { assertEquals } from "@std/assert";
 * const fork = (wait: number) => ({
 *   wallMs: 500, cpuMs: 480, runQueueWaitMs: wait, involuntarySwitches: 3,
 * });
 * const judged = judgeInterference([fork(5), fork(8), fork(120), undefined]);
 * assertEquals(judged.map((j) => j?.disturbed ?? null), [false, false, true, null]);
 * assertEquals(judged[2]?.reasons, [
 *   "waited 120 ms (24% of its 500 ms) for a CPU, 18× the median of the case's other forks",
 * ]);
 * ```
 */
export function judgeInterference(
  usages: readonly (ForkUsage | undefined)[],
): (InterferenceRecord | null)[] {
  // Each fork's share of its wall time spent waiting for a CPU.
  const shares = usages.map((u) =>
    u?.runQueueWaitMs != null && u.wallMs > 0
      ? u.runQueueWaitMs / u.wallMs
      : null
  );
  return usages.map((u, index) => {
    if (u === undefined) return null;
    const reasons: string[] = [];
    const share = shares[index];
    // Against the case's other forks: a fork is not its own reference.
    const others = shares.filter((x, i): x is number =>
      i !== index && x !== null
    );
    if (share !== null && others.length > 0) {
      const median = quantiles(others, [0.5])[0];
      if (
        share > DISTURBED_WAIT_SHARE && share > DISTURBED_WAIT_FACTOR * median
      ) {
        reasons.push(
          `waited ${u.runQueueWaitMs!.toFixed(0)} ms (${
            (share * 100).toFixed(0)
          }% of its ${u.wallMs.toFixed(0)} ms) for a CPU, ` +
            (median > 0
              ? `${
                (share / median).toFixed(0)
              }× the median of the case's other forks`
              : "while the case's other forks waited none"),
        );
      }
    }
    return {
      wallMs: u.wallMs,
      cpuMs: u.cpuMs,
      runQueueWaitMs: u.runQueueWaitMs,
      involuntarySwitches: u.involuntarySwitches,
      disturbed: reasons.length > 0,
      reasons,
    };
  });
}

/**
 * Where each passed fork's steady segment starts, in the order of the
 * metric's samples (which hold passed forks only): 0 for a fork with none
 * (read whole) or never classified.
 *
 * @param forks a case's fork records
 * @returns one start per passed fork
 *
 * @example
 * ```ts
 * import { steadyStarts } from "./_records.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(steadyStarts([
 *   { status: "passed", steadyState: { class: "warmup", steadyFrom: 40 } },
 *   { status: "failed", steadyState: null },
 *   { status: "passed", steadyState: { class: "no steady state", steadyFrom: null } },
 * ]), [40, 0]);
 * ```
 */
export function steadyStarts(
  forks: readonly {
    status: "passed" | "failed";
    steadyState: SteadyStateRecord | null;
  }[],
): number[] {
  return forks.filter((f) => f.status === "passed")
    .map((f) => f.steadyState?.steadyFrom ?? 0);
}

/**
 * Each fork's samples from its steady segment on: what a centre and a
 * comparison of whole forks read.
 *
 * @param samples samples per passed fork
 * @param starts each fork's start, from {@link steadyStarts}
 * @returns the segments
 *
 * @example
 * ```ts
 * import { steadySegments } from "./_records.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(steadySegments([[9, 1, 1], [2, 2]], [1, 0]), [[1, 1], [2, 2]]);
 * ```
 */
export function steadySegments(
  samples: readonly number[][],
  starts: readonly number[],
): number[][] {
  return samples.map((xs, i) => xs.slice(starts[i] ?? 0));
}

/**
 * A fork's steady state as the artifact records it: the class of its
 * time-ordered samples and where the steady segment starts
 * ({@link classifySteadyState}).
 *
 * @param samples the fork's samples, in time order
 * @returns the record
 *
 * @example
 * ```ts
 * import { steadyStateOf } from "./_records.ts";
 * import { assertEquals } from "@std/assert";
 * const warm = [...new Array(50).fill(200), ...new Array(450).fill(100)]
 *   .map((x, i) => x + (i % 5));
 * assertEquals(steadyStateOf(warm), { class: "warmup", steadyFrom: 50 });
 * ```
 */
export function steadyStateOf(samples: readonly number[]): SteadyStateRecord {
  const found = classifySteadyState(samples);
  return { class: found.class, steadyFrom: found.steadyFrom };
}

/**
 * What the forks' steady states say that a reader should know: forks that
 * never settled (read whole), and forks that slowed down (their centre is
 * the slower, last segment). A warm-up is what forks do; it is left out of
 * the centre without a warning.
 *
 * @param states the passed forks' states (null for experiments)
 * @returns the warnings
 *
 * @example
 * ```ts
 * import { steadyWarnings } from "./_records.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   steadyWarnings([
 *     { class: "flat", steadyFrom: 0 },
 *     { class: "no steady state", steadyFrom: null },
 *   ]),
 *   ["1 of 2 forks reached no steady state (read whole): forks disagree"],
 * );
 * ```
 */
export function steadyWarnings(
  states: readonly (SteadyStateRecord | null)[],
): string[] {
  const known = states.filter((s): s is SteadyStateRecord => s !== null);
  if (known.length === 0) return [];
  const count = (c: string) => known.filter((s) => s.class === c).length;
  const of = `of ${known.length} fork${known.length === 1 ? "" : "s"}`;
  const disagree = new Set(
    known.map((s) => s.class === "flat" ? "warmup" : s.class),
  ).size > 1;
  const tail = disagree ? ": forks disagree" : "";
  const out: string[] = [];
  const none = count("no steady state");
  if (none > 0) {
    out.push(`${none} ${of} reached no steady state (read whole)${tail}`);
  }
  const slower = count("slowdown");
  if (slower > 0) {
    out.push(
      `${slower} ${of} slowed down as they ran (their centre is the slower ` +
        `end)${none > 0 ? "" : tail}`,
    );
  }
  return out;
}
