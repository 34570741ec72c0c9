/**
 * How much outliers inflate the variance: the "variance introduced by
 * outliers" of Haskell's criterion (Bryan O'Sullivan), which models each
 * sample as a batch of `a` iterations that may contain a few slow ones, and
 * asks what fraction of the observed variance such contamination explains.
 *
 * @module
 */

/** criterion's four bands for the share of variance due to outliers. */
export type OutlierEffect = "unaffected" | "slight" | "moderate" | "severe";

/** The result of {@link outlierVariance}. */
export interface OutlierVariance {
  /** Share of the variance explained by outliers, in [0, 1]. */
  fraction: number;
  /** The band: unaffected < 1% ≤ slight < 10% ≤ moderate < 50% ≤ severe. */
  effect: OutlierEffect;
}

/**
 * The share of a sample's variance that outliers introduce, by criterion's
 * model: each sample is the total of `a` iterations, uncontaminated
 * iterations take at least half the mean iteration time with a spread of at
 * most a quarter of that, and some iterations are slow. The function finds
 * the number of slow iterations that explains the most variance; the
 * fraction is the smallest variance so explained over the observed variance.
 *
 * Inputs: the mean and standard deviation of the sample totals and `a`, the
 * iterations per sample. (Haskell's criterion passes its sample count,
 * about 100, as `a`; with the thousands of samples a looplab fork takes,
 * that reading calls every result severe, so looplab passes the batch size
 * of a batched bench and reports nothing for unbatched observations, where
 * the model has nothing to say.)
 *
 * @param mean mean of the sample totals (any unit; must be > 0)
 * @param stdDev standard deviation of the sample totals, same unit (≥ 0)
 * @param a iterations per sample (≥ 1)
 * @returns the fraction and its band; a zero standard deviation is unaffected
 * @throws {RangeError} on a non-positive mean, a negative spread or a < 1
 *
 * @example
 * ```ts
 * import { outlierVariance } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(outlierVariance(100, 0.5, 100).effect, "unaffected");
 * assertEquals(outlierVariance(100, 30, 100).effect, "severe");
 * ```
 */
export function outlierVariance(
  mean: number,
  stdDev: number,
  a: number,
): OutlierVariance {
  if (!(mean > 0) || !Number.isFinite(mean)) {
    throw new RangeError(`mean must be finite and > 0, got ${mean}`);
  }
  if (!(stdDev >= 0) || !Number.isFinite(stdDev)) {
    throw new RangeError(`stdDev must be finite and ≥ 0, got ${stdDev}`);
  }
  if (!(a >= 1) || !Number.isFinite(a)) {
    throw new RangeError(`iterations per sample a must be ≥ 1, got ${a}`);
  }
  const sb2 = stdDev * stdDev;
  if (sb2 === 0) return { fraction: 0, effect: "unaffected" };
  const muA = mean / a;
  const muGMin = muA / 2;
  const sg = Math.min(muGMin / 4, stdDev / Math.sqrt(a));
  const sg2 = sg * sg;
  const varOut = (c: number): number => {
    const ac = a - c;
    return (ac / a) * (sb2 - ac * sg2);
  };
  const cMax = (x: number): number => {
    const k = muA - x;
    const ad = a * k * k;
    const k0 = -a * ad;
    const k1 = sb2 - a * sg2 + ad;
    const det = k1 * k1 - 4 * sg2 * k0;
    return Math.floor((-2 * k0) / (k1 + Math.sqrt(det)));
  };
  const c = Math.min(cMax(0), cMax(muGMin));
  const fraction = Math.min(varOut(1), varOut(c)) / sb2;
  return { fraction, effect: outlierEffect(fraction) };
}

/**
 * The band a fraction of outlier-introduced variance falls in.
 *
 * @param fraction share of variance in [0, 1]
 * @returns unaffected (< 1%), slight (< 10%), moderate (< 50%) or severe
 *
 * @example
 * ```ts
 * import { outlierEffect } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(outlierEffect(0.09), "slight");
 * ```
 */
export function outlierEffect(fraction: number): OutlierEffect {
  if (fraction < 0.01) return "unaffected";
  if (fraction < 0.1) return "slight";
  if (fraction < 0.5) return "moderate";
  return "severe";
}
