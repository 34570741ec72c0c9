/**
 * looplab's statistics core: pure functions over arrays of numbers, with no
 * clocks, no I/O and no unseeded randomness. Summary statistics, Tukey
 * outlier classes, the variance introduced by outliers, bootstrap CIs
 * (percentile, BCa, hierarchical), the centre's interval over forks,
 * Mann–Whitney U, Welch's and the paired t, the comparison engine with its
 * designs and verdicts, p-values adjusted for multiplicity and the CI gate,
 * diagnostics of a centre, modality, complexity fits, straight lines by least
 * squares, knees and which knees matter, each fork's steady state, and a soak's trends (Theil–Sen slopes,
 * the Mann–Kendall test) and the verdict on each resource's series.
 *
 * @example
 * ```ts
 * import { analyzeSample, compareSamples } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const before = [10.2, 10.4, 10.1, 10.3, 10.2, 10.5, 10.2, 10.3];
 * const after = before.map((x) => x * 0.8);
 * assertEquals(analyzeSample(before).medianCI?.point, 10.25);
 * assertEquals(compareSamples(before, after).verdict, "faster");
 * ```
 *
 * @module
 */

export {
  type AnalysisOptions,
  analyzeForks,
  analyzeSample,
  analyzeSeries,
  type SampleAnalysis,
} from "./analyze.ts";
export {
  bootstrapCentres,
  bootstrapCentresSorted,
  bootstrapInterval,
  type BootstrapMethod,
  type BootstrapOptions,
  type CentreReplicates,
  type ConfidenceInterval,
  DEFAULT_LEVEL,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  hierarchicalBootstrap,
  type HierarchicalBootstrapOptions,
  type HierarchicalInterval,
  hierarchicalReplicates,
  JACKKNIFE_MAX_GROUPS,
  resampleCentres,
} from "./bootstrap.ts";
export {
  CENTRE_RESAMPLES,
  type CentreInterval,
  centreInterval,
  type CentreIntervalMethod,
  type CentreIntervalOptions,
  expandedTail,
} from "./centre.ts";
export {
  compareForks,
  type CompareOptions,
  compareSamples,
  type Comparison,
  type ComparisonDesign,
  type ComparisonTest,
  DEFAULT_ALPHA,
  DEFAULT_NOISE_THRESHOLD,
  type Direction,
  findRegressions,
  type GateCandidate,
  type GateOptions,
  isRegression,
  type RatioEstimate,
  type Regression,
  type RegressionCandidate,
  type RegressionOptions,
  type Verdict,
  verdict,
  type VerdictOptions,
} from "./compare.ts";
export {
  COMPLEXITY_CLASSES,
  type ComplexityClass,
  type ComplexityFit,
  complexityGrowth,
  type ComplexityResult,
  fitComplexity,
} from "./complexity.ts";
export {
  analyzeCurve,
  type CurveAnalysis,
  MIN_FIT_POINTS,
  MIN_KNEE_POINTS,
} from "./curve.ts";
export {
  diagnoseForks,
  type DiagnoseOptions,
  ELIMINATED_NS,
  FEW_SAMPLES,
  type ForkDiagnostics,
  MIN_RESOLUTION_SAMPLES,
  MIN_SPAN_OVER_CLOCK,
  SLOW_FIRST_FORK,
  WIDE_CI,
} from "./diagnostics.ts";
export {
  erfc,
  incompleteBeta,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from "./distributions.ts";
export { findKnee, type Knee } from "./knee.ts";
export { type LinearFit, linearFit } from "./linear_fit.ts";
export {
  MANN_WHITNEY_EXACT_MAX_PRODUCT,
  type MannWhitneyMethod,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  mannWhitneyU,
} from "./mann_whitney.ts";
export {
  DEFAULT_DIP_Z,
  DEFAULT_MAX_VALLEY_RATIO,
  DEFAULT_MIN_SHARE,
  findModes,
  findModesSorted,
  MIN_MODALITY_SAMPLES,
  MIN_MODE_SAMPLES,
  type Modality,
  type ModalityOptions,
  type Mode,
  silvermanBandwidth,
} from "./modality.ts";
export {
  type OutlierEffect,
  outlierEffect,
  type OutlierVariance,
  outlierVariance,
} from "./outlier_variance.ts";
export {
  adjustPValues,
  benjaminiHochbergAdjust,
  type Correction,
  DEFAULT_CORRECTION,
  holmAdjust,
} from "./multiplicity.ts";
export { type PairedTResult, pairedTTest } from "./paired_t.ts";
export { createRandom, permutation, type Random } from "./prng.ts";
export { type ProportionInterval, wilsonInterval } from "./proportion.ts";
export { quantiles, quantileSorted } from "./quantile.ts";
export {
  DEFAULT_SOAK_ALPHA,
  DEFAULT_SOAK_MIN_SAMPLES,
  judgeSeries,
  type JudgeSeriesOptions,
  type SeriesJudgement,
  type SoakSeriesKind,
} from "./soak_verdict.ts";
export {
  classifySteadyState,
  DEFAULT_EQUIVALENCE,
  DEFAULT_OUTLIER_WINDOW,
  DEFAULT_PENALTY_FACTOR,
  DEFAULT_STEADY_SHARE,
  MIN_STEADY_SAMPLES,
  type SteadySegment,
  type SteadyState,
  type SteadyStateClass,
  type SteadyStateOptions,
} from "./steady_state.ts";
export {
  geometricMean,
  MAD_NORMAL_SCALE,
  meanOf,
  summarize,
  summarizeSorted,
  type Summary,
  varianceOf,
} from "./summary.ts";
export {
  classifyOutliers,
  classifyValue,
  type Fences,
  type OutlierClass,
  type OutlierClassification,
  type OutlierCounts,
  TUKEY_MILD,
  TUKEY_SEVERE,
  tukeyFences,
} from "./tukey.ts";
export {
  mannKendall,
  type MannKendallResult,
  THEIL_SEN_MAX_POINTS,
  theilSen,
  type TheilSenFit,
  type TheilSenOptions,
} from "./trend.ts";
export {
  ANALYSIS_SAMPLE_LIMIT,
  createThinner,
  describeRecording,
  describeThinning,
  thinForks,
  type ThinnedForks,
  type Thinner,
} from "./thin.ts";
export {
  assertFiniteSample,
  assertLevel,
  type Sample,
  sortedCopy,
} from "./validate.ts";
export { type WelchResult, welchTTest } from "./welch.ts";
