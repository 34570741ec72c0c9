/**
 * What every soak report shows, gathered once from a soak record, and the
 * phrases the terminal, Markdown and HTML reports share: each resource's
 * series over the whole soak with its verdict, the ends of the children,
 * the restarts, the event-loop lag and the workload's own figures. The
 * verdict is the record's; the series are `soakSeries`'s; the lines drawn
 * and the figures summarised come from lib/stats.
 *
 * @module
 */

import {
  type SoakEvent,
  type SoakRecord,
  type SoakResource,
  soakSeries,
  type SoakSeriesVerdict,
  type SoakThreshold,
  THRESHOLD_UNITS,
} from "../soak/mod.ts";
import { type LinearFit, linearFit, quantiles } from "../stats/mod.ts";
import { formatDuration, formatSigned, significant } from "./_format.ts";
import { counted } from "./_vocabulary.ts";

const MS_PER_HOUR = 3_600_000;

/**
 * The unit of a resource's values: its threshold's unit without "/h" (MiB,
 * fds, threads, …); throughput's values are operations a second.
 */
function valueUnit(resource: SoakResource): string {
  return resource === "throughput"
    ? "ops/s"
    : THRESHOLD_UNITS[resource].replace(/\/h$/, "");
}

/** A straight line over time: value = intercept + slopePerMs · tMs. */
export interface TimeLine {
  /** Slope, in the series' unit per ms. */
  slopePerMs: number;
  /** Value at t = 0. */
  intercept: number;
  /** Where the line starts, ms. */
  fromMs: number;
  /** Where it ends, ms. */
  toMs: number;
}

/** One resource as the reports show it. */
export interface ResourceView {
  /** The resource. */
  resource: SoakResource;
  /** The unit of its values. */
  unit: string;
  /** Its whole series, warm-up included: times, ms. */
  times: number[];
  /** Its values, in `unit`. */
  values: number[];
  /** Its verdict, or null when no threshold judged it. */
  verdict: SoakSeriesVerdict | null;
  /** The Theil–Sen line over the judged part, when the verdict has a slope. */
  fit: TimeLine | null;
  /** The threshold's slope drawn from where the fit starts, when it has one. */
  threshold: TimeLine | null;
}

/** Figures of one recorded metric of the workload. */
export interface MetricView {
  /** Values recorded over the soak. */
  count: number;
  /** The median of the per-interval medians. */
  p50: number;
  /** The largest value recorded. */
  max: number;
}

/** The threads-against-workers model, as the seed read it. */
export type WorkersModel =
  | { kind: "fit"; fit: LinearFit }
  | { kind: "constant"; workers: number; threads: number[]; n: number };

/** Everything a soak report shows. */
export interface SoakView {
  /** The record (made safe by the caller as its format needs). */
  record: SoakRecord;
  /** How long it ran, ms: to its verdict, or to the last line it left. */
  runMs: number;
  /** Restarts, in order. */
  restarts: { tMs: number; child: number }[];
  /** Ends of children, in order. */
  ends: SoakEvent[];
  /** Per resource. */
  resources: ResourceView[];
  /** Each sample's largest event-loop lag, ms. */
  lag: { times: number[]; values: number[] };
  /** Counters: each child's last reading, summed over the children. */
  counters: [string, number][];
  /** Gauges: last, lowest and highest reading. */
  gauges: [string, { last: number; min: number; max: number }][];
  /** Recorded metrics. */
  metrics: [string, MetricView][];
  /** Threads against the "workers" gauge; null when there is no such gauge. */
  workers: WorkersModel | null;
}

/**
 * Gathers what the reports show from a soak record.
 *
 * @param record the soak
 * @returns its view
 */
export function soakView(record: SoakRecord): SoakView {
  const { samples, events, verdict, header } = record;
  const whole = soakSeries(samples, 0);
  const judged = soakSeries(samples, header.settings.warmupMs);
  const resources: ResourceView[] = [];
  // Every resource the soak's series hold, in their order.
  for (const resource of Object.keys(whole) as SoakResource[]) {
    const series = whole[resource];
    if (series === null) continue;
    const unit = valueUnit(resource);
    const v = verdict.series.find((s) => s.resource === resource) ?? null;
    const part = judged[resource];
    // The verdict's own fit, drawn over the part it judged.
    const line = v?.line ?? null;
    const from = part?.times[0] ?? 0;
    const to = part?.times[part.times.length - 1] ?? 0;
    const fitLine = line === null || part === null ? null : {
      slopePerMs: line.slopePerMs,
      intercept: line.intercept,
      fromMs: from,
      toMs: to,
    };
    resources.push({
      resource,
      unit,
      times: series.times,
      values: series.values,
      verdict: v,
      fit: fitLine,
      threshold: fitLine === null || v === null || part === null
        ? null
        : thresholdLine(v.threshold, fitLine, part.values),
    });
  }
  const counters = new Map<string, Map<number, number>>();
  const gauges = new Map<string, { last: number; min: number; max: number }>();
  const metrics = new Map<
    string,
    { count: number; p50s: number[]; max: number }
  >();
  for (const s of samples) {
    for (const [name, value] of Object.entries(s.counters ?? {})) {
      const byChild = counters.get(name) ?? new Map<number, number>();
      byChild.set(s.child, value);
      counters.set(name, byChild);
    }
    for (const [name, value] of Object.entries(s.gauges ?? {})) {
      const g = gauges.get(name);
      gauges.set(
        name,
        g === undefined ? { last: value, min: value, max: value } : {
          last: value,
          min: Math.min(g.min, value),
          max: Math.max(g.max, value),
        },
      );
    }
    for (const [name, m] of Object.entries(s.metrics ?? {})) {
      const prior = metrics.get(name) ?? { count: 0, p50s: [], max: -Infinity };
      prior.count += m.count;
      if (m.count > 0) prior.p50s.push(m.p50);
      prior.max = Math.max(prior.max, m.max);
      metrics.set(name, prior);
    }
  }
  const lastMs = Math.max(
    verdict.tMs,
    ...samples.map((s) => s.tMs),
    ...events.map((e) => e.tMs),
  );
  return {
    record,
    runMs: lastMs,
    restarts: events.filter((e) => e.event === "restart").map((e) => ({
      tMs: e.tMs,
      child: e.child,
    })),
    ends: events.filter((e) => e.event === "end"),
    resources,
    lag: {
      times: samples.map((s) => s.tMs),
      values: samples.map((s) => s.lagMaxMs),
    },
    counters: [...counters].map(([name, byChild]) => [
      name,
      [...byChild.values()].reduce((a, b) => a + b, 0),
    ]),
    gauges: [...gauges],
    metrics: [...metrics].filter(([, m]) => m.p50s.length > 0).map((
      [name, m],
    ) => [name, {
      count: m.count,
      p50: quantiles(m.p50s, [0.5])[0],
      max: m.max,
    }]),
    workers: workersModel(record),
  };
}

/**
 * The threshold's slope, in the series' unit per ms, drawn from where the
 * fitted line starts: for throughput a decline in percent of the median.
 */
function thresholdLine(
  threshold: SoakThreshold,
  fit: TimeLine,
  values: number[],
): TimeLine {
  const perHour = threshold.resource === "throughput"
    ? (threshold.perHour / 100) * quantiles(values, [0.5])[0]
    : threshold.perHour;
  const slopePerMs = perHour / MS_PER_HOUR;
  const start = fit.intercept + fit.slopePerMs * fit.fromMs;
  return {
    slopePerMs,
    intercept: start - slopePerMs * fit.fromMs,
    fromMs: fit.fromMs,
    toMs: fit.toMs,
  };
}

/** Threads against the "workers" gauge over the samples that have it. */
function workersModel(record: SoakRecord): WorkersModel | null {
  const withGauge = record.samples.filter((s) =>
    typeof s.gauges?.workers === "number" && Number.isFinite(s.gauges.workers)
  );
  if (withGauge.length === 0) return null;
  const workers = withGauge.map((s) => s.gauges.workers);
  const threads = withGauge.map((s) => s.threads);
  if (withGauge.length < 2 || workers.every((w) => w === workers[0])) {
    return {
      kind: "constant",
      workers: workers[0],
      threads: [Math.min(...threads), Math.max(...threads)],
      n: withGauge.length,
    };
  }
  return { kind: "fit", fit: linearFit(workers, threads) };
}

/**
 * The soak in a line: how long it ran against the plan, how often it
 * sampled, its warm-up and the samples it took.
 *
 * @param view the soak's view
 * @returns the line
 */
export function runLine(view: SoakView): string {
  const s = view.record.header.settings;
  return `ran ${formatDuration(view.runMs)} of ${
    formatDuration(s.durationMs)
  } planned · a sample every ${formatDuration(s.intervalMs)} · warm-up ${
    formatDuration(s.warmupMs)
  } · ${counted(view.record.samples.length, "sample")}`;
}

/**
 * The soak's health in a line: restarts, ends by kind, missed samples and
 * the sampler's own CPU.
 *
 * @param view the soak's view
 * @returns the line
 */
export function healthLine(view: SoakView): string {
  const v = view.record.verdict;
  const ends = Object.entries(v.ends).map(([kind, n]) => `${n} × ${kind}`);
  return `${counted(v.restarts, "restart")}${
    view.record.header.settings.restart ? "" : " (--restart off)"
  } · ends: ${ends.length > 0 ? ends.join(", ") : "none"} · ${
    counted(v.missedSamples, "sample")
  } missed · sampler CPU ${
    v.samplerCpuShare === null
      ? "n/a"
      : `${significant(v.samplerCpuShare * 100)}% of the workload's`
  }`;
}

/**
 * How a child ended, in words: the kind, its exit code, what it said, and
 * whether the soak asked for it.
 *
 * @param end the "end" event
 * @returns e.g. "exit, code 3 — Deno.exit(3)"
 */
export function endHow(end: SoakEvent): string {
  const code = end.code !== undefined && end.code !== null
    ? `, code ${end.code}`
    : "";
  return `${end.end ?? "ended"}${code}${
    end.message ? ` — ${end.message}` : ""
  }${end.planned ? " (at the planned stop)" : ""}`;
}

/**
 * One end of a child in words: which, when, how, and what it said.
 *
 * @param end the "end" event
 * @returns e.g. "child 0 at 718 ms: signal — SIGKILL (possibly out of memory)"
 */
export function endPhrase(end: SoakEvent): string {
  return `child ${end.child} at ${formatDuration(end.tMs)}: ${endHow(end)}`;
}

/**
 * What an interrupted soak is, in words, for the banner every format shows.
 *
 * @param view the soak's view
 * @returns the sentences, or null when the soak was not interrupted
 */
export function interruptedText(view: SoakView): string | null {
  const r = view.record;
  if (!r.interrupted) return null;
  return `INTERRUPTED: the artifact has no verdict line — its runner was ` +
    `stopped or killed after ${formatDuration(view.runMs)} of ${
      formatDuration(r.header.settings.durationMs)
    }; judged from the ${counted(r.samples.length, "sample")} it left.` +
    (r.cutOff ? " Its last line was cut off mid-line and left out." : "");
}

/**
 * The final verdict word: PASS or FAIL, or for an interrupted soak the word
 * for what it left.
 *
 * @param view the soak's view
 * @returns e.g. "FAIL", "INTERRUPTED — what it left: PASS"
 */
export function finalWord(view: SoakView): string {
  const word = view.record.verdict.passed ? "PASS" : "FAIL";
  return view.record.interrupted ? `INTERRUPTED — what it left: ${word}` : word;
}

/**
 * A series' slope with its interval.
 *
 * @param v the series' verdict
 * @param separator between the interval's ends
 * @returns e.g. "+3470 MiB/h [2260 … 4550]" (the interval in the same unit,
 *   as the reasons write it), or "n/a"
 */
export function slopeText(v: SoakSeriesVerdict, separator = " … "): string {
  if (v.slopePerHour === null) return "n/a";
  const end = (x: number | null) =>
    x === null ? "n/a" : String(Number(x.toPrecision(3)));
  return `${formatSigned(v.slopePerHour, v.threshold.unit)} [${
    end(v.lower)
  }${separator}${end(v.upper)}]`;
}

/**
 * A threshold in words.
 *
 * @param t the threshold
 * @returns e.g. "+8 MiB/h", "-5%/h"
 */
export function thresholdText(t: SoakThreshold): string {
  return formatSigned(t.perHour, t.unit);
}

/**
 * The event-loop lag in a line: the median, 99th percentile and largest of
 * each interval's largest lag.
 *
 * @param view the soak's view
 * @returns the line, or null without samples
 */
export function lagLine(view: SoakView): string | null {
  const lags = view.lag.values.filter(Number.isFinite);
  if (lags.length === 0) return null;
  const [p50, p99] = quantiles(lags, [0.5, 0.99]);
  return `event-loop lag (largest per interval): median ${
    formatMs(p50)
  } · p99 ${formatMs(p99)} · max ${formatMs(Math.max(...lags))}`;
}

function formatMs(ms: number): string {
  return `${significant(ms)} ms`;
}

/**
 * The workload's own figures, one line each: counters, gauges, metrics.
 *
 * @param view the soak's view
 * @returns the lines (none when the workload reported nothing)
 */
export function workloadLines(view: SoakView): string[] {
  const lines: string[] = [];
  if (view.counters.length > 0) {
    lines.push(
      `counters: ${
        view.counters.map(([name, n]) => `${name} ${n}`).join(" · ")
      }`,
    );
  }
  if (view.gauges.length > 0) {
    lines.push(
      `gauges: ${
        view.gauges.map(([name, g]) =>
          `${name} ${g.last} (lowest ${g.min}, highest ${g.max})`
        ).join(" · ")
      }`,
    );
  }
  for (const [name, m] of view.metrics) {
    lines.push(
      `${name}: ${m.count} recorded · p50 ${significant(m.p50)} ` +
        `(median of each interval's) · max ${significant(m.max)}`,
    );
  }
  return lines;
}

/**
 * Why a soak has no throughput series, when it has none.
 *
 * @param view the soak's view
 * @returns the sentence, or null when throughput was measured
 */
export function noThroughputText(view: SoakView): string | null {
  return view.resources.some((r) => r.resource === "throughput")
    ? null
    : 'throughput: not measured (the workload counts no "operations")';
}

/**
 * The threads-against-workers model in a line, as the seed wrote it.
 *
 * @param view the soak's view
 * @returns the line, or null without a "workers" gauge
 */
export function workersLine(view: SoakView): string | null {
  const w = view.workers;
  if (w === null) return null;
  if (w.kind === "constant") {
    return `threads against workers: workers stayed at ${w.workers} ` +
      `over ${counted(w.n, "sample")} (threads ${w.threads[0]} … ` +
      `${w.threads[1]}): no line to fit`;
  }
  const { intercept, slope, r2, n } = w.fit;
  return `threads ≈ ${significant(intercept)} ${slope < 0 ? "−" : "+"} ${
    significant(Math.abs(slope))
  } × workers (least squares over ${counted(n, "sample")}, R² ${
    significant(r2)
  })`;
}
