/**
 * Starting forks: each job's fork runs in a fresh Deno process started with
 * `Deno.execPath()`, with the permissions this process holds, `--expose-gc`
 * (so mitata can collect before timing instead of allocating 1 GiB), and the
 * configuration file of the working directory, so that the fork resolves
 * imports exactly as the parent does.
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

import type { ForkResult, ForkSettings } from "./_measure_fork_here.ts";
import { type ForkRequest, parseResult } from "./_fork_protocol.ts";
import type { Job } from "./_plan.ts";

const FORK_MAIN = new URL("./_fork_main.ts", import.meta.url).href;
/** Extra time a fork gets beyond its own timeout before it is killed. */
const KILL_GRACE_MS = 2_000;
/** How long to keep reading a fork's pipes after it has exited. */
const PIPE_GRACE_MS = 1_000;
/** Lines of a crashed fork's stderr kept as the failure's detail. */
const STDERR_TAIL_LINES = 20;
/**
 * Most bytes of a fork's stdout the parent keeps: the last 32 MiB, since the
 * result line comes last. A bench fork's result line is ~4 MB at its cap of
 * 200,000 samples (~20 bytes a sample), so it fits eight times over, while a
 * case printing without end no longer takes the parent's memory with it.
 */
export const STDOUT_LIMIT_BYTES = 32 * 1024 * 1024;
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
  /** Runs one fork of a job; see {@link spawnFork}. */
  spawn(job: Job, settings: ForkSettings): Promise<ForkResult>;
  /** Ends every running fork, and what it started, at once. */
  killAll(): void;
  /** Stops the watchdog; call once no fork runs. */
  close(): Promise<void>;
}

/**
 * Starts supervising the forks of one run: the watchdog is started with the
 * first fork.
 *
 * @returns the supervisor
 *
 * @example
 * ```ts ignore
 * const forks = superviseForks();
 * try {
 *   const result = await forks.spawn(job, settings);
 * } finally {
 *   await forks.close();
 * }
 * ```
 */
export function superviseForks(): ForkSupervisor {
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
    spawn: (job, settings) =>
      spawnFork(job, settings, {
        started: (pid) => {
          live.add(pid);
          return tell(String(pid));
        },
        ended: (pid) => {
          live.delete(pid);
          return tell(`-${pid}`);
        },
      }),
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
function killGroup(pid: number): void {
  try {
    if (GROUPS) Deno.kill(-pid, "SIGKILL");
    else Deno.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs one fork of a job in a new Deno process and returns its result; a
 * crash, a kill after the timeout or an unreadable answer becomes a failed
 * result with the tail of the fork's stderr.
 *
 * @param job the job
 * @param settings fork index, budget, samples, timeout
 * @param lifetime told the fork's pid when it starts and when it has ended
 * @returns the fork's result
 */
async function spawnFork(
  job: Job,
  settings: ForkSettings,
  lifetime: {
    started: (pid: number) => Promise<void>;
    ended: (pid: number) => Promise<void>;
  },
): Promise<ForkResult> {
  const request: ForkRequest = {
    origin: job.suite.origin,
    suite: job.suite.name,
    case: job.case.name,
    params: job.params,
    settings,
    nonce: crypto.randomUUID(),
  };
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...(await configArgs()),
      "--v8-flags=--expose-gc",
      ...(await permissionArgs()),
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
  const stdoutText = collect(child.stdout, STDOUT_LIMIT_BYTES);
  const stderrText = collect(child.stderr, STDERR_LIMIT_BYTES);
  await lifetime.started(child.pid);
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    killGroup(child.pid);
  }, settings.timeoutMs + KILL_GRACE_MS);
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(JSON.stringify(request)));
    await writer.close();
  } catch {
    // The fork died before reading its request: its status says how.
  }
  const status = await child.status;
  clearTimeout(killer);
  // Whatever the case started and left is in the fork's group: end it.
  killGroup(child.pid);
  await lifetime.ended(child.pid);
  // A process the case started and leaked inherits the pipes and would hold
  // them open after the fork exits: read what is there, then stop waiting.
  const drained = setTimeout(() => {
    stdoutText.stop();
    stderrText.stop();
  }, PIPE_GRACE_MS);
  const [stdout, stderr] = await Promise.all([
    stdoutText.text,
    stderrText.text,
  ]);
  clearTimeout(drained);
  const result = parseResult(stdout.text, request.nonce);
  if (result !== null) return result;
  const tail = stderr.text.trimEnd().split("\n").slice(-STDERR_TAIL_LINES)
    .join("\n");
  const elapsedMs = performance.now() - started;
  if (stdout.dropped > 0) {
    return {
      status: "failed",
      failure: {
        kind: "crash",
        message: `fork printed more than ${
          STDOUT_LIMIT_BYTES / 1024 / 1024
        } MiB to stdout and its result was not in the last ${
          STDOUT_LIMIT_BYTES / 1024 / 1024
        } MiB, all that is kept`,
        detail: tail,
      },
      metrics: {},
      elapsedMs,
    };
  }
  if (killed) {
    return {
      status: "failed",
      failure: {
        kind: "timeout",
        message: `fork did not answer within its ${settings.timeoutMs} ms ` +
          "timeout and was killed",
        detail: tail,
      },
      metrics: {},
      elapsedMs,
    };
  }
  const how = status.signal !== null
    ? `was killed by ${status.signal}`
    : `exited with code ${status.code}`;
  return {
    status: "failed",
    failure: {
      kind: "crash",
      message: `fork ${how} before reporting a result`,
      detail: tail,
    },
    metrics: {},
    elapsedMs,
  };
}

/**
 * Reads a stream until it ends or `stop()` is called, keeping its last
 * `limit` bytes (whole chunks: at most one chunk more) and the count of the
 * bytes dropped before them.
 */
function collect(stream: ReadableStream<Uint8Array>, limit: number): {
  text: Promise<{ text: string; dropped: number }>;
  stop: () => void;
} {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let dropped = 0;
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
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

let cachedConfigArgs: string[] | undefined;

/** `--config <file>` for the deno.json(c) nearest the working directory. */
async function configArgs(): Promise<string[]> {
  if (cachedConfigArgs) return cachedConfigArgs;
  let dir = Deno.cwd();
  while (true) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const path = `${dir}/${name}`;
      try {
        if ((await Deno.stat(path)).isFile) {
          return (cachedConfigArgs = ["--config", path]);
        }
      } catch {
        // Not here; look further up.
      }
    }
    const parent = dir.replace(/\/[^/]+$/, "");
    if (parent === dir || parent === "") break;
    dir = parent;
  }
  return (cachedConfigArgs = []);
}

let cachedPermissionArgs: string[] | undefined;

/** The permission flags this process holds, to hand on to forks. */
async function permissionArgs(): Promise<string[]> {
  if (cachedPermissionArgs) return cachedPermissionArgs;
  const args: string[] = [];
  const kinds = ["read", "write", "net", "env", "run", "sys", "ffi"] as const;
  for (const name of kinds) {
    const { state } = await Deno.permissions.query({ name });
    if (state === "granted") args.push(`--allow-${name}`);
  }
  if (!args.includes("--allow-net")) {
    const loopback = await Deno.permissions.query({
      name: "net",
      host: "127.0.0.1",
    });
    if (loopback.state === "granted") {
      args.push("--allow-net=127.0.0.1,localhost,[::1]");
    }
  }
  // A fork imports its suite's module dynamically, which needs read access.
  if (!args.includes("--allow-read")) args.push("--allow-read");
  return (cachedPermissionArgs = args);
}
