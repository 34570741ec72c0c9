/**
 * The soak artifact: JSON Lines, written as the soak goes — a header, then
 * samples and events as they come, then the verdict — so that a soak cut
 * off at any point (the runner killed, the disk full) still holds every
 * line written before, and `report` reads it, a cut-off last line
 * included. Run artifacts are written whole and atomically; a soak's is
 * appended to, line by line, and is complete only once its verdict line
 * is there.
 *
 * @module
 */

import type { Environment } from "../artifact/types.ts";

/** The version of the soak artifact's shape. */
export const SOAK_SCHEMA_VERSION = 1;

/** The resources a soak judges, each a series over time. */
export type SoakResource =
  | "rss"
  | "heapUsed"
  | "external"
  | "fds"
  | "threads"
  | "timers"
  | "throughput";

/** A threshold on one resource's slope after warm-up. */
export interface SoakThreshold {
  /** The resource. */
  resource: SoakResource;
  /**
   * The slope that fails the soak, in `unit` per hour: growth above it for
   * memory, fds and threads; for throughput a decline, in percent of its
   * median per hour, below it (negative).
   */
  perHour: number;
  /** "MiB/h", "fds/h", "threads/h", "timers/h" or "%/h". */
  unit: string;
}

/** The first line. */
export interface SoakHeader {
  /** Discriminant of the line. */
  type: "header";
  /** Shape version: readers refuse newer ones. */
  schemaVersion: number;
  /** Always "soak". */
  kind: "soak";
  /** The tool that wrote it. */
  tool: { name: "looplab"; version: string };
  /** When the soak started (ISO 8601). */
  createdAt: string;
  /** The command line, when run from the CLI. */
  command: string[];
  /** The workload: its name and the module it came from. */
  workload: { name: string; module: string; description: string | null };
  /** The settings. */
  settings: SoakSettings;
  /** The machine and runtime, as a run records them. */
  environment: Environment;
}

/** How a soak runs and is judged. */
export interface SoakSettings {
  /** Planned duration, ms. */
  durationMs: number;
  /** The warm-up excluded from the verdict, ms. */
  warmupMs: number;
  /** The sampling interval, ms. */
  intervalMs: number;
  /** Whether a crashed child is restarted. */
  restart: boolean;
  /** Whether the child collected garbage before each sample read its heap. */
  gc?: boolean;
  /**
   * A child that sends no heartbeat for this long is hung: killed and
   * counted as such.
   */
  hangMs: number;
  /** Fewest samples after warm-up a series needs to be judged. */
  minSamples: number;
  /** Significance level of the trend test. */
  alpha: number;
  /** The thresholds. */
  thresholds: SoakThreshold[];
}

/** One sample: the child's resources at one moment. */
export interface SoakSample {
  /** Discriminant of the line. */
  type: "sample";
  /** Time since the soak started, ms. */
  tMs: number;
  /** Which child (0 for the first; each restart adds one). */
  child: number;
  /** From `/proc/<pid>` (outside): resident memory, bytes. */
  rssBytes: number;
  /** From `/proc/<pid>/fd`: open file descriptors. */
  fds: number;
  /** From `/proc/<pid>/status`: threads. */
  threads: number;
  /** From `/proc/<pid>/stat`: CPU time in user mode since the child started, ms. */
  cpuUserMs: number;
  /** CPU time in kernel mode since the child started, ms. */
  cpuSystemMs: number;
  /** From the child (`Deno.memoryUsage`): V8 heap used, bytes. */
  heapUsedBytes: number;
  /** V8 heap total, bytes. */
  heapTotalBytes: number;
  /** Memory outside the V8 heap (ArrayBuffers, …), bytes. */
  externalBytes: number;
  /**
   * Event-loop lag over the interval, from a timer in the child that
   * records its own lateness: the largest lateness, ms.
   */
  lagMaxMs: number;
  /** The workload's counters since the child started (operations, errors, …). */
  counters: Record<string, number>;
  /** The workload's gauges at the last heartbeat (concurrent workers, …). */
  gauges: Record<string, number>;
  /**
   * From the child's harness, which wraps the APIs that open them: handles
   * open at the last heartbeat, by kind (timer, interval, listener,
   * connection, worker, process).
   */
  handles: Record<string, number>;
  /** The workload's recorded values since the last sample: count, median, max. */
  metrics: Record<string, { count: number; p50: number; max: number }>;
  /** This process's CPU over the interval, ms: the sampler's own cost. */
  samplerCpuMs: number;
  /**
   * How old the heartbeat the inside fields come from was, ms: more than an
   * interval when the child's event loop was held up (under the hang bound).
   */
  beatAgeMs?: number;
}

/** How a child ended. */
export type SoakEndKind =
  | "normal end"
  | "uncaught exception"
  | "unhandled rejection"
  | "exit"
  | "signal"
  | "V8 fatal error"
  | "hung";

/** Something that happened: a child started or ended, a sampler failed. */
export interface SoakEvent {
  /** Discriminant of the line. */
  type: "event";
  /** Time since the soak started, ms. */
  tMs: number;
  /** What happened. */
  event: "start" | "end" | "restart" | "sampler-failed" | "sample-missed";
  /** Which child. */
  child: number;
  /** For "start": its process id. */
  pid?: number;
  /** For "end": how it ended. */
  end?: SoakEndKind;
  /** For "end": the exit code, when it exited. */
  code?: number | null;
  /** For "end": the signal, when one ended it. */
  signal?: string | null;
  /** In words: the error's message, "SIGKILL (possibly out of memory)", … */
  message?: string;
  /** For an "end" the soak asked for at its planned stop: true. */
  planned?: boolean;
  /** For "sample-missed": how many samples. */
  missed?: number;
  /** For an "end": the last lines the child printed, stdout and stderr. */
  detail?: string;
}

/** One resource's judgement. */
export interface SoakSeriesVerdict {
  /** The resource. */
  resource: SoakResource;
  /** Samples after warm-up that were judged. */
  samples: number;
  /** Theil–Sen slope per hour, in the threshold's unit; null with too few samples. */
  slopePerHour: number | null;
  /** Its CI. */
  lower: number | null;
  /** Its CI. */
  upper: number | null;
  /** Mann–Kendall two-sided p-value; null with too few samples. */
  trendP: number | null;
  /**
   * The fitted line in the series' own units per ms, and its value at time
   * 0, for charts; null with too few samples. Absent from soaks written
   * before it was recorded (2026-12-02), which draw no line.
   */
  line?: { slopePerMs: number; intercept: number } | null;
  /** The threshold judged against. */
  threshold: SoakThreshold;
  /** pass, fail, or too few samples (which fails). */
  verdict: "pass" | "fail" | "too few samples";
  /** Why, in words. */
  reason: string;
}

/** The last line. */
export interface SoakVerdict {
  /** Discriminant of the line. */
  type: "verdict";
  /** Time since the soak started, ms. */
  tMs: number;
  /** Whether the soak passed: every series passed, no crash, no missed sample. */
  passed: boolean;
  /** Ends of children by kind (restarts counted here). */
  ends: Partial<Record<SoakEndKind, number>>;
  /** Restarts. */
  restarts: number;
  /** Samples missed or failed: any fails the soak. */
  missedSamples: number;
  /** Per resource. */
  series: SoakSeriesVerdict[];
  /** Why it failed, in words; empty when it passed. */
  reasons: string[];
  /** The sampler's CPU over the soak, against the child's. */
  samplerCpuShare: number | null;
}

/** Any line of a soak artifact. */
export type SoakLine = SoakHeader | SoakSample | SoakEvent | SoakVerdict;
