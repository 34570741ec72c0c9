/**
 * The verdict on one resource series of a soak, after its warm-up: does it
 * grow (memory, descriptors, threads) or decline (throughput) faster than
 * its threshold allows?
 *
 * The rule, and why:
 * - **Slope against a threshold.** A public 24-hour soak harness gates on a
 *   linear fit after a 30-minute warm-up (+8 MiB/h working set, +4 MiB/h
 *   heap, −5%/h throughput). We fit the slope by Theil–Sen rather than least
 *   squares, so that one wild sample (a GC pause, a slow read of `/proc`)
 *   cannot fail a soak by itself, and report Sen's interval beside it.
 * - **And a significant trend.** The series fails only when the Mann–Kendall
 *   test also finds a monotonic trend in the same direction at `alpha`: a
 *   slope beyond the threshold fitted through noise is not a leak. The test
 *   never fails a series alone — Mann–Kendall alone gives false positives on
 *   aging data (Machida et al., ISSRE-W 2013) — so a significant but small
 *   trend passes.
 * - **Fail closed.** Fewer than `minSamples` samples is a verdict of its own,
 *   "too few samples", which fails: a slope from a handful of points says
 *   nothing. A non-finite sample fails, naming where it is: a broken sampler
 *   must not turn into a green soak.
 *
 * A level step that stays (memory that jumps once mid-window and stays up)
 * is, within the window, growth: Theil–Sen reads it as a slope, and a big
 * enough step fails. A one-off allocation the workload is expected to make
 * belongs in the warm-up.
 *
 * @module
 */

import { DEFAULT_LEVEL } from "./bootstrap.ts";
import { DEFAULT_ALPHA } from "./compare.ts";
import { quantileSorted } from "./quantile.ts";
import { mannKendall, theilSen } from "./trend.ts";
import { assertIntegerInRange, assertLevel, sortedCopy } from "./validate.ts";

/**
 * Fewest samples after warm-up a series needs to be judged: the public
 * 24-hour soak harness's figure (30 per-minute samples after its warm-up).
 */
export const DEFAULT_SOAK_MIN_SAMPLES = 30;
/** Significance level of the trend test: the usual 5%, as comparisons use. */
export const DEFAULT_SOAK_ALPHA: number = DEFAULT_ALPHA;

const MS_PER_HOUR = 3_600_000;

/** Which way a series must not go. */
export type SoakSeriesKind = "growth" | "decline";

/** What a series is judged on, by {@link judgeSeries}. */
export interface JudgeSeriesOptions {
  /**
   * The slope that fails, per hour: for "growth" in the series' own units
   * (above it fails); for "decline" in percent of the series' median (below
   * it fails, so it is negative or 0).
   */
  threshold: number;
  /** "growth" for memory, descriptors, threads; "decline" for throughput. */
  kind: SoakSeriesKind;
  /** The slope's unit, for the reason. @default "units/h", or "%/h" for "decline" */
  unit?: string;
  /** Fewest samples to judge. @default 30 */
  minSamples?: number;
  /** Significance level of the Mann–Kendall test. @default 0.05 */
  alpha?: number;
  /** Confidence level of the slope's interval. @default 0.95 */
  level?: number;
}

/** One series' judgement. Fields as the soak artifact's series verdict. */
export interface SeriesJudgement {
  /** Samples judged. */
  samples: number;
  /**
   * Theil–Sen slope per hour: in the series' units for "growth", in percent
   * of its median for "decline"; null when it could not be judged.
   */
  slopePerHour: number | null;
  /** Lower end of the slope's interval, same unit. */
  lower: number | null;
  /** Upper end of the slope's interval, same unit. */
  upper: number | null;
  /** Mann–Kendall two-sided p-value; null when it could not be judged. */
  trendP: number | null;
  /**
   * The fitted Theil–Sen line in the series' own units per ms and its
   * intercept at time 0 (what a chart draws); null when it could not be
   * judged.
   */
  line: { slopePerMs: number; intercept: number } | null;
  /** pass, fail, or too few samples (which fails). */
  verdict: "pass" | "fail" | "too few samples";
  /** Why, in one line with the figures. */
  reason: string;
}

/**
 * Judges one resource series of a soak after warm-up: it fails when its
 * Theil–Sen slope is beyond the threshold and the Mann–Kendall test finds a
 * significant trend that way; with fewer than `minSamples` samples, or a
 * non-finite one, it fails closed.
 *
 * @param timesMs when each sample was taken, ms, in time order
 * @param values the samples, in the unit of the threshold for "growth"
 * @param options threshold, kind, unit, minSamples, alpha, level
 * @returns the slope per hour with its interval, the trend's p, the verdict
 *   and its reason
 * @throws {RangeError} on lengths that differ, times out of order, a
 *   threshold of the wrong sign for its kind, or a bad option
 *
 * @example
 * ```ts
 * import { judgeSeries } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * // 40 samples a minute apart, one more descriptor every 2 minutes.
 * const t = Array.from({ length: 40 }, (_, i) => i * 60_000);
 * const fds = t.map((_, i) => 12 + Math.floor(i / 2));
 * const j = judgeSeries(t, fds, { threshold: 10, kind: "growth", unit: "fds/h" });
 * assertEquals([j.verdict, j.slopePerHour], ["fail", 30]);
 * assertEquals(
 *   j.reason,
 *   "+30 fds/h [30 … 30], Mann–Kendall p 8e-19: above the 10 fds/h threshold",
 * );
 * ```
 */
export function judgeSeries(
  timesMs: ArrayLike<number>,
  values: ArrayLike<number>,
  options: JudgeSeriesOptions,
): SeriesJudgement {
  const { threshold, kind } = options;
  const unit = options.unit ?? (kind === "decline" ? "%/h" : "units/h");
  const minSamples = options.minSamples ?? DEFAULT_SOAK_MIN_SAMPLES;
  const alpha = options.alpha ?? DEFAULT_SOAK_ALPHA;
  const level = options.level ?? DEFAULT_LEVEL;
  assertIntegerInRange(minSamples, "minSamples", 2);
  assertLevel(alpha, "alpha");
  assertLevel(level);
  if (kind !== "growth" && kind !== "decline") {
    throw new RangeError(`kind must be "growth" or "decline", got ${kind}`);
  }
  const signed = kind === "growth" ? threshold >= 0 : threshold <= 0;
  if (!Number.isFinite(threshold) || !signed) {
    throw new RangeError(
      `a ${kind} threshold must be a finite number ${
        kind === "growth" ? "≥ 0" : "≤ 0 (a decline)"
      }, got ${threshold}`,
    );
  }
  if (timesMs.length !== values.length) {
    throw new RangeError(
      `timesMs and values must have the same length, got ` +
        `${timesMs.length} and ${values.length}`,
    );
  }
  const samples = values.length;
  const unjudged = {
    samples,
    slopePerHour: null,
    lower: null,
    upper: null,
    line: null,
  };
  for (let i = 0; i < samples; i++) {
    if (!Number.isFinite(values[i]) || !Number.isFinite(timesMs[i])) {
      const what = Number.isFinite(values[i])
        ? `its time is ${timesMs[i]}`
        : `it is ${values[i]}`;
      return {
        ...unjudged,
        trendP: null,
        verdict: "fail",
        reason: `sample ${i} of ${samples} is not a number (${what}): ` +
          "a broken sampler fails the soak",
      };
    }
    if (i > 0 && timesMs[i] < timesMs[i - 1]) {
      throw new RangeError(
        `timesMs must be in time order: timesMs[${i}] = ${timesMs[i]} ` +
          `< timesMs[${i - 1}] = ${timesMs[i - 1]}`,
      );
    }
  }
  if (samples < minSamples) {
    return {
      ...unjudged,
      trendP: null,
      verdict: "too few samples",
      reason: `${samples} samples, fewer than the ${minSamples} needed to ` +
        "judge a slope",
    };
  }
  // Per hour, in the series' units, or in percent of its median.
  let scale = MS_PER_HOUR;
  if (kind === "decline") {
    const median = quantileSorted(sortedCopy(values), 0.5);
    if (!(median > 0)) {
      return {
        ...unjudged,
        trendP: null,
        verdict: "fail",
        reason: `median ${format(median)}: a decline in percent of it ` +
          "is undefined, and a workload with no throughput fails",
      };
    }
    scale *= 100 / median;
  }
  const fit = theilSen(timesMs, values, { level });
  const trend = mannKendall(values);
  const slopePerHour = fit.slope * scale;
  const lower = fit.lower * scale;
  const upper = fit.upper * scale;
  const beyond = kind === "growth"
    ? slopePerHour > threshold
    : slopePerHour < threshold;
  const trending = trend.p < alpha &&
    (kind === "growth" ? trend.z > 0 : trend.z < 0);
  const side = kind === "growth" ? "above" : "below";
  const limit = `the ${withUnit(threshold, unit)} threshold`;
  const figures = `${withUnit(slopePerHour, unit, true)} [${format(lower)} … ` +
    `${format(upper)}], Mann–Kendall p ${formatP(trend.p)}`;
  const thinned = fit.points < samples
    ? ` (slope from ${fit.points} of ${samples} samples, evenly thinned)`
    : "";
  let verdict: "pass" | "fail" = "pass";
  let why: string;
  if (beyond && trending) {
    verdict = "fail";
    why = `${side} ${limit}`;
  } else if (beyond) {
    why = `${side} ${limit}, but no significant trend (p ≥ ${alpha})`;
  } else if (trending) {
    why = `a significant trend, within ${limit}`;
  } else {
    why = `within ${limit}`;
  }
  return {
    samples,
    slopePerHour,
    lower,
    upper,
    trendP: trend.p,
    line: { slopePerMs: fit.slope, intercept: fit.intercept },
    verdict,
    reason: `${figures}: ${why}${thinned}`,
  };
}

/** Three significant digits: "412", "0.00203", "-8.21". */
function format(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

/** A figure with its unit: "+412 fds/h", "-8.2%/h". */
function withUnit(x: number, unit: string, signed = false): string {
  const sign = signed && x > 0 ? "+" : "";
  return `${sign}${format(x)}${unit.startsWith("%") ? "" : " "}${unit}`;
}

/** A p-value: three digits, or its order of magnitude below 0.001. */
function formatP(p: number): string {
  if (p === 0) return "< 1e-300"; // normalSf's floor
  return p < 0.001 ? p.toExponential(0) : format(p);
}
