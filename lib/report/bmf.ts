/**
 * Bencher Metric Format: `{ "<benchmark>": { "<measure>": { "value",
 * "lower_value", "upper_value" } } }`. A bench case's time becomes Bencher's
 * `latency` in nanoseconds; other time metrics are converted to ns and keep
 * their names; everything else keeps its unit. Bounds come from the CI.
 *
 * @module
 */

import type { Artifact } from "../artifact/mod.ts";
import { isTimeUnit, NS_PER_TIME_UNIT } from "../artifact/mod.ts";

/** One measure of one benchmark. */
export interface BmfMetric {
  /** The centre. */
  value: number;
  /** Lower CI bound. */
  lower_value?: number;
  /** Upper CI bound. */
  upper_value?: number;
}

/** A Bencher Metric Format document. */
export type Bmf = Record<string, Record<string, BmfMetric>>;

/**
 * Converts an artifact to Bencher Metric Format; failed cases and metrics
 * without samples are left out.
 *
 * @param artifact the run
 * @returns the BMF document
 *
 * @example
 * ```ts ignore
 * JSON.stringify(toBmf(artifact));
 * ```
 */
export function toBmf(artifact: Artifact): Bmf {
  const out: Bmf = {};
  for (const c of artifact.cases) {
    if (c.status !== "passed") continue;
    for (const m of c.metrics) {
      const centre = m.analysis?.centre;
      if (!centre || centre.point === null) continue;
      const scale = isTimeUnit(m.unit) ? NS_PER_TIME_UNIT[m.unit] : 1;
      const measure = c.kind === "bench" && m.name === "time"
        ? "latency"
        : m.name;
      out[c.id] ??= {};
      out[c.id][measure] = {
        value: centre.point * scale,
        lower_value: centre.lower * scale,
        upper_value: centre.upper * scale,
      };
    }
  }
  return out;
}
