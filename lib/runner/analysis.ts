/**
 * From raw fork samples to what the artifact reports: per-metric analysis
 * with its warnings, comparisons and sweeps. Pure: numbers in, records out.
 *
 * @module
 */

import type {
  CaseRecord,
  ComparisonRecord,
  IntervalRecord,
  MetricAnalysis,
  SweepRecord,
} from "../artifact/types.ts";
import {
  analyzeSample,
  createRandom,
  type Direction,
  findKnee,
  fitComplexity,
  hierarchicalReplicates,
  mannWhitneyU,
  quantiles,
  quantileSorted,
  verdict,
} from "../stats/mod.ts";

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

/** A bench centre below this is faster than one CPU cycle can do work. */
const ELIMINATED_NS = 1;
/** A first fork this much slower than the others' median is flagged. */
const SLOW_FIRST_FORK = 1.1;
/** A relative CI half-width above this is flagged as wide. */
const WIDE_CI = 0.1;
/** Units in which "slower" means a larger value. */
const TIME_UNITS = new Set(["s", "ms", "us", "µs", "ns"]);
/** Fewer samples than this make any CI unreliable. */
const FEW_SAMPLES = 10;

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
  },
): { analysis: MetricAnalysis | null; warnings: string[] } {
  const groups = forks.filter((f) => f.length > 0);
  const pooled = groups.flat();
  const warnings: string[] = [];
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
  const { point, replicates } = hierarchicalReplicates(groups, {
    resamples: settings.resamples,
    seed: settings.seed,
  });
  replicates.sort();
  const alpha = (1 - settings.level) / 2;
  const lower = Math.min(quantileSorted(replicates, alpha), point);
  const upper = Math.max(quantileSorted(replicates, 1 - alpha), point);
  const relativeHalfWidth = point !== 0
    ? (upper - lower) / 2 / Math.abs(point)
    : 0;
  const forkMedians = groups.map((g) => quantiles(g, [0.5])[0]);

  if (pooled.length < FEW_SAMPLES) {
    warnings.push(
      `only ${pooled.length} samples: too few for a ${
        settings.level * 100
      }% CI to be trusted`,
    );
  }
  if (groups.length === 1) {
    warnings.push(
      "one fork: the CI excludes between-process variance",
    );
  }
  if (relativeHalfWidth > WIDE_CI) {
    warnings.push(
      `wide CI: ±${(relativeHalfWidth * 100).toFixed(1)}% of the centre`,
    );
  }
  if (context.kind === "bench" && point < ELIMINATED_NS) {
    warnings.push(
      `${point.toFixed(2)} ns per call is faster than any real work: ` +
        "likely optimised away (return the result or pass it to doNotOptimize)",
    );
  }
  if (groups.length >= 3) {
    const rest = [...forkMedians.slice(1)].sort((a, b) => a - b);
    const restMedian = quantileSorted(rest, 0.5);
    const slower = context.kind === "bench" || TIME_UNITS.has(context.unit)
      ? forkMedians[0] / restMedian
      : NaN;
    if (slower > SLOW_FIRST_FORK) {
      warnings.push(
        `the first fork was ${((slower - 1) * 100).toFixed(0)}% slower ` +
          "than the others: the machine may have been warming up",
      );
    }
  }
  if (context.kind === "experiment" && pooled.length >= 20) {
    const distinct = new Set(pooled).size;
    if (distinct < Math.max(5, pooled.length / 20)) {
      warnings.push(
        `only ${distinct} distinct values in ${pooled.length} samples: ` +
          "the clock or timer resolution may be too coarse for this case",
      );
    }
  }
  return {
    analysis: {
      summary: analysis.summary,
      centre: {
        point,
        lower,
        upper,
        level: settings.level,
        forks: groups.length,
        includesBetweenForkVariance: groups.length > 1,
        relativeHalfWidth,
      },
      mean: analysis.meanCI && intervalOf(analysis.meanCI),
      forkMedians,
      fences: analysis.fences,
      outliers: analysis.outliers,
      outlierVariance: analysis.outlierVariance,
      modality: analysis.modality,
    },
    warnings,
  };
}

function intervalOf(ci: IntervalRecord): IntervalRecord {
  return { point: ci.point, lower: ci.lower, upper: ci.upper, level: ci.level };
}

/**
 * Compares a candidate's samples with a base's, fork-aware. Both sides are
 * resampled by the hierarchical bootstrap (forks, then samples within each)
 * and the i-th replicates divided: the ratio of medians gets its CI from
 * those ratios, and the p-value is the two-sided bootstrap p — twice the
 * share of ratios on the far side of 1, with the +1 correction of Davison &
 * Hinkley (1997, eq. 4.11). Forks, not samples, are the independent units:
 * a test on pooled samples would mistake one fork's JIT tier for an effect,
 * and a rank test on five fork medians has no power left once one fork
 * lands in another tier (seen here: a slow first fork turned a 10% shift
 * into p = 0.15). With fewer than two forks on a side the p comes from
 * Mann–Whitney U on pooled samples, with a warning.
 *
 * @param base samples per fork of the base
 * @param candidate samples per fork of the candidate
 * @param direction which way is better
 * @param settings level, resamples, seed, alpha, noise threshold
 * @returns the ratio, p, test, verdict and warnings
 *
 * @example
 * ```ts ignore
 * compareForks([[10, 11], [10, 12]], [[12, 13], [13, 12]], "smaller", settings);
 * ```
 */
export function compareForks(
  base: number[][],
  candidate: number[][],
  direction: Direction,
  settings: AnalysisSettings,
): Pick<
  ComparisonRecord,
  | "baseCentre"
  | "candidateCentre"
  | "ratio"
  | "p"
  | "test"
  | "verdict"
  | "warnings"
> {
  const a = base.filter((f) => f.length > 0);
  const b = candidate.filter((f) => f.length > 0);
  const seeds = createRandom(settings.seed);
  const ra = hierarchicalReplicates(a, {
    resamples: settings.resamples,
    seed: seeds.nextUint32(),
  });
  const rb = hierarchicalReplicates(b, {
    resamples: settings.resamples,
    seed: seeds.nextUint32(),
  });
  const ratios = new Float64Array(settings.resamples);
  for (let i = 0; i < ratios.length; i++) {
    ratios[i] = rb.replicates[i] / ra.replicates[i];
  }
  ratios.sort();
  const alpha = (1 - settings.level) / 2;
  const ratio = {
    point: rb.point / ra.point,
    lower: quantileSorted(ratios, alpha),
    upper: quantileSorted(ratios, 1 - alpha),
    level: settings.level,
  };
  const warnings: string[] = [];
  let p: number;
  let test: string;
  if (a.length >= 2 && b.length >= 2) {
    let below = 0;
    let above = 0;
    for (const r of ratios) {
      if (r <= 1) below++;
      if (r >= 1) above++;
    }
    p = Math.min(1, (2 * (Math.min(below, above) + 1)) / (ratios.length + 1));
    test = "hierarchical bootstrap over forks";
  } else {
    p = mannWhitneyU(b.flat(), a.flat()).p;
    test = "mann-whitney on pooled samples";
    warnings.push(
      "fewer than two forks on a side: the test treats samples as " +
        "independent and ignores between-process variance",
    );
  }
  const change = Math.abs(ratio.point - 1);
  const halfWidth = (ratio.upper - ratio.lower) / 2;
  if (halfWidth > change && halfWidth > settings.noiseThreshold) {
    warnings.push(
      `the CI (±${(halfWidth * 100).toFixed(1)}%) is wider than the change ` +
        `(${(change * 100).toFixed(1)}%): more forks or time would be needed ` +
        "to judge it",
    );
  }
  return {
    baseCentre: ra.point,
    candidateCentre: rb.point,
    ratio,
    p,
    test,
    verdict: verdict(p, ratio, {
      alpha: settings.alpha,
      noiseThreshold: settings.noiseThreshold,
      direction,
    }),
    warnings,
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
    if (typeof r.params[param] !== "number") continue;
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
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.centre);
    const distinct = new Set(xs).size === xs.length;
    const positive = xs.every((x) => x >= 1);
    const meanY = ys.reduce((s, y) => s + y, 0) / ys.length;
    sweeps.push({
      suite: group[0].suite,
      case: group[0].case,
      param,
      metric,
      unit,
      fixed: JSON.parse(key),
      points,
      complexity: points.length >= 2 && positive && distinct && meanY !== 0
        ? fitComplexity(xs, ys)
        : null,
      knee: distinct ? findKnee(xs, ys) : null,
    });
  }
  return sweeps;
}
