/**
 * looplab's statistics core: pure functions over arrays of numbers, with no
 * clocks, no I/O and no unseeded randomness. Summary statistics, Tukey
 * outlier classes, the variance introduced by outliers, bootstrap CIs
 * (percentile, BCa, hierarchical), Mann–Whitney U and Welch's t, ratio CIs
 * and verdicts, modality, complexity fits and knees.
 *
 * @example
 * ```ts
 * import { analyzeSample, compareSamples } from "@looplab/looplab/stats";
 * const before = [10.2, 10.4, 10.1, 10.3, 10.2, 10.5, 10.2, 10.3];
 * const after = before.map((x) => x * 0.8);
 * analyzeSample(before).medianCI;
 * compareSamples(before, after).verdict; // "faster"
 * ```
 *
 * @module
 */

export * from "./analyze.ts";
export * from "./bootstrap.ts";
export * from "./compare.ts";
export * from "./complexity.ts";
export * from "./distributions.ts";
export * from "./knee.ts";
export * from "./mann_whitney.ts";
export * from "./modality.ts";
export * from "./outlier_variance.ts";
export * from "./prng.ts";
export * from "./quantile.ts";
export * from "./summary.ts";
export * from "./tukey.ts";
export * from "./validate.ts";
export * from "./welch.ts";
