/**
 * Histogram binning for the reports' charts: the terminal's sparkline, the
 * HTML distribution and comparison charts all bin through this.
 *
 * @module
 */

/** The result of {@link binCounts}. */
export interface Bins {
  /** Samples per bin; bin i covers [lo + i·w, lo + (i+1)·w), the last one
   * closed at hi. */
  counts: number[];
  /** Samples outside [lo, hi], not in any bin. */
  outside: number;
}

/**
 * Counts values into equal-width bins between `lo` and `hi`.
 *
 * @param values the samples
 * @param lo where the first bin starts
 * @param hi where the last bin ends (inclusive); must exceed lo
 * @param bins how many bins
 * @returns the counts per bin and the number of values outside the range
 * @throws {RangeError} when hi is not above lo or bins is not a positive integer
 *
 * @example
 * ```ts
 * import { binCounts } from "./_bins.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(binCounts([0, 1, 2, 3, 4, 9], 0, 4, 4), {
 *   counts: [1, 1, 1, 2],
 *   outside: 1,
 * });
 * ```
 */
export function binCounts(
  values: Iterable<number>,
  lo: number,
  hi: number,
  bins: number,
): Bins {
  if (!(hi > lo)) {
    throw new RangeError(`bins need hi > lo; got lo ${lo}, hi ${hi}`);
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`bins must be a positive integer; got ${bins}`);
  }
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (const v of values) {
    if (v < lo || v > hi) outside++;
    else {counts[
        Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))
      ]++;}
  }
  return { counts, outside };
}
