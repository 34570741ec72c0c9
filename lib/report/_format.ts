/**
 * Number formatting shared by the reports: values with their unit, time
 * scaled to a readable unit, signed percentages.
 *
 * @module
 */

import {
  isTimeUnit,
  NS_PER_TIME_UNIT,
  type TimeUnit,
} from "../artifact/mod.ts";
import type { Verdict } from "../stats/mod.ts";

/** The units a time is written in, largest first ("us" is read, not written). */
const TIME_SCALES: readonly TimeUnit[] = ["s", "ms", "µs", "ns"];

/**
 * Formats a value with its unit; times are rescaled to the largest unit
 * that keeps the number at least 1 (e.g. 1534 ns → "1.53 µs").
 *
 * @param value the value
 * @param unit its unit
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatValue } from "./_format.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatValue(1534, "ns"), "1.53 µs");
 * assertEquals(formatValue(3, "count"), "3.00 count");
 * ```
 */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (!isTimeUnit(unit)) return `${significant(value)} ${unit}`;
  const ns = value * NS_PER_TIME_UNIT[unit];
  const name = TIME_SCALES.find((u) => Math.abs(ns) >= NS_PER_TIME_UNIT[u]) ??
    "ns";
  return `${significant(ns / NS_PER_TIME_UNIT[name])} ${name}`;
}

/**
 * Three significant digits, without exponent notation for everyday values.
 *
 * @param value the number
 * @returns the text
 *
 * @example
 * ```ts
 * import { significant } from "./_format.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(significant(0.012345), "0.0123");
 * ```
 */
export function significant(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toPrecision(3);
  const digits = Math.max(0, 2 - Math.floor(Math.log10(abs)));
  return value.toFixed(digits);
}

/**
 * A ratio as a signed percentage change: 1.098 → "+9.8%"; from ten-fold up,
 * as a factor: 157.6 → "×158".
 *
 * @param ratio new / old
 * @returns the text
 *
 * @example
 * ```ts
 * import { percentChange } from "./_format.ts";
 * percentChange(0.95); // "−5.0%"
 * percentChange(157.6); // "×158"
 * ```
 */
export function percentChange(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "n/a";
  // Past ten-fold a percentage stops reading ("+1576265.4%"): say "×15763".
  if (ratio >= 10) return `×${significant(ratio)}`;
  const change = (ratio - 1) * 100;
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  return `${sign}${Math.abs(change).toFixed(1)}%`;
}

/**
 * A p-value in a readable form.
 *
 * @param p the p-value
 * @returns e.g. "0.0079" or "< 1e-6"
 *
 * @example
 * ```ts
 * import { formatP } from "./_format.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatP(1e-9), "< 1e-6");
 * ```
 */
export function formatP(p: number): string {
  if (p < 1e-6) return "< 1e-6";
  return p < 0.001 ? p.toExponential(1) : p.toFixed(4);
}

/**
 * The word a report prints for a verdict: "faster" and "slower" for times
 * and rates, "better" and "worse" for anything else (a count of timer
 * fires is not faster for being smaller).
 *
 * @param verdict the comparison's verdict
 * @param unit the metric's unit
 * @returns the word
 *
 * @example
 * ```ts
 * import { verdictWord } from "./_format.ts";
 * verdictWord("faster", "count"); // "better"
 * ```
 */
export function verdictWord(verdict: Verdict, unit: string): string {
  if (verdict !== "faster" && verdict !== "slower") return verdict;
  if (isTimeUnit(unit) || /\/s$/.test(unit)) return verdict;
  return verdict === "faster" ? "better" : "worse";
}

/**
 * A comparison's change with its CI, one notation for all three numbers:
 * percentages, or factors when any of them is ten-fold or more. A change
 * from zero has no ratio, and one to zero no interval: they are written as
 * the two centres.
 *
 * @param c the comparison's ratio, centres and unit
 * @param separator between the CI's ends
 * @returns e.g. "+9.8% [+2.1% … +18.0%]", "×10.6 [×7.17 … ×15.7]" or
 *   "0 count → 420 count"
 *
 * @example
 * ```ts
 * import { formatChange } from "./_format.ts";
 * formatChange({
 *   ratio: { point: 1.098, lower: 1.021, upper: 1.18 },
 *   baseCentre: 1,
 *   candidateCentre: 1.098,
 *   unit: "ms",
 * }); // "+9.8% [+2.1% … +18.0%]"
 * ```
 */
export function formatChange(
  c: {
    ratio: { point: number; lower: number; upper: number };
    baseCentre: number;
    candidateCentre: number;
    unit: string;
  },
  separator = " … ",
): string {
  const { point, lower, upper } = c.ratio;
  const centres = `${formatValue(c.baseCentre, c.unit)} → ${
    formatValue(c.candidateCentre, c.unit)
  }`;
  if (point === null || !Number.isFinite(point)) return centres;
  // A change to zero has a ratio but no interval on the log scale.
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
    return `${centres} (${percentChange(point)})`;
  }
  const factors = [point, lower, upper].some((r) =>
    Number.isFinite(r) && r >= 10
  );
  const one = (r: number) =>
    !Number.isFinite(r)
      ? "n/a"
      : factors
      ? `×${significant(r)}`
      : percentChange(r);
  return `${one(point)} [${one(lower)}${separator}${one(upper)}]`;
}
