/**
 * Starting forks: each job's fork runs in a fresh Deno process started with
 * `Deno.execPath()`, with no more permission than this process holds (see
 * {@link forkPermissionArgs}), `--expose-gc`
 * (so mitata can collect before timing instead of allocating 1 GiB), and the
 * configuration file of the working directory, so that the fork resolves
 * imports exactly as the parent does — or, for a module from another
 * project, that project's configuration merged with looplab's (see
 * `forkConfigArgs`).
 *
 * No fork outlives the run that started it, nor leaves anything behind: on
 * POSIX each fork leads its own process group (`detached`), which the parent
 * kills whole once the fork has answered (a process the case started and
 * forgot is in it), on timeout, and on {@link ForkSupervisor.killAll}. For a
 * parent killed by SIGKILL, which it cannot catch, a watchdog shell holds the
 * list of live groups on a pipe from the parent: when the parent dies the
 * pipe closes, and the watchdog kills every group still on the list.
 *
 * @module
 */

import type {
  Failure,
  ForkResult,
  ForkSettings,
  ForkUsage,
} from "./_measure_fork_here.ts";
import {
  type ForkRequest,
  parseMarked,
  parseResult,
  RESULT_MARKER,
} from "./_fork_protocol.ts";
import { readProc } from "../_proc.ts";
import {
  forkConfigArgs,
  forkConfigArgsAcross,
  ForkConfigError,
} from "./_fork_config.ts";
import type { Job } from "./_plan.ts";
import type { BenchEntry } from "./_deno_bench_suite.ts";
import type { SuiteShape } from "./_revision_suite.ts";
import type { SuiteOrigin } from "./suite.ts";

const FORK_MAIN = new URL("./_fork_main.ts", import.meta.url).href;
const LIST_MAIN = new URL("./_deno_bench_list_main.ts", import.meta.url).href;
/** How long a listing fork may take to import its bench file. */
export const LIST_TIMEOUT_MS = 60_000;
/** Extra time a fork gets beyond its own timeout before it is killed. */
const KILL_GRACE_MS = 2_000;
/** How long to keep reading a fork's pipes after it has exited. */
const PIPE_GRACE_MS = 1_000;
/** Lines of a crashed fork's stderr kept as the failure's detail. */
const STDERR_TAIL_LINES = 20;
/**
 * Most bytes of a fork's stdout the parent keeps: the last 32 MiB, since the
 * result line comes last, so that a case printing without end does not take
 * the parent's memory with it. A result line takes ~20 bytes a sample: 200 KB
 * for a bench fork at the default 10,000 samples. A group's fork, or a
 * larger `maxSamples`, raises the bound to fit its result
 * ({@link stdoutLimit}).
 */
export const STDOUT_LIMIT_BYTES = 32 * 1024 * 1024;
/** Bytes a result line may take per sample, with room to spare. */
const RESULT_BYTES_PER_SAMPLE = 32;

/**
 * The stdout bound of one fork: {@link STDOUT_LIMIT_BYTES}, or room for its
 * whole result when that could be larger (members × metrics × samples).
 */
function stdoutLimit(jobs: readonly Job[], maxSamples: number): number {
  const values = jobs.reduce(
    (n, job) => n + Object.keys(job.metrics).length * maxSamples,
    0,
  );
  return Math.max(STDOUT_LIMIT_BYTES, 2 * values * RESULT_BYTES_PER_SAMPLE);
}
/** Most bytes of a fork's stderr kept: its last lines are all that is shown. */
const STDERR_LIMIT_BYTES = 1024 * 1024;
/** Process groups exist on POSIX systems only. */
const GROUPS = Deno.build.os !== "windows";
/**
 * The watchdog: reads "PGID" lines (a fork started) and "-PGID" lines (it
 * ended, forget it); at end of input, kills the groups still listed. dash's
 * `kill` takes no `--`, hence `kill -9 -PGID`.
 */
const WATCHDOG = `live=""
while read -r line; do
  case $line in
    -*) keep=""; for p in $live; do [ "$p" = "\${line#-}" ] || keep="$keep $p"; done; live=$keep ;;
    *) live="$live $line" ;;
  esac
done
for p in $live; do kill -9 "-$p" 2>/dev/null; done
exit 0`;

/** The forks of one run. */
export interface ForkSupervisor {
  /** Runs one fork of a job or a group; see {@link spawnFork}. */
  spawn(jobs: readonly Job[], settings: ForkSettings): Promise<ForkResult[]>;
  /** Lists a `Deno.bench` file in a fork; see {@link listInFork}. */
  list(file: string): Promise<BenchListing>;
  /** Ends every running fork, and what it started, at once. */
  killAll(): void;
  /** Stops the watchdog; call once no fork runs. */
  close(): Promise<void>;
}

/**
 * Starts supervising the forks of one run: the watchdog is started with the
 * first fork.
 *
 * @param permissions every fork's permission flags, from
 *   {@link forkPermissionArgs}
 * @returns the supervisor
 *
 * @example
 * ```ts ignore
 * const forks = superviseForks(await forkPermissionArgs(false));
 * try {
 *   const [result] = await forks.spawn([job], settings);
 * } finally {
 *   await forks.close();
 * }
 * ```
 */
export function superviseForks(
  permissions: readonly string[],
): ForkSupervisor {
  const guard = guardProcessGroups();
  return {
    spawn: (jobs, settings) => spawnFork(jobs, settings, permissions, guard),
    list: (file) => listInFork(file, permissions, guard),
    killAll: guard.killAll,
    close: guard.close,
  };
}

/** The process groups of one run's children, killed if the run dies. */
export interface ProcessGuard {
  /** A child leading its own group has started. */
  started(pid: number): Promise<void>;
  /** It has ended (its group was killed and it was reaped). */
  ended(pid: number): Promise<void>;
  /** Kills every group still running. */
  killAll(): void;
  /** Stops the watchdog; call once no child runs. */
  close(): Promise<void>;
}

/**
 * Guards the process groups of a run's children: each is killed by
 * {@link ProcessGuard.killAll}, and, should this process die by SIGKILL,
 * by the watchdog, started with the first child. Forks and soak children
 * use it.
 *
 * @returns the guard
 *
 * @example
 * ```ts ignore
 * const guard = guardProcessGroups();
 * const child = new Deno.Command("sleep", { args: ["60"], detached: true }).spawn();
 * await guard.started(child.pid);
 * ```
 */
export function guardProcessGroups(): ProcessGuard {
  const live = new Set<number>();
  let watchdog: {
    child: Deno.ChildProcess;
    writer: WritableStreamDefaultWriter<Uint8Array>;
  } | null = null;
  const tell = async (line: string) => {
    if (!GROUPS) return;
    if (watchdog === null) {
      const child = new Deno.Command("sh", {
        args: ["-c", WATCHDOG],
        stdin: "piped",
        stdout: "null",
        stderr: "null",
        detached: true,
      }).spawn();
      watchdog = { child, writer: child.stdin.getWriter() };
    }
    try {
      await watchdog.writer.write(new TextEncoder().encode(`${line}\n`));
    } catch {
      // The watchdog is gone: the run goes on without it.
    }
  };
  return {
    started: (pid) => {
      live.add(pid);
      return tell(String(pid));
    },
    ended: (pid) => {
      live.delete(pid);
      return tell(`-${pid}`);
    },
    killAll: () => {
      for (const pid of live) killGroup(pid);
    },
    close: async () => {
      if (watchdog === null) return;
      await watchdog.writer.close().catch(() => {});
      await watchdog.child.status;
      watchdog = null;
    },
  };
}

/**
 * Kills a fork and its process group; the fork may have ended already.
 * Called only while the fork is running or just after it was reaped: the
 * group's id cannot be reused while a process of the group lives.
 */
export function killGroup(pid: number): void {
  try {
    if (GROUPS) Deno.kill(-pid, "SIGKILL");
    else Deno.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** A kill of a child's group, armed for later. */
export interface KillTimer {
  /** Whether it fired. */
  readonly killed: boolean;
  /** Disarms it (the child ended in time). */
  cancel(): void;
}

/**
 * Kills a child's process group if it has not ended within `ms`: a fork
 * past its timeout, a listing fork past its bound, a soak child that does
 * not stop when asked.
 *
 * @param pid the child, leading its group
 * @param ms how long it has
 * @returns the armed kill
 *
 * @example
 * ```ts ignore
 * const kill = killGroupAfter(child.pid, 60_000);
 * await child.status;
 * kill.cancel();
 * ```
 */
export function killGroupAfter(pid: number, ms: number): KillTimer {
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    killGroup(pid);
  }, ms);
  return {
    get killed() {
      return killed;
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * Runs one fork of a job (or of a group's jobs, interleaved) in a new Deno
 * process and returns one result per job; a crash, a kill after the timeout
 * or an unreadable answer becomes a failed result with the tail of the
 * fork's stderr. Once the fork has printed its result, and before it may
 * exit, its resources are read from `/proc` (see {@link ForkUsage}).
 *
 * @param jobs the job, or the group's jobs
 * @param settings fork index, budget, samples, timeout, seed
 * @param permissions the fork's permission flags
 * @param lifetime told the fork's pid when it starts and when it has ended
 * @returns the fork's results, one per job
 */
async function spawnFork(
  jobs: readonly Job[],
  settings: ForkSettings,
  permissions: readonly string[],
  lifetime: {
    started: (pid: number) => Promise<void>;
    ended: (pid: number) => Promise<void>;
  },
): Promise<ForkResult[]> {
  const suites = [...new Set(jobs.map((job) => job.suite))];
  const request: ForkRequest = {
    suites: suites.map((suite) => ({ origin: suite.origin, name: suite.name })),
    members: jobs.map((job) => ({
      suite: suites.indexOf(job.suite),
      case: job.case.name,
      params: job.params,
    })),
    settings,
    nonce: crypto.randomUUID(),
  };
  const started = performance.now();
  let configArgs: string[];
  try {
    configArgs = await forkConfigArgsAcross(
      suites.map((suite) => suite.origin.project ?? suite.origin.module),
    );
  } catch (error) {
    if (!(error instanceof ForkConfigError)) throw error;
    // Suites paired to share a fork that cannot: the unit fails, saying why.
    return jobs.map(() => ({
      status: "failed",
      failure: { kind: "invalid", message: error.message },
      metrics: {},
      elapsedMs: performance.now() - started,
    }));
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...configArgs,
      "--v8-flags=--expose-gc",
      ...permissions,
      FORK_MAIN,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    // Its own process group: what it starts can be killed with it, and the
    // terminal's Ctrl-C reaches the parent alone, which then ends the fork.
    detached: GROUPS,
  }).spawn();
  let answered: () => void = () => {};
  const answer = new Promise<void>((resolve) => answered = resolve);
  const limit = stdoutLimit(jobs, settings.maxSamples);
  const stdoutText = collect(child.stdout, limit, {
    marker: `${RESULT_MARKER}${request.nonce}:`,
    seen: () => answered(),
  });
  const stderrText = collect(child.stderr, STDERR_LIMIT_BYTES);
  await lifetime.started(child.pid);
  const killer = killGroupAfter(child.pid, settings.timeoutMs + KILL_GRACE_MS);
  const writer = child.stdin.getWriter();
  try {
    await writer.write(
      new TextEncoder().encode(`${JSON.stringify(request)}\n`),
    );
  } catch {
    // The fork died before reading its request: its status says how.
  }
  // The fork waits for its stdin to close once it has answered: read what
  // the host did to it meanwhile, then let it go.
  const ended = child.status.then(() => "ended" as const);
  let usage: ForkUsage | undefined;
  if ((await Promise.race([answer, ended])) !== "ended") {
    usage = await usageOf(child.pid, performance.now() - started);
  }
  await writer.close().catch(() => {});
  const status = await child.status;
  killer.cancel();
  // Whatever the case started and left is in the fork's group: end it.
  killGroup(child.pid);
  await lifetime.ended(child.pid);
  const [stdout, stderr] = await drain(stdoutText, stderrText);
  const results = parseResult(stdout.text, request.nonce);
  if (results !== null && results.length === jobs.length) {
    for (const result of results) {
      if (usage !== undefined) result.usage = usage;
      // A fork may hold less than its parent: say so where Deno refuses.
      if (
        result.failure?.kind === "threw" &&
        result.failure.message.startsWith("NotCapable")
      ) {
        result.failure.message += ` (${NOT_CAPABLE_HINT})`;
      }
    }
    return results;
  }
  const tail = tailOf(stderr.text);
  const elapsedMs = performance.now() - started;
  const failed = (failure: Failure): ForkResult[] =>
    jobs.map(() => ({ status: "failed", failure, metrics: {}, elapsedMs }));
  if (stdout.dropped > 0) {
    return failed({
      kind: "crash",
      message: `fork printed more than ${
        Math.round(limit / 1024 / 1024)
      } MiB to stdout and its result was not in the last ${
        Math.round(limit / 1024 / 1024)
      } MiB, all that is kept`,
      detail: tail,
    });
  }
  if (killer.killed) {
    return failed({
      kind: "timeout",
      message: `fork did not answer within its ${settings.timeoutMs} ms ` +
        "timeout and was killed",
      detail: tail,
    });
  }
  const how = status.signal !== null
    ? `was killed by ${status.signal}`
    : `exited with code ${status.code}`;
  return failed({
    kind: "crash",
    message: `fork ${how} before reporting a result${
      importMapPanicHint(stderr.text)
    }`,
    detail: tail,
  });
}

/**
 * What to change when a fork died of Deno 2.9.6's panic in its import map
 * code, which it hits when a project's `deno.json` maps an import into
 * another project's folder (one with a `deno.json` of its own) and an
 * import map is passed too (a fork of another project's module gets one);
 * "" for any other end.
 */
function importMapPanicHint(stderr: string): string {
  return /panicked at .*import_map/.test(stderr)
    ? ": Deno panicked in its import map code, which Deno 2.9.6 does when " +
      "the project's deno.json maps an import into another project's " +
      "folder (one with its own deno.json) beside the import map looplab " +
      "gives the fork; map that dependency by npm: or jsr: specifier, or " +
      "import it by URL"
    : "";
}

/**
 * What a listing fork found in a file: its `Deno.bench` registrations, and
 * for a module with none, the shapes of the looplab suites it exports.
 */
export type BenchListing =
  | {
    benches: BenchEntry[];
    exportsSuites: boolean;
    suites: { origin: SuiteOrigin; shape: SuiteShape }[];
    late: number;
  }
  | { error: string; detail: string | null };

/**
 * Imports a `Deno.bench` file in a fork (its top-level code is the user's)
 * and returns its registrations, or why it could not be listed: an import
 * that threw, a fork that exited or was killed, no answer within
 * {@link LIST_TIMEOUT_MS}. The fork has the same permissions and
 * configuration as a measuring fork of the file, and its process group is
 * killed once it has answered.
 */
async function listInFork(
  file: string,
  permissions: readonly string[],
  lifetime: {
    started: (pid: number) => Promise<void>;
    ended: (pid: number) => Promise<void>;
  },
): Promise<BenchListing> {
  const nonce = crypto.randomUUID();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...(await forkConfigArgs(file)),
      ...permissions,
      LIST_MAIN,
      file,
      nonce,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    detached: GROUPS,
  }).spawn();
  const stdoutText = collect(child.stdout, STDOUT_LIMIT_BYTES);
  const stderrText = collect(child.stderr, STDERR_LIMIT_BYTES);
  await lifetime.started(child.pid);
  const killer = killGroupAfter(child.pid, LIST_TIMEOUT_MS);
  const status = await child.status;
  killer.cancel();
  killGroup(child.pid);
  await lifetime.ended(child.pid);
  const [stdout, stderr] = await drain(stdoutText, stderrText);
  const listing = parseMarked(stdout.text, nonce) as BenchListing | null;
  if (listing !== null) return listing;
  const tail = tailOf(stderr.text);
  const how = killer.killed
    ? `did not finish importing it within ${LIST_TIMEOUT_MS / 1000} s`
    : status.signal !== null
    ? `was killed by ${status.signal}`
    : `exited with code ${status.code} while importing it`;
  return {
    error: `the fork listing its benches ${how}${
      importMapPanicHint(
        stderr.text,
      )
    }`,
    detail: tail || null,
  };
}

/**
 * Both pipes of a child that has exited, read to their end — or, since a
 * process the child started and leaked inherits them and would hold them
 * open, to what is there {@link PIPE_GRACE_MS} after it exited.
 */
async function drain(
  stdout: ReturnType<typeof collect>,
  stderr: ReturnType<typeof collect>,
): Promise<
  [{ text: string; dropped: number }, { text: string; dropped: number }]
> {
  const drained = setTimeout(() => {
    stdout.stop();
    stderr.stop();
  }, PIPE_GRACE_MS);
  const both = await Promise.all([stdout.text, stderr.text]);
  clearTimeout(drained);
  return both;
}

/** The last {@link STDERR_TAIL_LINES} lines of a child's stderr. */
function tailOf(stderr: string): string {
  return stderr.trimEnd().split("\n").slice(-STDERR_TAIL_LINES).join("\n");
}

/**
 * What the host did to a fork over its life so far, from `/proc`; undefined
 * where `/proc` cannot be read (not Linux, no permission).
 */
async function usageOf(
  pid: number,
  wallMs: number,
): Promise<ForkUsage | undefined> {
  try {
    const p = await readProc(pid);
    return {
      wallMs,
      cpuMs: p.userMs + p.systemMs,
      runQueueWaitMs: p.runQueueWaitNs === null ? null : p.runQueueWaitNs / 1e6,
      involuntarySwitches: p.involuntarySwitches,
    };
  } catch {
    return undefined;
  }
}

/**
 * Reads a stream until it ends or `stop()` is called, keeping its last
 * `limit` bytes (whole chunks: at most one chunk more) and the count of the
 * bytes dropped before them; `watch.seen` is called once a line starting
 * with `watch.marker` has ended.
 */
function collect(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  watch?: { marker: string; seen: () => void },
): {
  text: Promise<{ text: string; dropped: number }>;
  stop: () => void;
} {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let dropped = 0;
  // Whether the marker has passed, and the text since (or its last chars).
  const decoder = new TextDecoder();
  let marked = false;
  let tail = "";
  const look = (value: Uint8Array) => {
    if (watch === undefined) return;
    let text = tail + decoder.decode(value, { stream: true });
    if (!marked) {
      const at = text.indexOf(watch.marker);
      if (at < 0) {
        tail = text.slice(-watch.marker.length);
        return;
      }
      marked = true;
      text = text.slice(at + watch.marker.length);
    }
    // The result line ends with the only newline after the marker.
    if (text.includes("\n")) {
      watch.seen();
      watch = undefined;
    }
    tail = "";
  };
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        look(value);
        chunks.push(value);
        kept += value.length;
        while (kept - chunks[0].length >= limit) {
          const first = chunks.shift()!;
          kept -= first.length;
          dropped += first.length;
        }
      }
    } catch {
      // Cancelled: keep what arrived.
    }
    const bytes = new Uint8Array(kept);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { text: new TextDecoder().decode(bytes), dropped };
  })();
  return {
    text: done,
    stop: () => void reader.cancel().catch(() => {}),
  };
}

/** Added to a fork's NotCapable failure. */
const NOT_CAPABLE_HINT =
  "a fork holds only the permissions its parent holds in full, and --allow-run " +
  "only with --fork-allow-run; a Deno.bench's permissions option narrows " +
  "its fork further: see the README's Permissions";

/** The loopback hosts a partial `--allow-net` may hand on, each if granted. */
const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"] as const;

/**
 * The permission flags a fork gets: never more than this process holds. A
 * process cannot read its own flags, only whether each kind is granted in
 * full or in part, so a fork gets exactly what can be reproduced:
 *
 * - `read`, `write`, `sys`, `ffi` granted in full: `--allow-X`; granted in
 *   part (an allow-list or a `--deny-X`): refused, since the list cannot be
 *   read back. A fork needs `read` to import its suite.
 * - `net` in full: `--allow-net`; in part: the loopback hosts
 *   (127.0.0.1, localhost, [::1]) this process holds in full, each by name.
 * - `env` in full: `--allow-env`; in part: not passed.
 * - `run` only when declared (`allowRun`) and held in full: a fork allowed
 *   to run subprocesses can start one with every permission.
 *
 * @param allowRun the user declared that forks may run subprocesses
 * @returns the flags, e.g. `["--allow-read", "--allow-net=127.0.0.1"]`
 * @throws {ForkPermissionError} when a kind forks need is held in part
 *   or not at all, naming it and how to proceed
 *
 * @example
 * ```ts ignore
 * const flags = await forkPermissionArgs(false);
 * ```
 */
export async function forkPermissionArgs(
  allowRun: boolean,
): Promise<string[]> {
  const args: string[] = [];
  const full = async (descriptor: Deno.PermissionDescriptor) => {
    const status = await Deno.permissions.query(descriptor);
    return status.state === "granted" && !status.partial;
  };
  for (const name of ["read", "write", "sys", "ffi"] as const) {
    const status = await Deno.permissions.query({ name });
    if (status.state === "granted" && !status.partial) {
      args.push(`--allow-${name}`);
    } else if (status.partial) {
      throw new ForkPermissionError(
        `--allow-${name} is limited (an allow-list or a --deny-${name}), ` +
          "which forks cannot be given exactly",
      );
    } else if (name === "read") {
      throw new ForkPermissionError(
        "forks need --allow-read in full to import their suite, and this " +
          "process holds it in part (an allow-list such as " +
          "--allow-read=DIR) or not at all",
      );
    }
  }
  if (await full({ name: "net" })) {
    args.push("--allow-net");
  } else {
    const hosts: string[] = [];
    for (const host of LOOPBACK_HOSTS) {
      if (await full({ name: "net", host })) hosts.push(host);
    }
    if (hosts.length > 0) args.push(`--allow-net=${hosts.join(",")}`);
  }
  if (await full({ name: "env" })) args.push("--allow-env");
  if (allowRun) {
    if (!(await full({ name: "run" }))) {
      throw new ForkPermissionError(
        "forks were declared to run subprocesses (forkAllowRun, " +
          "--fork-allow-run) but this process does not hold --allow-run in full",
      );
    }
    args.push("--allow-run");
  }
  return args;
}

/**
 * The permissions this process holds cannot be handed on to forks exactly;
 * the message names the kind and how to proceed.
 */
export class ForkPermissionError extends Error {
  /** @param what which permission and why */
  constructor(what: string) {
    super(
      `cannot start forks: ${what}; grant it in full, or run with ` +
        "--in-process (cases then run in this process, with its permissions)",
    );
    this.name = "ForkPermissionError";
  }
}
