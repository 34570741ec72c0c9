/**
 * Starting forks: each job's fork runs in a fresh Deno process started with
 * `Deno.execPath()`, with no more permission than this process holds
 * (see {@link forkPermissionArgs}), `--expose-gc`
 * (so mitata can collect before timing instead of allocating 1 GiB), and the
 * configuration file of the working directory, so that the fork resolves
 * imports exactly as the parent does.
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
 * Runs one fork of a job in a new Deno process and returns its result; a
 * crash, a kill after the timeout or an unreadable answer becomes a failed
 * result with the tail of the fork's stderr.
 *
 * @param job the job
 * @param settings fork index, budget, samples, timeout
 * @param permissions the fork's permission flags, from
 *   {@link forkPermissionArgs}
 * @returns the fork's result
 *
 * @example
 * ```ts ignore
 * const result = await spawnFork(job, settings, await forkPermissionArgs(false));
 * ```
 */
export async function spawnFork(
  job: Job,
  settings: ForkSettings,
  permissions: readonly string[],
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
      ...permissions,
      FORK_MAIN,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }, settings.timeoutMs + KILL_GRACE_MS);
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(request)));
  await writer.close();
  const stdoutText = collect(child.stdout);
  const stderrText = collect(child.stderr);
  const status = await child.status;
  clearTimeout(killer);
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
  const result = parseResult(stdout, request.nonce);
  if (result !== null) return result;
  const tail = stderr.trimEnd().split("\n").slice(-STDERR_TAIL_LINES).join(
    "\n",
  );
  const elapsedMs = performance.now() - started;
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

/** Reads a stream to text until it ends or `stop()` is called. */
function collect(stream: ReadableStream<Uint8Array>): {
  text: Promise<string>;
  stop: () => void;
} {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // Cancelled: keep what arrived.
    }
    return text + decoder.decode();
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
        "forks need --allow-read to import their suite",
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
