/**
 * The full analysis of one sample, as one readable pipeline: check → sort
 * once → summarise → classify outliers → outlier variance → modality →
 * bootstrap CIs for mean and median; and the analysis of one series, whose
 * median carries the centre's interval `run` reports.
 *
 * @module
 */

import {
  bootstrapCentresSorted,
  type BootstrapOptions,
  type ConfidenceInterval,
} from "./bootstrap.ts";
import { centreInterval } from "./centre.ts";
import {
  findModesSorted,
  type Modality,
  type ModalityOptions,
} from "./modality.ts";
import { type OutlierVariance, outlierVariance } from "./outlier_variance.ts";
import { summarizeSorted, type Summary } from "./summary.ts";
import {
  classifyValue,
  type Fences,
  type OutlierCounts,
  tukeyFences,
} from "./tukey.ts";
import { assertFiniteSample, type Sample, sortedCopy } from "./validate.ts";

/** Options of {@link analyzeSample}. */
export interface AnalysisOptions {
  /** Bootstrap options for the CIs of mean and median. */
  bootstrap?: BootstrapOptions;
  /** Modality options. */
  modality?: ModalityOptions;
  /**
   * When each sample is the per-iteration time of a batch of this many
   * iterations, the variance introduced by outliers is computed for the
   * batch totals (see {@link outlierVariance}); otherwise it is null.
   */
  iterationsPerSample?: number;
}

/** Everything looplab reports about one sample. */
export interface SampleAnalysis {
  /** Centre, spread and quantiles. */
  summary: Summary;
  /** Tukey fences. */
  fences: Fences;
  /** Observations per outlier class (none are removed). */
  outliers: OutlierCounts;
  /**
   * Variance introduced by outliers, for batched samples with a positive
   * mean (null otherwise).
   */
  outlierVariance: OutlierVariance | null;
  /** Modes and their shares. */
  modality: Modality;
  /** Bootstrap CI of the mean (null with fewer than two samples). */
  meanCI: ConfidenceInterval | null;
  /** Bootstrap CI of the median (null with fewer than two samples). */
  medianCI: ConfidenceInterval | null;
}

/**
 * Analyses one sample: summary, Tukey outlier classes, the variance
 * introduced by outliers, modality, and bootstrap CIs of mean and median.
 *
 * @param sample finite observations, at least one
 * @param options bootstrap and modality options
 * @returns the analysis
 * @throws {RangeError} on an empty or non-finite sample or a bad option
 *
 * @example
 * ```ts
 * import { analyzeSample } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const a = analyzeSample([10, 11, 10, 12, 11, 10, 11, 12, 10, 50]);
 * assertEquals(a.outliers.highSevere, 1);
 * assertEquals(a.medianCI?.point, 11);
 * ```
 */
export function analyzeSample(
  sample: Sample,
  options: AnalysisOptions = {},
): SampleAnalysis {
  assertFiniteSample(sample);
  const k = options.iterationsPerSample;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(
      `iterationsPerSample must be an integer ≥ 1, got ${k}`,
    );
  }
  const sorted = sortedCopy(sample);
  const summary = summarizeSorted(sorted);
  const { fences } = tukeyFences(sorted);
  const outliers: OutlierCounts = {
    lowSevere: 0,
    lowMild: 0,
    normal: 0,
    highMild: 0,
    highSevere: 0,
  };
  for (let i = 0; i < sorted.length; i++) {
    outliers[classifyValue(sorted[i], fences)]++;
  }
  const centres = sorted.length >= 2
    ? bootstrapCentresSorted(sorted, options.bootstrap)
    : null;
  return {
    summary,
    fences,
    outliers,
    outlierVariance: summary.mean > 0 && k !== undefined
      ? outlierVariance(k * summary.mean, k * summary.stdDev, k)
      : null,
    modality: findModesSorted(sorted, options.modality),
    meanCI: centres?.mean ?? null,
    medianCI: centres?.median ?? null,
  };
}

/**
 * Analyses one series — samples from one process, as `looplab analyze`
 * reads them — as {@link analyzeSample} does, but with the median's CI that
 * `run` reports for a metric ({@link centreInterval}), the series as its one
 * fork: the percentile bootstrap of the median, which cannot see
 * between-process variance. Its `method` is the centre interval's own.
 *
 * @param sample finite observations, at least one
 * @param options bootstrap (level, resamples, seed) and modality options
 * @returns the analysis; medianCI is null with fewer than two samples
 * @throws {RangeError} on an empty or non-finite sample or a bad option
 *
 * @example
 * ```ts
 * import { analyzeSeries, centreInterval } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const series = [10, 12, 11, 13, 10, 12, 14, 11];
 * const a = analyzeSeries(series);
 * assertEquals(a.medianCI?.method, "percentile");
 * assertEquals(a.medianCI?.upper, centreInterval([series]).upper);
 * ```
 */
export function analyzeSeries(
  sample: Sample,
  options: AnalysisOptions = {},
): SampleAnalysis {
  return analyzeForks([sample], options);
}

/**
 * Analyses samples that come in forks — as `looplab analyze` reads arrays
 * of forks — as {@link analyzeSample} does on them pooled, but with the
 * median's CI that `run` reports for a metric ({@link centreInterval}): the
 * hierarchical bootstrap over the forks, which sees the spread between them
 * (with one fork, {@link analyzeSeries}).
 *
 * @param forks one array of finite observations per fork, each non-empty
 * @param options bootstrap (level, resamples, seed) and modality options
 * @returns the analysis; medianCI is null with fewer than two samples
 * @throws {RangeError} on no forks, an empty or non-finite fork or a bad
 *   option
 *
 * @example
 * ```ts
 * import { analyzeForks, centreInterval } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const forks = [[10, 12, 11, 13], [20, 22, 21, 23]];
 * const a = analyzeForks(forks);
 * assertEquals(a.summary.n, 8);
 * assertEquals(a.medianCI?.method, "expanded percentile");
 * assertEquals(a.medianCI?.upper, centreInterval(forks).upper);
 * ```
 */
export function analyzeForks(
  forks: readonly Sample[],
  options: AnalysisOptions = {},
): SampleAnalysis {
  const pooled = forks.flatMap((f) => Array.from(f));
  const analysis = analyzeSample(pooled, options);
  if (pooled.length < 2) return analysis;
  const { level, resamples, seed } = options.bootstrap ?? {};
  const centre = centreInterval(forks, { level, resamples, seed });
  return {
    ...analysis,
    medianCI: {
      point: centre.point,
      lower: centre.lower,
      upper: centre.upper,
      level: centre.level,
      method: centre.method,
      resamples: centre.resamples,
    },
  };
}
