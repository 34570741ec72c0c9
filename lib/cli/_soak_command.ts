/**
 * `soak`: run one workload for a duration in a supervised child, sample
 * its resources, classify every end of it, and judge the slopes after
 * warm-up. Exit codes: 0 pass, 1 a threshold crossed or a crash, 2 bad
 * input, 130 stopped by SIGINT or SIGTERM (the artifact keeps every line
 * written before).
 *
 * @module
 */

import { checkWritable, quoteInput } from "../artifact/mod.ts";
import { renderSoak, terminalSafe } from "../report/mod.ts";
import {
  ForkPermissionError,
  type Params,
  planJobs,
  type Suite,
} from "../runner/mod.ts";
import {
  caseWorkload,
  createSoakWriter,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_THRESHOLDS,
  isSoakWorkload,
  readSoakArtifact,
  soak,
  type SoakResource,
  type SoakSample,
  soakSettings,
  type SoakWorkload,
  THRESHOLD_UNITS,
} from "../soak/mod.ts";
import { ENDING_SIGNALS } from "../_signals.ts";
import { soakWorkloads } from "../../suites/soak/mod.ts";
import { builtinSuites } from "../../suites/mod.ts";
import { parseFlags } from "./_flags.ts";
import { importUserModule } from "./_suites.ts";
import {
  INTERRUPTED_EXIT_CODE,
  parseDuration,
  parseInteger,
  UsageError,
} from "./_usage.ts";

/** The threshold flags, by resource. */
const THRESHOLD_FLAGS: [string, SoakResource][] = [
  ["max-rss", "rss"],
  ["max-heap", "heapUsed"],
  ["max-external", "external"],
  ["max-fds", "fds"],
  ["max-threads", "threads"],
  ["max-timers", "timers"],
  ["min-throughput", "throughput"],
];

/** The help text of `soak`. */
export const SOAK_USAGE = `deno task bench soak WORKLOAD [flags]
deno task bench soak --list

  WORKLOAD          a built-in workload (soak --list), or the path of a
                    module exporting one (path#name when it exports several)
  --duration D      how long, e.g. 30s, 10m, 12h (default 1m)
  --warmup D        the start left out of the verdict (default 10% of the
                    duration)
  --interval D      sampling interval (default 1s, or shorter, down to
                    100ms, when the soak would yield fewer than 1.2 ×
                    --min-samples after warm-up)
  --restart         restart the child when it ends, and count the ends by
                    kind; without it the first end fails the soak
  --hang D          no heartbeat for this long is a hang (default 5s, or 5
                    intervals)
  --json FILE       the artifact, JSON Lines, written as the soak goes
                    (default soak-WORKLOAD-TIME.jsonl)
  --set k=v,k=v     the workload's numeric options
  --max-rss N       MiB/h of resident memory (default ${DEFAULT_THRESHOLDS.rss})
  --max-heap N      MiB/h of V8 heap used (default ${DEFAULT_THRESHOLDS.heapUsed})
  --max-external N  MiB/h of memory outside the heap (default ${DEFAULT_THRESHOLDS.external})
  --max-fds N       open file descriptors per hour (default ${DEFAULT_THRESHOLDS.fds})
  --max-threads N   threads per hour (default ${DEFAULT_THRESHOLDS.threads})
  --max-timers N    timers and intervals open, per hour (default ${DEFAULT_THRESHOLDS.timers})
  --min-throughput N
                    %/h change of operations a second, 0 or below
                    (default ${DEFAULT_THRESHOLDS.throughput})
  --min-samples N   samples a series needs after warm-up (default ${DEFAULT_MIN_SAMPLES})
  --gc              collect garbage in the child before each sample, so that
                    heap and external memory are what it retains
  --v8-flags F      V8 flags for the child, e.g. --max-old-space-size=64
  --fork-allow-run  let the child run subprocesses`;

/**
 * Runs the `soak` command.
 *
 * @param args the arguments after `soak`
 * @returns 0 pass, 1 fail, 130 interrupted
 * @throws {UsageError} on bad arguments (before anything runs)
 *
 * @example
 * ```ts ignore
 * await soakCommand(["connection-churn", "--duration", "20s"]);
 * ```
 */
export async function soakCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("soak", args, {
    string: [
      "duration",
      "warmup",
      "interval",
      "hang",
      "json",
      "set",
      "min-samples",
      "v8-flags",
      ...THRESHOLD_FLAGS.map(([flag]) => flag),
    ],
    boolean: ["list", "restart", "fork-allow-run", "gc"],
  });
  if (flags.help) {
    console.log(SOAK_USAGE);
    return 0;
  }
  if (flags.list === true) {
    for (const w of [...soakWorkloads, ...soakableCases()]) {
      const defaults = Object.entries(w.defaults ?? {})
        .map(([k, v]) => `${k}=${v}`).join(",");
      console.log(
        `${w.name.padEnd(24)} ${w.description ?? ""}${
          defaults ? ` (--set ${defaults})` : ""
        }`,
      );
    }
    return 0;
  }
  if (flags._.length !== 1) {
    throw new UsageError(
      `soak takes one workload; got ${flags._.length} (soak --list names ` +
        "the built-in ones)",
    );
  }
  const workload = await resolveWorkload(String(flags._[0]));
  const durationMs = flags.duration === undefined
    ? 60_000
    : parseDuration("--duration", flags.duration);
  const warmupMs = flags.warmup === undefined
    ? durationMs / 10
    : parseDuration("--warmup", flags.warmup);
  if (warmupMs >= durationMs) {
    throw new UsageError(
      `--warmup (${warmupMs} ms) must be shorter than --duration ` +
        `(${durationMs} ms): the verdict reads what comes after it`,
    );
  }
  const intervalMs = flags.interval === undefined
    ? undefined
    : parseDuration("--interval", flags.interval);
  const hangMs = flags.hang === undefined
    ? undefined
    : parseDuration("--hang", flags.hang);

  const thresholds: Partial<Record<SoakResource, number>> = {};
  for (const [flag, resource] of THRESHOLD_FLAGS) {
    if (flags[flag] === undefined) continue;
    const value = Number(String(flags[flag]).trim());
    const sign = resource === "throughput" ? value <= 0 : value >= 0;
    if (!Number.isFinite(value) || !sign || String(flags[flag]).trim() === "") {
      throw new UsageError(
        `--${flag} must be a number of ${THRESHOLD_UNITS[resource]}${
          resource === "throughput" ? ", 0 or below" : ", 0 or more"
        }, got ${quoteInput(String(flags[flag]))}`,
      );
    }
    thresholds[resource] = value;
  }
  const minSamples = flags["min-samples"] === undefined
    ? undefined
    : parseInteger("--min-samples", flags["min-samples"], 3);
  const options = parseOptions(flags.set, workload);
  const path = flags.json === undefined
    ? `soak-${workload.name.replace(/[^\w.-]+/g, "_")}-${
      new Date().toISOString().replace(/[:.]/g, "").slice(0, 15)
    }.jsonl`
    : String(flags.json);
  if (path === "" || path === "-") {
    throw new UsageError(
      "--json needs a file name: a soak's artifact is written as it goes",
    );
  }
  if (await Deno.stat(path).then(() => true, () => false)) {
    throw new UsageError(
      `--json ${quoteInput(path)} exists; a soak's artifact is not ` +
        "overwritten (it may hold hours of samples): remove it or name another",
    );
  }
  try {
    await checkWritable(path);
  } catch (error) {
    throw new UsageError(`--json ${(error as Error).message}`);
  }
  const v8Flags = flags["v8-flags"] === undefined
    ? []
    : String(flags["v8-flags"]).split(",").filter((f) => f !== "");

  const soakOptions = {
    durationMs,
    warmupMs,
    intervalMs,
    hangMs,
    restart: flags.restart === true,
    gc: flags.gc === true,
    minSamples,
    thresholds,
    options,
    v8Flags,
  };
  // Checked before the artifact is created: a soak that cannot give a
  // verdict is refused, with nothing written.
  try {
    soakSettings(soakOptions);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new UsageError(
        error.message.replace("the interval", "--interval")
          .replace("the warm-up", "--warmup")
          .replace("the duration", "--duration")
          .replace("the fewest samples", "--min-samples")
          .replace("the hang bound", "--hang")
          .replace("the sampling interval", "--interval"),
      );
    }
    throw error;
  }
  const writer = await createSoakWriter(path);
  console.error(
    `looplab: soaking ${terminalSafe(workload.name)}; the artifact: ${path}`,
  );
  const controller = new AbortController();
  const stop = () => controller.abort();
  for (const signal of ENDING_SIGNALS) Deno.addSignalListener(signal, stop);
  const live = liveLine(durationMs);
  let result;
  try {
    result = await soak(workload, {
      ...soakOptions,
      writer,
      command: ["looplab", "soak", ...args],
      forkAllowRun: flags["fork-allow-run"] === true,
      signal: controller.signal,
      onSample: live.sample,
      onEvent: (event) => {
        if (event.event === "end" && !event.planned) {
          live.say(
            `child ${event.child} ended: ${event.end}${
              event.message ? ` (${terminalSafe(event.message)})` : ""
            }`,
          );
        }
      },
    });
  } catch (error) {
    if (error instanceof ForkPermissionError) {
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    for (const signal of ENDING_SIGNALS) {
      Deno.removeSignalListener(signal, stop);
    }
    live.done();
    writer.close();
  }
  // The report is rendered from the artifact, as `report` renders it.
  const record = await readSoakArtifact(path);
  console.log(
    renderSoak(record, "terminal", {
      color: Deno.stdout.isTerminal() && !Deno.noColor,
    }),
  );
  if (result.verdict === null) {
    console.error(
      `looplab: interrupted; ${result.samples.length} sample(s) kept in ${path}`,
    );
    return INTERRUPTED_EXIT_CODE;
  }
  return result.verdict.passed ? 0 : 1;
}

/**
 * A built-in workload by name, or one exported by a module (`path` or
 * `path#name`).
 */
async function resolveWorkload(arg: string): Promise<SoakWorkload> {
  const builtin = [...soakWorkloads, ...soakableCases()]
    .find((w) => w.name === arg);
  if (builtin !== undefined) return builtin;
  const at = arg.lastIndexOf("/");
  const suite = builtinSuites("full").find((s) => s.name === arg.slice(0, at));
  if (suite !== undefined) {
    try {
      return caseWorkload(
        suite,
        arg.slice(at + 1),
        firstParams(suite, arg.slice(at + 1)),
      );
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (!/[/\\.]/.test(arg)) {
    throw new UsageError(
      `unknown soak workload ${quoteInput(arg)}; built-in: ${
        soakWorkloads.map((w) => w.name).join(", ")
      }; or give the path of a module that exports one`,
    );
  }
  const [file, name] = arg.split("#");
  const exports = await importUserModule(file, "soak workload module");
  const found = Object.values(exports).filter(isSoakWorkload);
  const chosen = name === undefined
    ? (found.length === 1 ? found[0] : undefined)
    : found.find((w) => w.name === name);
  if (chosen === undefined) {
    throw new UsageError(
      found.length === 0
        ? `${file} exports no soak workload; export the result of defineSoakWorkload()`
        : `${file} exports ${
          found.map((w) => w.name).join(", ")
        }; name one as ${file}#NAME`,
    );
  }
  return chosen;
}

/** The built-in suites' cases marked `soak: true`, as workloads. */
function soakableCases(): SoakWorkload[] {
  return builtinSuites("full").flatMap((suite) =>
    suite.cases.filter((c) => c.kind === "experiment" && c.soak === true)
      .map((c) => caseWorkload(suite, c.name, firstParams(suite, c.name)))
  );
}

/**
 * A case's parameters: its first combination, as the planner expands it
 * (the first value of each of the suite's and the case's axes).
 */
function firstParams(suite: Suite, caseName: string): Params {
  return planJobs([suite]).find((job) => job.case.name === caseName)
    ?.params ?? {};
}

/** `--set k=v,k=v`: numbers, for options the workload declares. */
function parseOptions(
  value: unknown,
  workload: SoakWorkload,
): Record<string, number> {
  if (value === undefined) return {};
  const declared = Object.keys(workload.defaults ?? {});
  const options: Record<string, number> = {};
  for (const pair of String(value).split(",")) {
    const [key, text] = pair.split("=");
    const n = Number(text?.trim());
    if (
      !declared.includes(key?.trim()) || text === undefined ||
      !Number.isFinite(n) || text.trim() === ""
    ) {
      throw new UsageError(
        `--set ${quoteInput(pair)}: ${workload.name} takes ${
          declared.length === 0
            ? "no options"
            : declared.map((k) => `${k}=NUMBER`).join(", ")
        }`,
      );
    }
    options[key.trim()] = n;
  }
  return options;
}

/**
 * The live line: on a terminal, one line rewritten at each sample with
 * elapsed/remaining, RSS, fds, threads and restarts; otherwise one line a
 * tenth of the way.
 */
function liveLine(durationMs: number): {
  sample: (s: SoakSample, restarts: number) => void;
  say: (text: string) => void;
  done: () => void;
} {
  const terminal = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  let shown = 0;
  let drawn = false;
  const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
  return {
    sample(s, restarts) {
      const line = `${formatTime(s.tMs)} / ${formatTime(durationMs)}  rss ${
        (s.rssBytes / 1024 / 1024).toFixed(1)
      } MiB  heap ${
        (s.heapUsedBytes / 1024 / 1024).toFixed(1)
      } MiB  fds ${s.fds}  threads ${s.threads}  restarts ${restarts}`;
      if (terminal) {
        write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (s.tMs >= (shown + 1) * durationMs / 10) {
        shown = Math.floor((s.tMs * 10) / durationMs);
        write(`${line}\n`);
      }
    },
    say(text) {
      if (drawn) write("\r\x1b[2K");
      write(`${text}\n`);
    },
    done() {
      if (drawn) write("\r\x1b[2K");
    },
  };
}

function formatTime(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, "0")}m`
    : `${m}m${String(sec).padStart(2, "0")}s`;
}
