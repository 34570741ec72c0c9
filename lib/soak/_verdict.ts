/**
 * A soak's verdict from its samples and events: each resource's series
 * after warm-up judged on its slope (`judgeSeries` in lib/stats), every end
 * of a child before the planned stop a failure, every sample missed or
 * failed a failure. This file assembles the series and words the reasons;
 * the statistical decision is `judgeSeries`'s.
 *
 * @module
 */

import { judgeSeries } from "../stats/mod.ts";
import type {
  SoakEndKind,
  SoakEvent,
  SoakResource,
  SoakSample,
  SoakSeriesVerdict,
  SoakSettings,
  SoakVerdict,
} from "./types.ts";

const MIB = 1024 * 1024;

/**
 * Each resource's series after warm-up: times (ms) and values in the
 * threshold's unit. Throughput is operations a second between consecutive
 * samples of one child, at the later one; it is absent when the workload
 * counts no "operations".
 *
 * @param samples the soak's samples, in order
 * @param warmupMs samples before this are left out
 * @returns per resource, its times and values
 *
 * @example
 * ```ts
 * import { soakSeries } from "./_verdict.ts";
 * import { assertEquals } from "@std/assert";
 * const sample = (tMs: number, ops: number) => ({
 *   type: "sample", tMs, child: 0, rssBytes: 1048576, fds: 9, threads: 6,
 *   cpuUserMs: 0, cpuSystemMs: 0, heapUsedBytes: 0, heapTotalBytes: 0,
 *   externalBytes: 0, lagMaxMs: 0, counters: { operations: ops }, gauges: {},
 *   metrics: {}, handles: {}, samplerCpuMs: 0,
 * }) as const;
 * const series = soakSeries([sample(0, 0), sample(1000, 50), sample(2000, 150)], 500);
 * assertEquals(series.rss.values, [1, 1]);
 * assertEquals(series.throughput?.values, [50, 100]);
 * ```
 */
export function soakSeries(
  samples: readonly SoakSample[],
  warmupMs: number,
):
  & Record<
    Exclude<SoakResource, "throughput">,
    { times: number[]; values: number[] }
  >
  & { throughput: { times: number[]; values: number[] } | null } {
  const after = samples.filter((s) => s.tMs >= warmupMs);
  const of = (value: (s: SoakSample) => number) => ({
    times: after.map((s) => s.tMs),
    values: after.map(value),
  });
  const times: number[] = [];
  const rates: number[] = [];
  let counted = false;
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1], samples[i]];
    const ops = b.counters.operations;
    if (ops !== undefined) counted = true;
    if (b.tMs < warmupMs || a.child !== b.child || ops === undefined) continue;
    const before = a.counters.operations ?? 0;
    times.push(b.tMs);
    rates.push(((ops - before) * 1000) / (b.tMs - a.tMs));
  }
  return {
    rss: of((s) => s.rssBytes / MIB),
    heapUsed: of((s) => s.heapUsedBytes / MIB),
    external: of((s) => s.externalBytes / MIB),
    fds: of((s) => s.fds),
    threads: of((s) => s.threads),
    timers: of((s) => (s.handles?.timer ?? 0) + (s.handles?.interval ?? 0)),
    throughput: counted ? { times, values: rates } : null,
  };
}

/**
 * Judges a soak.
 *
 * @param samples its samples
 * @param events its events
 * @param settings its settings (warm-up, thresholds, fewest samples, alpha)
 * @param tMs when the verdict is given, ms since the start
 * @returns the verdict line
 *
 * @example
 * ```ts ignore
 * judgeSoak(samples, events, header.settings, 60_000);
 * ```
 */
export function judgeSoak(
  samples: readonly SoakSample[],
  events: readonly SoakEvent[],
  settings: SoakSettings,
  tMs: number,
): SoakVerdict {
  const series = soakSeries(samples, settings.warmupMs);
  const judged: SoakSeriesVerdict[] = [];
  const reasons: string[] = [];
  for (const threshold of settings.thresholds) {
    const data = series[threshold.resource];
    if (data === null) continue; // no operations counted: no throughput
    const j = judgeSeries(data.times, data.values, {
      threshold: threshold.perHour,
      kind: threshold.resource === "throughput" ? "decline" : "growth",
      unit: threshold.unit,
      minSamples: settings.minSamples,
      alpha: settings.alpha,
    });
    judged.push({ resource: threshold.resource, threshold, ...j });
    if (j.verdict !== "pass") {
      reasons.push(`${threshold.resource}: ${j.reason}`);
    }
  }
  const ends: Partial<Record<SoakEndKind, number>> = {};
  let restarts = 0;
  let missedSamples = 0;
  for (const e of events) {
    if (e.event === "end" && e.end !== undefined) {
      ends[e.end] = (ends[e.end] ?? 0) + 1;
      if (!(e.planned && e.end === "normal end")) {
        reasons.push(
          `child ${e.child} ended at ${(e.tMs / 1000).toFixed(1)} s: ${e.end}` +
            `${e.message ? ` (${e.message})` : ""}`,
        );
      }
    } else if (e.event === "restart") {
      restarts++;
    } else if (e.event === "sample-missed") {
      missedSamples += e.missed ?? 1;
    } else if (e.event === "sampler-failed") {
      missedSamples++;
    }
  }
  if (missedSamples > 0) {
    reasons.push(
      `${missedSamples} sample(s) missed or failed: a monitor with gaps ` +
        "fails the soak",
    );
  }
  const sampler = samples.reduce((n, s) => n + s.samplerCpuMs, 0);
  const cpu = cpuOfChildren(samples);
  return {
    type: "verdict",
    tMs,
    passed: reasons.length === 0,
    ends,
    restarts,
    missedSamples,
    series: judged,
    reasons,
    samplerCpuShare: cpu > 0 && Number.isFinite(sampler) ? sampler / cpu : null,
  };
}

/** The CPU the children used while sampled: each child's last reading. */
function cpuOfChildren(samples: readonly SoakSample[]): number {
  const last = new Map<number, number>();
  const first = new Map<number, number>();
  for (const s of samples) {
    const cpu = s.cpuUserMs + s.cpuSystemMs;
    if (!first.has(s.child)) first.set(s.child, cpu);
    last.set(s.child, cpu);
  }
  let total = 0;
  for (const [child, cpu] of last) total += cpu - (first.get(child) ?? 0);
  return total;
}
