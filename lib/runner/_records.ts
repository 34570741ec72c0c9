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
  type ComplexityResult,
  createRandom,
  type Direction,
  findKnee,
  fitComplexity,
  hierarchicalReplicates,
  type Knee,
  mannWhitneyU,
  meanOf,
  normalCdf,
  quantiles,
  quantileSorted,
  studentTQuantile,
  studentTSf,
  varianceOf,
  type Verdict,
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

/**
 * Resamples behind a centre's CI: the expanded percentile interval reads
 * the replicates at about 0.1% and 99.9% with five forks, which 1,000
 * replicates would leave to one or two order statistics.
 */
const CENTRE_RESAMPLES = 4_000;

/**
 * The tail probability of the expanded percentile interval (Hesterberg
 * 2015, "What teachers should know about the bootstrap", §5.3): with n
 * independent units — here forks — a percentile interval is too narrow by
 * about √((n−1)/n)·z/t, so the tails are read at Φ(−√(n/(n−1))·t_{n−1})
 * instead of α/2. With one fork there is nothing to expand.
 */
export function expandedTail(level: number, units: number): number {
  const alpha = (1 - level) / 2;
  if (units < 2) return alpha;
  const t = studentTQuantile(1 - alpha, units - 1);
  return normalCdf(-Math.sqrt(units / (units - 1)) * t);
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
 * A growth class is fitted from three points or more: through two, a
 * one-parameter fit of every class ranks them by noise.
 */
const MIN_FIT_POINTS = 3;

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
    resamples: Math.max(settings.resamples, CENTRE_RESAMPLES),
    seed: settings.seed,
  });
  replicates.sort();
  const tail = expandedTail(settings.level, groups.length);
  const lower = Math.min(quantileSorted(replicates, tail), point);
  const upper = Math.max(quantileSorted(replicates, 1 - tail), point);
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
  // Few distinct values: in a time, a coarse clock; in a count or size, a
  // lattice, whose KDE "modes" are just its values.
  // Counted only where it is read (not for bench times, the hot case).
  const isTime = TIME_UNITS.has(context.unit);
  const checksClock = context.kind === "experiment" && isTime &&
    pooled.length >= 20;
  const distinct = checksClock || !isTime ? new Set(pooled).size : Infinity;
  const fewValues = distinct < Math.max(5, pooled.length / 20);
  if (checksClock && fewValues) {
    warnings.push(
      `only ${distinct} distinct values in ${pooled.length} samples: ` +
        "the clock or timer resolution may be too coarse for this case",
    );
  }
  // Modality is read on time-like data only.
  const lattice = !isTime && fewValues;
  const modality = lattice && analysis.modality.multimodal
    ? { ...analysis.modality, multimodal: false }
    : analysis.modality;
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
      modality,
    },
    warnings,
  };
}

function intervalOf(ci: IntervalRecord): IntervalRecord {
  return { point: ci.point, lower: ci.lower, upper: ci.upper, level: ci.level };
}

/**
 * Compares a candidate's samples with a base's, fork-aware: forks, not
 * samples, are the independent units, so the test works on the median of
 * each fork, on a log scale (a ratio becomes a difference).
 *
 * - paired — both sides ran in the same rounds (fork i of A just before or
 *   after fork i of B, as the runner interleaves declared comparisons): a
 *   paired t-test on the per-round log ratios, which cancels the machine's
 *   slow drift;
 * - unpaired — different runs (a baseline, `compare`): Welch's t on the log
 *   fork medians.
 *
 * The ratio's CI is the t interval on the same scale, exponentiated. With
 * fewer than two forks on a side there is no between-fork spread to test
 * against: the ratio CI then comes from the bootstrap and the p-value from
 * Mann–Whitney U on pooled samples, with a warning.
 *
 * @param base samples per fork of the base
 * @param candidate samples per fork of the candidate
 * @param direction which way is better
 * @param settings level, resamples, seed, alpha, noise threshold
 * @param paired whether fork i of each side ran in the same round
 * @returns the centres, ratio, p, test, verdict and warnings
 *
 * @example
 * ```ts ignore
 * compareForks([[10, 11], [10, 12]], [[12, 13], [13, 12]], "smaller", settings, true);
 * ```
 */
export function compareForks(
  base: number[][],
  candidate: number[][],
  direction: Direction,
  settings: AnalysisSettings,
  paired: boolean,
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
  const ma = a.map((f) => quantiles(f, [0.5])[0]);
  const mb = b.map((f) => quantiles(f, [0.5])[0]);
  // Ratios need positive centres; counts of errors or drops can be 0, and
  // a change from 0 is then judged on the difference instead.
  const positive = [...ma, ...mb].every((x) => x > 0);
  const warnings: string[] = [];
  const tq = (df: number) =>
    studentTQuantile(1 - (1 - settings.level) / 2, Math.max(df, 1e-9));
  let estimate: number;
  let half: number;
  let p: number;
  let test: string;
  let baseCentre: number;
  let candidateCentre: number;
  if (a.length >= 2 && b.length >= 2) {
    const scale = positive ? Math.log : (x: number) => x;
    const xa = ma.map(scale);
    const xb = mb.map(scale);
    let se: number;
    let df: number;
    const on = positive ? "log fork medians" : "fork medians";
    if (paired && xa.length === xb.length) {
      const d = xb.map((x, i) => x - xa[i]);
      estimate = meanOf(d);
      se = Math.sqrt(varianceOf(d) / d.length);
      df = d.length - 1;
      test = `paired t on ${on}`;
    } else {
      const va = varianceOf(xa) / xa.length;
      const vb = varianceOf(xb) / xb.length;
      estimate = meanOf(xb) - meanOf(xa);
      se = Math.sqrt(va + vb);
      df = se === 0 ? xa.length + xb.length - 2 : (va + vb) ** 2 /
        (va * va / (xa.length - 1) + vb * vb / (xb.length - 1));
      test = `welch t on ${on}`;
    }
    p = se === 0
      ? (estimate === 0 ? 1 : 0)
      : Math.min(1, 2 * studentTSf(Math.abs(estimate / se), df));
    half = se * tq(df);
    const centreOf = (xs: number[]) =>
      positive ? Math.exp(meanOf(xs)) : meanOf(xs);
    baseCentre = centreOf(xa);
    candidateCentre = centreOf(xb);
  } else {
    // One fork on a side: no between-fork spread to test against.
    const seeds = createRandom(settings.seed);
    const ra = hierarchicalReplicates(a, {
      resamples: settings.resamples,
      seed: seeds.nextUint32(),
    });
    const rb = hierarchicalReplicates(b, {
      resamples: settings.resamples,
      seed: seeds.nextUint32(),
    });
    const estimates = new Float64Array(settings.resamples);
    for (let i = 0; i < estimates.length; i++) {
      estimates[i] = positive
        ? Math.log(rb.replicates[i] / ra.replicates[i])
        : rb.replicates[i] - ra.replicates[i];
    }
    estimates.sort();
    const alpha = (1 - settings.level) / 2;
    const lo = quantileSorted(estimates, alpha);
    const hi = quantileSorted(estimates, 1 - alpha);
    estimate = positive ? Math.log(rb.point / ra.point) : rb.point - ra.point;
    // A symmetric half-width around the estimate that covers both ends.
    half = Math.max(estimate - lo, hi - estimate);
    p = mannWhitneyU(b.flat(), a.flat()).p;
    test = "mann-whitney on pooled samples";
    baseCentre = ra.point;
    candidateCentre = rb.point;
    warnings.push(
      "fewer than two forks on a side: the test treats samples as " +
        "independent and ignores between-process variance",
    );
  }
  let ratio: IntervalRecord;
  let result: Verdict;
  if (positive) {
    ratio = {
      point: Math.exp(estimate),
      lower: Math.exp(estimate - half),
      upper: Math.exp(estimate + half),
      level: settings.level,
    };
    result = verdict(p, ratio, {
      alpha: settings.alpha,
      noiseThreshold: settings.noiseThreshold,
      direction,
    });
    const change = Math.abs(ratio.point - 1);
    const halfWidth = (ratio.upper - ratio.lower) / 2;
    if (halfWidth > change && halfWidth > settings.noiseThreshold) {
      warnings.push(
        `the CI (±${(halfWidth * 100).toFixed(1)}%) is wider than the ` +
          `change (${(change * 100).toFixed(1)}%): more forks or time would ` +
          "be needed to judge it",
      );
    }
  } else {
    // No ratio: the CI is of the difference; the verdict needs p < alpha
    // and a difference CI that excludes 0 (no relative noise threshold).
    ratio = {
      point: baseCentre === 0 ? NaN : candidateCentre / baseCentre,
      lower: NaN,
      upper: NaN,
      level: settings.level,
    };
    const lower = estimate - half;
    const upper = estimate + half;
    const significant = p < settings.alpha && (lower > 0 || upper < 0);
    result = !significant
      ? "no change"
      : (lower > 0) === (direction === "bigger")
      ? "faster"
      : "slower";
    warnings.push(
      "centres at or below zero: compared as a difference " +
        `(${significantDigits(estimate)} [${significantDigits(lower)}, ` +
        `${significantDigits(upper)}]), not a ratio`,
    );
  }
  return {
    baseCentre,
    candidateCentre,
    ratio,
    p,
    test,
    verdict: result,
    warnings,
  };
}

function significantDigits(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);
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
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.centre);
    const distinct = new Set(xs).size === xs.length;
    const positive = xs.every((x) => x >= 1);
    const meanY = ys.reduce((s, y) => s + y, 0) / ys.length;
    const complexity = points.length >= MIN_FIT_POINTS && positive &&
        distinct && meanY !== 0
      ? fitComplexity(xs, ys)
      : null;
    sweeps.push({
      suite: group[0].suite,
      case: group[0].case,
      param,
      metric,
      unit,
      fixed: JSON.parse(key),
      points,
      complexity,
      knee: relevantKnee(xs, ys, distinct, complexity),
    });
  }
  return sweeps;
}

/**
 * A knee worth reporting: at least six points, the two-piece fit
 * significant (p < 0.05 / (n − 2), for the breakpoints searched),
 * halves a straight line's RMS error (a quarter of its squared error), has
 * two points on each side, moves the curve by a quarter of its mean along
 * one segment, and explains the curve at least twice as well (normalised
 * RMS) as the best growth class. A smooth n² curve always "bends" somewhere; only a curve
 * whose slope really changes at a point — a capacity, a cache size — has a
 * knee.
 */
/** Fewest sweep points for a knee. */
const MIN_KNEE_POINTS = 6;

function relevantKnee(
  xs: number[],
  ys: number[],
  distinct: boolean,
  complexity: ComplexityResult | null,
): Knee | null {
  if (!distinct) return null;
  // Three parameters and a breakpoint need six points to leave any doubt.
  if (xs.length < MIN_KNEE_POINTS) return null;
  const knee = findKnee(xs, ys);
  // Significant after Bonferroni over the n − 2 breakpoints tried, and the
  // bend removes at least three quarters of a single line's squared error:
  // noise around a flat curve also "bends" somewhere.
  const alpha = 0.05 / (xs.length - 2);
  if (knee === null || !(knee.p < alpha) || knee.sse > 0.25 * knee.sseLine) {
    return null;
  }
  // Two points on each side, and a curve that moves: across one of the two
  // segments it must rise or fall by a quarter of its mean. A flat, noisy
  // curve has no knee to find.
  const before = xs.filter((x) => x < knee.x).length;
  const after = xs.filter((x) => x > knee.x).length;
  if (before < 2 || after < 2) return null;
  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const movement = Math.max(
    Math.abs(knee.slopeBefore) * (knee.x - lo),
    Math.abs(knee.slopeAfter) * (hi - knee.x),
  );
  if (movement < 0.25 * Math.abs(mean)) return null;
  if (complexity === null) return knee;
  const kneeRms = Math.sqrt(knee.sse / ys.length) / Math.abs(mean);
  return kneeRms * 2 <= complexity.best.rms ? knee : null;
}
