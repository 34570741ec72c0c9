/**
 * Starting forks: each job's fork runs in a fresh Deno process started with
 * `Deno.execPath()`, with the permissions this process holds, `--expose-gc`
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
 * @returns the fork's result
 *
 * @example
 * ```ts ignore
 * const result = await spawnFork(job, settings);
 * ```
 */
export async function spawnFork(
  job: Job,
  settings: ForkSettings,
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
