/**
 * Running a soak: one workload in a supervised child for a duration,
 * sampled from outside on a fixed interval, every end of the child
 * classified, the child restarted (with `restart`) as a supervisor would,
 * and a verdict on the slopes after warm-up. Each line of the artifact is
 * written as soon as it is known.
 *
 * The soak fails closed: a crash, an end before the planned stop, a sample
 * the sampler missed or could not take, a series with too few samples — each
 * fails it, so that a broken monitor never turns into a green soak (the
 * seed's runner reported 0 restarts while its daemon crash-looped, because
 * it grepped a log line fatal exits never printed; here an end is read from
 * the child's harness and its exit status, never from its log).
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { VERSION } from "../version.ts";
import { readProc } from "../_proc.ts";
import {
  captureEnvironment,
  forkConfigArgs,
  forkPermissionArgs,
  guardProcessGroups,
  killGroup,
  killGroupAfter,
} from "../runner/mod.ts";
import { classifyEnd } from "./_classify.ts";
import { type Beat, type Ending, readControlLine } from "./_control.ts";
import type { SoakWriter } from "./artifact.ts";
import { judgeSoak } from "./_verdict.ts";
import {
  SOAK_SCHEMA_VERSION,
  type SoakEvent,
  type SoakHeader,
  type SoakResource,
  type SoakSample,
  type SoakSettings,
  type SoakThreshold,
  type SoakVerdict,
} from "./types.ts";
import type { SoakWorkload } from "./workload.ts";

const CHILD_MAIN = new URL("./_child_main.ts", import.meta.url).href;

/**
 * Default thresholds, per hour after warm-up: the public 24-hour soak
 * harness's +8 MiB/h working set, +4 MiB/h managed heap and −5%/h
 * throughput; memory outside the heap as the working set; and for handles,
 * which a healthy workload does not accumulate at all, 10 fds/h, 2
 * threads/h (one Worker costs a thread or more) and 10 timers/h.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<SoakResource, number>> = {
  rss: 8,
  heapUsed: 4,
  external: 8,
  fds: 10,
  threads: 2,
  timers: 10,
  throughput: -5,
};

/** The unit of each resource's threshold. */
export const THRESHOLD_UNITS: Readonly<Record<SoakResource, string>> = {
  rss: "MiB/h",
  heapUsed: "MiB/h",
  external: "MiB/h",
  fds: "fds/h",
  threads: "threads/h",
  timers: "timers/h",
  throughput: "%/h",
};

/** The public harness's floor: fewer samples judge nothing. */
export const DEFAULT_MIN_SAMPLES = 30;
/** How long a child asked to stop has before it is killed. */
const STOP_GRACE_MS = 10_000;
/** Lines of a child's output kept for the detail of its end. */
const TAIL_LINES = 20;
/** The first wait before restarting a child that ended soon after its start. */
const RESTART_MIN_MS = 250;
/** The longest wait, doubled from the first while the child keeps crashing. */
const RESTART_MAX_MS = 10_000;
/** A child that ran this long is restarted at once, the backoff reset. */
const RESTART_RESET_MS = 60_000;

/** Options of {@link soak}. */
export interface SoakOptions {
  /** How long to soak, ms. */
  durationMs: number;
  /** The warm-up at the start, excluded from the verdict, ms. @default 0 */
  warmupMs?: number;
  /** The sampling interval, ms. @default 1000 */
  intervalMs?: number;
  /**
   * Restart a child that ends before the soak does, backing off (250 ms,
   * doubling to 10 s) while it keeps ending within a minute of its start.
   * @default false
   */
  restart?: boolean;
  /** No heartbeat for this long is a hang, ms. @default max(5 s, 5 intervals) */
  hangMs?: number;
  /** Fewest samples a series needs after warm-up. @default 30 */
  minSamples?: number;
  /** Significance level of the trend test. @default 0.05 */
  alpha?: number;
  /** Thresholds over {@link DEFAULT_THRESHOLDS}, per hour. */
  thresholds?: Partial<Record<SoakResource, number>>;
  /** The workload's options over its defaults. */
  options?: Record<string, number>;
  /** Where the artifact goes, line by line. */
  writer?: SoakWriter;
  /** The command line, for the header. */
  command?: string[];
  /** Let the child run subprocesses (needs `--allow-run` in full). */
  forkAllowRun?: boolean;
  /**
   * V8 flags for the child (`--max-old-space-size=64` makes a leak end in
   * V8's out-of-memory sooner).
   */
  v8Flags?: string[];
  /**
   * Collect garbage in the child before each sample reads its heap, so that
   * heap and external memory are what it retains (its pause shows in that
   * interval's lag). @default false
   */
  gc?: boolean;
  /** Stops the soak early: the child is ended and no verdict is written. */
  signal?: AbortSignal;
  /** Called with each sample, and the restarts so far. */
  onSample?: (sample: SoakSample, restarts: number) => void;
  /** Called with each event. */
  onEvent?: (event: SoakEvent) => void;
}

/** What {@link soak} gives back. */
export interface SoakResult {
  /** The header written. */
  header: SoakHeader;
  /** The verdict; null when the soak was stopped early. */
  verdict: SoakVerdict | null;
  /** Every sample, in order. */
  samples: SoakSample[];
  /** Every event, in order. */
  events: SoakEvent[];
}

/** A running child, as the soak sees it. */
interface Child {
  index: number;
  pid: number;
  status: Promise<Deno.CommandStatus>;
  beat: Beat | null;
  beatAtMs: number;
  ending: Ending | null;
  tail: string[];
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  /** Its CPU (user + system) at the last sample, ms. */
  cpuMs: number;
  /** When it was started, `performance.now()`. */
  startedAt: number;
}

/**
 * Soaks a workload: runs it in a supervised child for `durationMs`,
 * sampling its resources every `intervalMs` from outside (`/proc`) and
 * from its harness, and judges the series after warm-up.
 *
 * @param workload the workload, exported from its module
 * @param options duration, warm-up, interval, restart, thresholds, output
 * @returns the header, samples, events and verdict
 * @throws {RangeError} on a setting out of range (before anything runs)
 *
 * @example
 * ```ts ignore
 * import { soak } from "./run_soak.ts";
 * import { connectionChurn } from "../../suites/soak/mod.ts";
 * const { verdict } = await soak(connectionChurn, { durationMs: 60_000 });
 * ```
 */
export async function soak(
  workload: SoakWorkload,
  options: SoakOptions,
): Promise<SoakResult> {
  const settings = soakSettings(options);
  const header: SoakHeader = {
    type: "header",
    schemaVersion: SOAK_SCHEMA_VERSION,
    kind: "soak",
    tool: { name: "looplab", version: VERSION },
    createdAt: new Date().toISOString(),
    command: options.command ?? [],
    workload: {
      name: workload.name,
      module: workload.module,
      description: workload.description ?? null,
    },
    settings,
    environment: await captureEnvironment(),
  };
  const permissions = await forkPermissionArgs(options.forkAllowRun ?? false);
  const v8Flags = [
    ...(options.v8Flags ?? []),
    ...(settings.gc ? ["--expose-gc"] : []),
  ];
  const configArgs = [
    ...await forkConfigArgs(workload.module),
    ...(v8Flags.length > 0 ? [`--v8-flags=${v8Flags.join(",")}`] : []),
  ];
  const samples: SoakSample[] = [];
  const events: SoakEvent[] = [];
  const write = async (
    line: SoakHeader | SoakSample | SoakEvent | SoakVerdict,
  ) => {
    await options.writer?.write(line);
  };
  const emit = async (event: SoakEvent) => {
    events.push(event);
    options.onEvent?.(event);
    await write(event);
  };
  await write(header);

  const guard = guardProcessGroups();
  const started = performance.now();
  const stopAt = started + settings.durationMs;
  const elapsed = () => performance.now() - started;
  let restarts = 0;
  let backoffMs = 0;
  let tick = 0;
  // What this process and the subprocesses it reaped (its /proc readers)
  // have used, for the sampler's cost.
  let ownCpuMs = await ownCpu();
  let aborted = options.signal?.aborted ?? false;
  let onAbort = () => {};
  const abortedNow = new Promise<void>((resolve) => {
    onAbort = () => {
      aborted = true;
      resolve();
    };
  });
  options.signal?.addEventListener("abort", onAbort);
  try {
    for (let index = 0;; index++) {
      const child = await startChild(
        workload,
        options.options ?? {},
        settings.intervalMs,
        [...configArgs, ...permissions],
        index,
        guard,
        settings.gc ?? false,
      );
      await emit({
        type: "event",
        tMs: elapsed(),
        event: "start",
        child: index,
        pid: child.pid,
      });
      let hung = false;
      let planned = false;
      // Sampling, on a schedule from the soak's start, until the child
      // ends, hangs or the soak's time is up.
      let status: Deno.CommandStatus | null = null;
      const ended = child.status.then((s) => status = s);
      while (status === null) {
        if (aborted) break;
        if (performance.now() >= stopAt) {
          planned = true;
          await stopChild(child);
          break;
        }
        tick++;
        const due = started + tick * settings.intervalMs;
        const wait = due - performance.now();
        if (wait < -settings.intervalMs) {
          // This process fell behind by more than an interval: the ticks
          // it skipped are samples missed.
          const skipped = Math.floor(-wait / settings.intervalMs);
          tick += skipped;
          await emit({
            type: "event",
            tMs: elapsed(),
            event: "sample-missed",
            child: index,
            missed: skipped,
            message: `the sampler fell ${Math.round(-wait)} ms behind: ` +
              `${skipped} sample(s) missed`,
          });
        } else if (wait > 0) {
          await Promise.race([ended, delay(wait)]);
          if (status !== null) break;
        }
        if (performance.now() - child.beatAtMs > settings.hangMs) {
          hung = true;
          killGroup(child.pid);
          await ended;
          break;
        }
        if (child.beat === null) continue; // still loading its workload
        const sample = await takeSample(child, elapsed(), ownCpuMs);
        if (sample === null) {
          if (status !== null) break; // it ended as it was read
          await emit({
            type: "event",
            tMs: elapsed(),
            event: "sampler-failed",
            child: index,
            message: `/proc/${child.pid} could not be read`,
          });
          continue;
        }
        ownCpuMs = sample.ownCpuMs;
        samples.push(sample.sample);
        options.onSample?.(sample.sample, restarts);
        await write(sample.sample);
      }
      if (aborted) {
        killGroup(child.pid);
        await child.status;
        await guard.ended(child.pid);
        return { header, verdict: null, samples, events };
      }
      const finalStatus = await child.status;
      killGroup(child.pid);
      await guard.ended(child.pid);
      const end = classifyEnd(
        child.ending,
        { code: finalStatus.code, signal: finalStatus.signal },
        hung,
      );
      await emit({
        type: "event",
        tMs: elapsed(),
        event: "end",
        child: index,
        end: end.end,
        code: end.code,
        signal: end.signal,
        message: planned && end.end === "hung"
          ? `did not stop within ${STOP_GRACE_MS / 1000} s of being asked ` +
            "and was killed"
          : end.message,
        ...(planned ? { planned: true } : {}),
        ...(end.end === "normal end" ? {} : { detail: child.tail.join("\n") }),
      });
      if (planned || !settings.restart || performance.now() >= stopAt) break;
      // As a supervisor backs off: a child that ended soon after starting
      // waits longer each time before the next start, so that a crash loop
      // does not spin; one that ran a while is restarted at once.
      const lived = performance.now() - child.startedAt;
      backoffMs = lived >= RESTART_RESET_MS
        ? 0
        : Math.min(RESTART_MAX_MS, Math.max(RESTART_MIN_MS, backoffMs * 2));
      if (backoffMs > 0) {
        await Promise.race([
          delay(Math.min(backoffMs, Math.max(0, stopAt - performance.now()))),
          abortedNow,
        ]);
      }
      if (aborted || performance.now() >= stopAt) break;
      // No child ran while this one ended and the next starts: its ticks
      // are not samples missed.
      tick = Math.floor((performance.now() - started) / settings.intervalMs);
      restarts++;
      await emit({
        type: "event",
        tMs: elapsed(),
        event: "restart",
        child: index + 1,
        ...(backoffMs > 0 ? { message: `after ${backoffMs} ms` } : {}),
      });
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    guard.killAll();
    await guard.close();
  }
  const verdict = judgeSoak(samples, events, settings, elapsed());
  await write(verdict);
  return { header, verdict, samples, events };
}

/**
 * A soak's settings from its options, checked before anything runs: a soak
 * that could not take the samples its verdict needs is refused, not run for
 * its whole length to fail at the end. With no interval given, one sample a
 * second, or more often (down to 10 a second) when that would leave fewer
 * than 1.2 × `minSamples` after warm-up.
 *
 * @param options the soak's options
 * @returns the settings
 * @throws {RangeError} on a setting out of range, saying which and why
 *
 * @example
 * ```ts
 * import { soakSettings } from "./run_soak.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * // 20 s with a 2 s warm-up: a sample every 500 ms leaves 36.
 * assertEquals(soakSettings({ durationMs: 20_000, warmupMs: 2_000 }).intervalMs, 500);
 * assertThrows(
 *   () => soakSettings({ durationMs: 20_000, intervalMs: 1_000 }),
 *   RangeError,
 *   "at most 20 samples",
 * );
 * ```
 */
export function soakSettings(options: SoakOptions): SoakSettings {
  const durationMs = options.durationMs;
  const warmupMs = options.warmupMs ?? 0;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  const intervalMs = options.intervalMs ?? Math.min(
    1000,
    Math.max(100, Math.floor((durationMs - warmupMs) / (minSamples * 1.2))),
  );
  const positive = (name: string, value: number) => {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(`${name} must be a positive duration, got ${value}`);
    }
  };
  positive("the duration", durationMs);
  positive("the sampling interval", intervalMs);
  if (!(warmupMs >= 0) || warmupMs >= durationMs) {
    throw new RangeError(
      `the warm-up (${warmupMs} ms) must be at least 0 and shorter than the ` +
        `duration (${durationMs} ms)`,
    );
  }
  const hangMs = options.hangMs ?? Math.max(5_000, 5 * intervalMs);
  positive("the hang bound", hangMs);
  if (hangMs <= intervalMs) {
    throw new RangeError(
      `the hang bound (${hangMs} ms) must be longer than the sampling ` +
        `interval (${intervalMs} ms): the heartbeat comes once an interval`,
    );
  }
  if (!Number.isSafeInteger(minSamples) || minSamples < 3) {
    throw new RangeError(
      `the fewest samples must be a whole number, 3 or more, got ${minSamples}`,
    );
  }
  const possible = Math.floor((durationMs - warmupMs) / intervalMs);
  if (possible < minSamples) {
    throw new RangeError(
      `a sample every ${intervalMs} ms over the ${durationMs - warmupMs} ms ` +
        `after warm-up gives at most ${possible} samples, fewer than the ` +
        `${minSamples} a series needs: lengthen the duration, shorten the ` +
        "interval or the warm-up, or lower the fewest samples",
    );
  }
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  }
  const thresholds: SoakThreshold[] = (Object.keys(
    DEFAULT_THRESHOLDS,
  ) as SoakResource[]).map((resource) => ({
    resource,
    perHour: options.thresholds?.[resource] ?? DEFAULT_THRESHOLDS[resource],
    unit: THRESHOLD_UNITS[resource],
  }));
  for (const t of thresholds) {
    if (!Number.isFinite(t.perHour)) {
      throw new RangeError(`the ${t.resource} threshold must be a number`);
    }
  }
  return {
    durationMs,
    warmupMs,
    intervalMs,
    restart: options.restart ?? false,
    gc: options.gc ?? false,
    hangMs,
    minSamples,
    alpha,
    thresholds,
  };
}

/** Starts a child that runs the workload and reports over its stdout. */
async function startChild(
  workload: SoakWorkload,
  workloadOptions: Record<string, number>,
  intervalMs: number,
  flags: readonly string[],
  index: number,
  guard: ReturnType<typeof guardProcessGroups>,
  gc: boolean,
): Promise<Child> {
  const nonce = crypto.randomUUID();
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...flags,
      CHILD_MAIN,
      JSON.stringify({
        module: workload.module,
        workload: workload.name,
        ...(workload.case === undefined ? {} : { case: workload.case }),
        options: workloadOptions,
        intervalMs,
        gc,
        nonce,
      }),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    detached: Deno.build.os !== "windows",
  }).spawn();
  await guard.started(process.pid);
  const child: Child = {
    index,
    pid: process.pid,
    status: process.status,
    beat: null,
    beatAtMs: performance.now(),
    ending: null,
    tail: [],
    stdin: process.stdin.getWriter(),
    cpuMs: 0,
    startedAt: performance.now(),
  };
  const keep = (line: string) => {
    child.tail.push(line);
    if (child.tail.length > TAIL_LINES) child.tail.shift();
  };
  readLines(process.stdout, (line) => {
    const message = readControlLine(line, nonce);
    if (message === null) keep(line);
    else if (message.type === "beat") {
      child.beat = message;
      child.beatAtMs = performance.now();
    } else child.ending = message;
  });
  readLines(process.stderr, keep);
  return child;
}

/** Asks a child to stop (closes its stdin); kills it if it does not. */
async function stopChild(child: Child): Promise<void> {
  await child.stdin.close().catch(() => {});
  const kill = killGroupAfter(child.pid, STOP_GRACE_MS);
  await child.status;
  kill.cancel();
}

/**
 * One sample of a live child: `/proc` from outside, the last heartbeat from
 * inside, and this process's CPU since the last sample; null when `/proc`
 * could not be read.
 */
async function takeSample(
  child: Child,
  tMs: number,
  ownCpuBefore: number,
): Promise<{ sample: SoakSample; ownCpuMs: number } | null> {
  let proc;
  try {
    proc = await readProc(child.pid);
  } catch {
    return null;
  }
  const own = await ownCpu();
  const beat = child.beat!;
  child.cpuMs = proc.userMs + proc.systemMs;
  return {
    ownCpuMs: own,
    sample: {
      type: "sample",
      tMs,
      child: child.index,
      rssBytes: proc.rssBytes,
      fds: proc.fds,
      threads: proc.threads,
      cpuUserMs: proc.userMs,
      cpuSystemMs: proc.systemMs,
      heapUsedBytes: beat.heapUsedBytes,
      heapTotalBytes: beat.heapTotalBytes,
      externalBytes: beat.externalBytes,
      lagMaxMs: beat.lagMaxMs,
      counters: { ...beat.counters },
      gauges: { ...beat.gauges },
      handles: { ...beat.handles },
      metrics: beat.metrics,
      samplerCpuMs: own - ownCpuBefore,
      beatAgeMs: Math.round(performance.now() - child.beatAtMs),
    },
  };
}

/**
 * This process's CPU and that of the subprocesses it has reaped (its
 * `/proc` readers), ms; a soak child's own CPU joins the latter only when
 * it ends, after its last sample.
 */
async function ownCpu(): Promise<number> {
  try {
    const self = await readProc(Deno.pid);
    return self.userMs + self.systemMs + self.childrenMs;
  } catch {
    return NaN;
  }
}

/** Calls `line` with each line of a stream, until it ends. */
function readLines(
  stream: ReadableStream<Uint8Array>,
  line: (text: string) => void,
): void {
  (async () => {
    const decoder = new TextDecoder();
    let rest = "";
    try {
      for await (const chunk of stream) {
        rest += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = rest.indexOf("\n")) >= 0) {
          line(rest.slice(0, at));
          rest = rest.slice(at + 1);
        }
        // A workload printing without newlines must not grow this forever.
        if (rest.length > 1 << 20) rest = rest.slice(-(1 << 16));
      }
    } catch {
      // The pipe broke: the child is gone.
    }
    if (rest !== "") line(rest);
  })();
}
