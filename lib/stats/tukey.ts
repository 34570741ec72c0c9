/**
 * Outlier classes by Tukey's fences, as criterion.rs reports them. Outliers
 * are classified and counted, never removed: a slow tail is often the finding.
 *
 * @module
 */

import { quantileSorted } from "./quantile.ts";
import { assertFiniteSample, type Sample, sortedCopy } from "./validate.ts";

/** The class of one observation relative to the fences. */
export type OutlierClass =
  | "lowSevere"
  | "lowMild"
  | "normal"
  | "highMild"
  | "highSevere";

/** The four fences: quartiles ∓ 1.5 and 3 interquartile ranges. */
export interface Fences {
  /** q1 − 3·IQR: below it an observation is a low severe outlier. */
  lowSevere: number;
  /** q1 − 1.5·IQR: below it (and not below lowSevere), low mild. */
  lowMild: number;
  /** q3 + 1.5·IQR: above it (and not above highSevere), high mild. */
  highMild: number;
  /** q3 + 3·IQR: above it an observation is a high severe outlier. */
  highSevere: number;
}

/** How many observations fall in each class. */
export interface OutlierCounts {
  /** Below q1 − 3·IQR. */
  lowSevere: number;
  /** Between q1 − 3·IQR and q1 − 1.5·IQR. */
  lowMild: number;
  /** Within the mild fences (fences included). */
  normal: number;
  /** Between q3 + 1.5·IQR and q3 + 3·IQR. */
  highMild: number;
  /** Above q3 + 3·IQR. */
  highSevere: number;
}

/** The result of {@link classifyOutliers}. */
export interface OutlierClassification {
  /** First quartile (type 7). */
  q1: number;
  /** Third quartile (type 7). */
  q3: number;
  /** Interquartile range q3 − q1. */
  iqr: number;
  /** The four fences. */
  fences: Fences;
  /** The class of each observation, in the sample's own order. */
  classes: OutlierClass[];
  /** Observations per class. */
  counts: OutlierCounts;
  /** Observations outside the mild fences (all four outlier classes). */
  outliers: number;
}

/** Multiples of the IQR at which Tukey placed the inner and outer fences. */
export const TUKEY_MILD = 1.5;
/** See {@link TUKEY_MILD}. */
export const TUKEY_SEVERE = 3;

/**
 * Computes Tukey's fences from the quartiles of a sorted sample.
 *
 * @param sorted finite observations in ascending order, at least one
 * @returns quartiles, IQR and fences
 *
 * @example
 * ```ts
 * import { tukeyFences } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * // q1 = 2, q3 = 4, IQR = 2: the mild fences lie 1.5 IQR beyond the quartiles.
 * assertEquals(tukeyFences([1, 2, 3, 4, 5]).fences, {
 *   lowSevere: -4,
 *   lowMild: -1,
 *   highMild: 7,
 *   highSevere: 10,
 * });
 * ```
 */
export function tukeyFences(
  sorted: Sample,
): { q1: number; q3: number; iqr: number; fences: Fences } {
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return {
    q1,
    q3,
    iqr,
    fences: {
      lowSevere: q1 - TUKEY_SEVERE * iqr,
      lowMild: q1 - TUKEY_MILD * iqr,
      highMild: q3 + TUKEY_MILD * iqr,
      highSevere: q3 + TUKEY_SEVERE * iqr,
    },
  };
}

/**
 * The class of one value. Comparisons are strict: a value exactly on a fence
 * is not past it.
 *
 * @param value the observation
 * @param fences from {@link tukeyFences}
 * @returns its class
 *
 * @example
 * ```ts
 * import { classifyValue } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const fences = { lowSevere: -5, lowMild: -2, highMild: 7, highSevere: 10 };
 * assertEquals(classifyValue(7, fences), "normal");
 * assertEquals(classifyValue(8, fences), "highMild");
 * ```
 */
export function classifyValue(value: number, fences: Fences): OutlierClass {
  if (value < fences.lowSevere) return "lowSevere";
  if (value < fences.lowMild) return "lowMild";
  if (value > fences.highSevere) return "highSevere";
  if (value > fences.highMild) return "highMild";
  return "normal";
}

/**
 * Classifies every observation by Tukey's fences (quartiles by type 7,
 * fences at 1.5 and 3 IQR) and counts each class. Nothing is dropped.
 *
 * @param sample finite observations, at least one
 * @returns fences, per-observation classes and counts
 * @throws {RangeError} on an empty or non-finite sample
 *
 * @example
 * ```ts
 * import { classifyOutliers } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * const c = classifyOutliers([10, 11, 12, 11, 10, 12, 11, 40]);
 * assertEquals(c.counts.highSevere, 1);
 * assertEquals(c.outliers, 1);
 * ```
 */
export function classifyOutliers(sample: Sample): OutlierClassification {
  assertFiniteSample(sample);
  const { q1, q3, iqr, fences } = tukeyFences(sortedCopy(sample));
  const counts: OutlierCounts = {
    lowSevere: 0,
    lowMild: 0,
    normal: 0,
    highMild: 0,
    highSevere: 0,
  };
  const classes: OutlierClass[] = new Array(sample.length);
  for (let i = 0; i < sample.length; i++) {
    const c = classifyValue(sample[i], fences);
    classes[i] = c;
    counts[c]++;
  }
  return {
    q1,
    q3,
    iqr,
    fences,
    classes,
    counts,
    outliers: sample.length - counts.normal,
  };
}
