/**
 * Reading a process's resources from Linux's `/proc`: threads, open file
 * descriptors, resident memory, CPU time, context switches and the time it
 * waited on a run queue. The runner and soak runs read them from the
 * parent, about a child.
 *
 * How it reads: Deno 2.9.6 lets a process read `/proc` only with
 * `--allow-all` (`--allow-read=/proc` is refused with "Requires all
 * access"), and looplab never asks for that. So the first read tries
 * `/proc` directly (it works under `-A`) and, refused, reads every file
 * through one `sh` process instead, which needs only the `--allow-run` the
 * parent already holds to start forks. Forks never read `/proc` themselves:
 * they hold no `--allow-run` unless a user declared it.
 *
 * @module
 */

/** One reading of a process's resources. */
export interface ProcSnapshot {
  /** Threads (`Threads:` in `status`). */
  threads: number;
  /** Open file descriptors (entries of `fd/`). */
  fds: number;
  /** Resident memory, bytes (`VmRSS:`); 0 for a zombie. */
  rssBytes: number;
  /** CPU time in user mode, ms (`stat` field 14). */
  userMs: number;
  /** CPU time in kernel mode, ms (`stat` field 15). */
  systemMs: number;
  /**
   * CPU time of its children that it has waited for, user and kernel, ms
   * (`stat` fields 16 and 17): a sampler's own subprocesses.
   */
  childrenMs: number;
  /** Switches away because the process waited (`voluntary_ctxt_switches`). */
  voluntarySwitches: number;
  /** Switches away because it was preempted (`nonvoluntary_ctxt_switches`). */
  involuntarySwitches: number;
  /**
   * Time runnable but waiting for a CPU, ns (`schedstat`'s second field),
   * summed over its threads; null where the kernel keeps no schedstat.
   */
  runQueueWaitNs: number | null;
}

/** `/proc` cannot be read on this system or for this process. */
export class ProcUnavailableError extends Error {
  /** @param message what could not be read */
  constructor(message: string) {
    super(message);
    this.name = "ProcUnavailableError";
  }
}

/**
 * Linux reports `stat`'s CPU times in USER_HZ ticks, which its ABI fixes at
 * 100 a second on every architecture Deno runs on.
 */
const TICKS_PER_SECOND = 100;
/** Separates the files in what the reading shell prints. */
const SEPARATOR = "--looplab-proc--";
/**
 * Prints stat, status, the schedstat of every thread and the count of open
 * fds of process `$1`; exits 3 when the process is gone. Shell builtins
 * only (`read`, `echo`, globs): one `sh` and no `cat` or `ls` per reading,
 * which a soak's sampler pays once or twice a second.
 */
const SCRIPT = `cd "/proc/$1" 2>/dev/null || exit 3
read -r line < stat || exit 3; echo "$line"; echo ${SEPARATOR}
while IFS= read -r line; do echo "$line"; done < status; echo ${SEPARATOR}
for t in task/*; do read -r line 2>/dev/null < "$t/schedstat" && echo "$line"; done
echo ${SEPARATOR}
set -- fd/*; if [ "$1" = "fd/*" ]; then echo 0; else echo $#; fi`;

let direct: boolean | undefined;

/**
 * Reads process `pid`'s resources from `/proc` (Linux only).
 *
 * @param pid the process, e.g. a fork's `child.pid`
 * @returns the snapshot
 * @throws {ProcUnavailableError} not on Linux, or the process is gone, or
 *   neither `/proc` nor `sh` may be used (no `--allow-run`)
 *
 * @example
 * ```ts ignore
 * const { threads, fds } = await readProc(child.pid);
 * ```
 */
export async function readProc(pid: number): Promise<ProcSnapshot> {
  if (Deno.build.os !== "linux") {
    throw new ProcUnavailableError(
      `/proc exists on Linux only, not on ${Deno.build.os}`,
    );
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    throw new ProcUnavailableError(`not a process id: ${pid}`);
  }
  if (direct !== false) {
    try {
      const snapshot = await readDirectly(pid);
      direct = true;
      return snapshot;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotCapable)) throw gone(pid, error);
      direct = false;
    }
  }
  return await readThroughShell(pid);
}

async function readDirectly(pid: number): Promise<ProcSnapshot> {
  const at = `/proc/${pid}`;
  const [stat, status] = await Promise.all([
    Deno.readTextFile(`${at}/stat`),
    Deno.readTextFile(`${at}/status`),
  ]);
  const schedstats: string[] = [];
  for await (const task of Deno.readDir(`${at}/task`)) {
    try {
      schedstats.push(
        await Deno.readTextFile(`${at}/task/${task.name}/schedstat`),
      );
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) throw error;
      // The thread ended, or no schedstat: counted as missing below.
    }
  }
  let fds = 0;
  for await (const _ of Deno.readDir(`${at}/fd`)) fds++;
  return parseProc(stat, status, schedstats.join(""), fds);
}

async function readThroughShell(pid: number): Promise<ProcSnapshot> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("sh", {
      args: ["-c", SCRIPT, "sh", String(pid)],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
  } catch (error) {
    throw new ProcUnavailableError(
      `cannot read /proc: reading it needs --allow-all, or --allow-run to ` +
        `read it through sh (${
          error instanceof Error ? error.message : error
        })`,
    );
  }
  if (!out.success) throw gone(pid);
  const parts = new TextDecoder().decode(out.stdout).split(`${SEPARATOR}\n`);
  if (parts.length !== 4) throw gone(pid);
  return parseProc(parts[0], parts[1], parts[2], Number(parts[3].trim()));
}

function gone(pid: number, cause?: unknown): ProcUnavailableError {
  const why = cause instanceof Error ? `: ${cause.message}` : "";
  return new ProcUnavailableError(
    `process ${pid} cannot be read in /proc (ended?)${why}`,
  );
}

/**
 * Builds a snapshot from the text of `/proc/PID/stat`, `/proc/PID/status`,
 * the `schedstat` lines of its threads (empty when the kernel keeps none)
 * and its count of open fds.
 *
 * @param stat the `stat` file
 * @param status the `status` file
 * @param schedstats every thread's `schedstat`, one line each
 * @param fds entries in `fd/`
 * @returns the snapshot
 * @throws {ProcUnavailableError} when a file does not read as Linux writes it
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const stat = "42 (a (b) c) S 1 42 42 0 -1 0 0 0 0 0 250 75 12 8 20 0 3";
 * const status = "Name:\tx\nVmRSS:\t  2048 kB\nThreads:\t3\n" +
 *   "voluntary_ctxt_switches:\t9\nnonvoluntary_ctxt_switches:\t4\n";
 * const s = parseProc(stat, status, "10 500 2\n20 700 3\n", 5);
 * assertEquals([s.userMs, s.systemMs, s.rssBytes], [2500, 750, 2097152]);
 * assertEquals(s.childrenMs, 200);
 * assertEquals([s.threads, s.fds, s.runQueueWaitNs], [3, 5, 1200]);
 * ```
 */
export function parseProc(
  stat: string,
  status: string,
  schedstats: string,
  fds: number,
): ProcSnapshot {
  // The command name is in parentheses and may hold spaces and ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).trim().split(/\s+/);
  // fields[0] is stat's field 3 (state): utime is field 14, stime 15.
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  const childrenTicks = Number(fields[13]) + Number(fields[14]);
  const line = (key: string): number => {
    const match = status.match(new RegExp(`^${key}:\\s*(\\d+)`, "m"));
    if (match === null) return NaN;
    return Number(match[1]);
  };
  const threads = line("Threads");
  const voluntary = line("voluntary_ctxt_switches");
  const involuntary = line("nonvoluntary_ctxt_switches");
  // A zombie has no VmRSS line: it holds no memory.
  const rssKb = /^VmRSS:/m.test(status) ? line("VmRSS") : 0;
  let wait: number | null = null;
  for (const row of schedstats.split("\n")) {
    const cells = row.trim().split(/\s+/);
    if (cells.length < 2) continue;
    wait = (wait ?? 0) + Number(cells[1]);
  }
  const numbers = [
    userTicks,
    systemTicks,
    childrenTicks,
    threads,
    voluntary,
    involuntary,
    rssKb,
    fds,
  ];
  if (
    !numbers.every(Number.isFinite) || (wait !== null && !Number.isFinite(wait))
  ) {
    throw new ProcUnavailableError("/proc did not read as Linux writes it");
  }
  return {
    threads,
    fds,
    rssBytes: rssKb * 1024,
    userMs: (userTicks * 1000) / TICKS_PER_SECOND,
    systemMs: (systemTicks * 1000) / TICKS_PER_SECOND,
    childrenMs: (childrenTicks * 1000) / TICKS_PER_SECOND,
    voluntarySwitches: voluntary,
    involuntarySwitches: involuntary,
    runQueueWaitNs: wait,
  };
}
