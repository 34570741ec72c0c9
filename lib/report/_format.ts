/**
 * Number formatting shared by the reports: values with their unit (times
 * scaled to a readable unit), significant digits, p-values.
 *
 * @module
 */

import {
  isTimeUnit,
  NS_PER_TIME_UNIT,
  type TimeUnit,
} from "../artifact/mod.ts";

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
 * A duration in the unit a person reads it in: seconds (or less) below two
 * minutes, minutes below two hours, hours above.
 *
 * @param ms the duration, ms
 * @returns e.g. "4.03 s", "10.0 min", "12.0 h"
 *
 * @example
 * ```ts
 * import { formatDuration } from "./_format.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatDuration(4027.7), "4.03 s");
 * assertEquals(formatDuration(600_000), "10.0 min");
 * assertEquals(formatDuration(43_200_000), "12.0 h");
 * assertEquals(formatDuration(0), "0 s");
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0 s";
  if (ms >= 7_200_000) return `${significant(ms / 3_600_000)} h`;
  if (ms >= 120_000) return `${significant(ms / 60_000)} min`;
  return formatValue(ms, "ms");
}

/**
 * A slope or threshold with its sign always written, so growth and decline
 * read apart at a glance; three significant digits, written as the soak
 * verdict's reasons write them so that a table and its reason agree.
 *
 * @param value the number
 * @param unit its unit ("%" units follow the number without a space)
 * @returns e.g. "+3470 MiB/h", "-5%/h", "0 fds/h"
 *
 * @example
 * ```ts
 * import { formatSigned } from "./_format.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatSigned(3470.8, "MiB/h"), "+3470 MiB/h");
 * assertEquals(formatSigned(-5, "%/h"), "-5%/h");
 * assertEquals(formatSigned(null, "fds/h"), "n/a");
 * ```
 */
export function formatSigned(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  const sign = value > 0 ? "+" : "";
  const space = unit.startsWith("%") ? "" : " ";
  return `${sign}${Number(value.toPrecision(3))}${space}${unit}`;
}
