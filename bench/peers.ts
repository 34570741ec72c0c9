/**
 * `deno task bench:peers`: looplab, mitata, tinybench and `Deno.bench` on the
 * same three functions (sum 1..1000, `await Promise.resolve()`,
 * `setTimeout(0)`), each tool with its defaults, N times each as separate
 * processes in one sitting. Every round runs the four tools once in a
 * shuffled order, so the host's drift lands on all of them alike.
 *
 * Per workload and tool it prints the median of the runs' centres, the
 * centre spread (max/min − 1 of the runs' centres, the figure the README and
 * issue 13 quote; (max − min)/median beside it), and, for the tools that
 * report an interval, how many of the N intervals cover that median:
 * looplab's centre CI, tinybench's mean ± rme. mitata and `Deno.bench`
 * report no interval.
 *
 * Usage: `deno task bench:peers [--runs N] [--seed N] [--json]`.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { cpus } from "node:os";
import { createRandom, quantiles, type Random } from "../lib/stats/mod.ts";
import { WORKLOAD_NAMES, type WorkloadName } from "./_peers_workloads.ts";

/** The tools compared, in the order the table lists them. */
export const TOOLS = ["looplab", "mitata", "tinybench", "Deno.bench"] as const;

/** One of {@link TOOLS}. */
export type Tool = typeof TOOLS[number];

/** Runs per tool when `--runs` is not given: the issue's "eight separate runs". */
export const DEFAULT_RUNS = 8;

/** What one run of a tool reported for one workload, in nanoseconds per call. */
export interface Reading {
  /** The tool's headline centre. */
  centreNs: number;
  /** The tool's own interval around it, if it reports one. */
  interval?: { lowerNs: number; upperNs: number };
}

/** One run of one tool: a reading per workload it reported. */
export type RunReadings = Partial<Record<WorkloadName, Reading>>;

function parseJson(tool: string, stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch (error) {
    throw new Error(
      `${tool} output is not JSON (${(error as Error).message}): ${
        stdout.slice(0, 120)
      }`,
    );
  }
}

function isWorkload(name: unknown): name is WorkloadName {
  return WORKLOAD_NAMES.includes(name as WorkloadName);
}

function positive(tool: string, where: string, value: unknown): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new Error(
      `${tool} output: ${where} must be a positive number, got ${
        JSON.stringify(value)
      }`,
    );
  }
  return value;
}

function list(tool: string, where: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`${tool} output: ${where} must be an array`);
  }
  return value;
}

type Fields = Record<string, unknown>;

function fields(tool: string, where: string, value: unknown): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${tool} output: ${where} must be an object`);
  }
  return value as Fields;
}

/**
 * Reads looplab's artifact (`deno task bench … --json -`): each case's
 * `time` metric, its centre and the centre's CI.
 */
export function parseLooplab(stdout: string): RunReadings {
  const artifact = fields(
    "looplab",
    "the artifact",
    parseJson("looplab", stdout),
  );
  const readings: RunReadings = {};
  list("looplab", "cases", artifact.cases).forEach((entry, i) => {
    const record = fields("looplab", `cases[${i}]`, entry);
    if (!isWorkload(record.case) || record.status !== "passed") return;
    const metrics = list("looplab", `cases[${i}].metrics`, record.metrics);
    const time = metrics.map((m, j) =>
      fields("looplab", `cases[${i}].metrics[${j}]`, m)
    ).find((m) => m.name === "time");
    if (time === undefined) return;
    const where = `cases[${i}].metrics.time.analysis.centre`;
    const centre = fields(
      "looplab",
      where,
      fields("looplab", `cases[${i}].metrics.time.analysis`, time.analysis)
        .centre,
    );
    readings[record.case] = {
      centreNs: positive("looplab", `${where}.point`, centre.point),
      interval: {
        lowerNs: positive("looplab", `${where}.lower`, centre.lower),
        upperNs: positive("looplab", `${where}.upper`, centre.upper),
      },
    };
  });
  return readings;
}

/** Reads mitata's JSON format: each benchmark's `avg`, its headline figure. */
export function parseMitata(stdout: string): RunReadings {
  const output = fields("mitata", "the output", parseJson("mitata", stdout));
  const readings: RunReadings = {};
  list("mitata", "benchmarks", output.benchmarks).forEach((entry, i) => {
    const benchmark = fields("mitata", `benchmarks[${i}]`, entry);
    if (!isWorkload(benchmark.alias)) return;
    const runs = list("mitata", `benchmarks[${i}].runs`, benchmark.runs);
    const run = fields("mitata", `benchmarks[${i}].runs[0]`, runs[0]);
    if (run.error !== undefined) return;
    const stats = fields("mitata", `benchmarks[${i}].runs[0].stats`, run.stats);
    readings[benchmark.alias] = {
      centreNs: positive(
        "mitata",
        `benchmarks[${i}].runs[0].stats.avg`,
        stats.avg,
      ),
    };
  });
  return readings;
}

/**
 * Reads the tinybench peer's output (`_peers_tinybench.ts`): each task's
 * `latency.mean` (milliseconds) with its interval mean × (1 ± rme / 100).
 */
export function parseTinybench(stdout: string): RunReadings {
  const tasks = list("tinybench", "the output", parseJson("tinybench", stdout));
  const readings: RunReadings = {};
  tasks.forEach((entry, i) => {
    const task = fields("tinybench", `[${i}]`, entry);
    if (!isWorkload(task.name) || task.state !== "completed") return;
    const latency = fields("tinybench", `[${i}].latency`, task.latency);
    const meanNs = positive("tinybench", `[${i}].latency.mean`, latency.mean) *
      1e6;
    const rme = latency.rme;
    if (typeof rme !== "number" || !(rme >= 0) || !Number.isFinite(rme)) {
      throw new Error(
        `tinybench output: [${i}].latency.rme must be a number ≥ 0, got ${
          JSON.stringify(rme)
        }`,
      );
    }
    readings[task.name] = {
      centreNs: meanNs,
      interval: {
        lowerNs: meanNs * (1 - rme / 100),
        upperNs: meanNs * (1 + rme / 100),
      },
    };
  });
  return readings;
}

/** Reads `deno bench --json`: each bench's `results[0].ok.avg`, its headline. */
export function parseDenoBench(stdout: string): RunReadings {
  const output = fields(
    "Deno.bench",
    "the output",
    parseJson("Deno.bench", stdout),
  );
  const readings: RunReadings = {};
  list("Deno.bench", "benches", output.benches).forEach((entry, i) => {
    const bench = fields("Deno.bench", `benches[${i}]`, entry);
    if (!isWorkload(bench.name)) return;
    const results = list("Deno.bench", `benches[${i}].results`, bench.results);
    const result = fields("Deno.bench", `benches[${i}].results[0]`, results[0]);
    if (result.ok === undefined) return;
    const ok = fields("Deno.bench", `benches[${i}].results[0].ok`, result.ok);
    readings[bench.name] = {
      centreNs: positive(
        "Deno.bench",
        `benches[${i}].results[0].ok.avg`,
        ok.avg,
      ),
    };
  });
  return readings;
}

/** Each tool's parser. */
export const PARSERS: Record<Tool, (stdout: string) => RunReadings> = {
  looplab: parseLooplab,
  mitata: parseMitata,
  tinybench: parseTinybench,
  "Deno.bench": parseDenoBench,
};

function assertCentres(centres: readonly number[]): void {
  if (centres.length === 0) throw new RangeError("no centres to spread");
  for (const c of centres) {
    if (!(c > 0) || !Number.isFinite(c)) {
      throw new RangeError(`centres must be positive numbers, got ${c}`);
    }
  }
}

/**
 * The centre spread as the README and issue 13 quote it: max/min − 1 of the
 * runs' centres (0.25 = the slowest run's centre is 25% above the fastest's).
 */
export function centreSpread(centres: readonly number[]): number {
  assertCentres(centres);
  return Math.max(...centres) / Math.min(...centres) - 1;
}

/** The median of the runs' centres (linear interpolation between the middle two). */
export function medianCentre(centres: readonly number[]): number {
  assertCentres(centres);
  return quantiles(centres, [0.5])[0];
}

/** The range of the runs' centres over their median: (max − min) / median. */
export function rangeOverMedian(centres: readonly number[]): number {
  return (Math.max(...centres) - Math.min(...centres)) / medianCentre(centres);
}

/** How many of the runs' intervals contain `target` (ends included). */
export function coverage(readings: readonly Reading[], target: number): {
  covered: number;
  intervals: number;
} {
  let covered = 0, intervals = 0;
  for (const { interval } of readings) {
    if (interval === undefined) continue;
    intervals++;
    if (interval.lowerNs <= target && target <= interval.upperNs) covered++;
  }
  return { covered, intervals };
}

/** One line of the table: one tool on one workload over the runs. */
export interface PeerRow {
  workload: WorkloadName;
  tool: Tool;
  /** Runs that gave this workload a reading. */
  runs: number;
  /** Each run's centre, in run order. */
  centresNs: number[];
  medianNs: number;
  /** max/min − 1 of the centres. */
  spread: number;
  /** (max − min)/median of the centres. */
  rangeOverMedian: number;
  /** Intervals containing the median of centres, of those reported. */
  covered: number;
  intervals: number;
}

/** The rows for every workload and tool that has at least one reading. */
export function peerRows(
  runsByTool: Readonly<Record<Tool, readonly RunReadings[]>>,
): PeerRow[] {
  const rows: PeerRow[] = [];
  for (const workload of WORKLOAD_NAMES) {
    for (const tool of TOOLS) {
      const readings = runsByTool[tool].flatMap((run) => {
        const reading = run[workload];
        return reading === undefined ? [] : [reading];
      });
      if (readings.length === 0) continue;
      const centresNs = readings.map((r) => r.centreNs);
      const medianNs = medianCentre(centresNs);
      rows.push({
        workload,
        tool,
        runs: readings.length,
        centresNs,
        medianNs,
        spread: centreSpread(centresNs),
        rangeOverMedian: rangeOverMedian(centresNs),
        ...coverage(readings, medianNs),
      });
    }
  }
  return rows;
}

/** A Fisher–Yates shuffle of the tools: one round's order. */
export function roundOrder(random: Random): Tool[] {
  const order = [...TOOLS];
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The parsed command line of bench:peers. */
export interface PeersArgs {
  runs: number;
  seed: number;
  json: boolean;
}

/**
 * Parses `--runs N`, `--seed N` and `--json`; `seed` defaults to
 * `randomSeed`, so a run prints the seed that repeats its order.
 */
export function parsePeersArgs(
  args: readonly string[],
  randomSeed: number,
): PeersArgs {
  const flags = parseArgs([...args], {
    string: ["runs", "seed"],
    boolean: ["json"],
    unknown: (arg: string) => {
      throw new Error(
        `bench:peers: unknown argument ${JSON.stringify(arg)}; ` +
          "usage: [--runs N] [--seed N] [--json]",
      );
    },
  });
  const integer = (
    flag: string,
    text: string | undefined,
    fallback: number,
  ) => {
    if (text === undefined) return fallback;
    const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new Error(
        `bench:peers: ${flag} must be a whole number ≥ 1, got ${
          JSON.stringify(text)
        }`,
      );
    }
    return n;
  };
  return {
    runs: integer("--runs", flags.runs, DEFAULT_RUNS),
    seed: integer("--seed", flags.seed, randomSeed),
    json: flags.json,
  };
}

/** Nanoseconds for the table: one decimal below 1 µs, whole ns above. */
export function formatNs(ns: number): string {
  return ns < 1000
    ? `${ns.toFixed(1)} ns`
    : `${Math.round(ns).toLocaleString("en-US")} ns`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

const WORKLOAD_LABELS: Record<WorkloadName, string> = {
  sum: "sum 1..1000",
  await: "await Promise.resolve()",
  timeout: "setTimeout(0)",
};

/** The table, one line per workload and tool, columns aligned. */
export function formatRows(rows: readonly PeerRow[]): string {
  const header = [
    "workload",
    "tool",
    "runs",
    "median of centres",
    "centres min … max",
    "spread (max/min−1)",
    "(max−min)/median",
    "own interval covers median",
  ];
  const lines = rows.map((row) => [
    WORKLOAD_LABELS[row.workload],
    row.tool,
    String(row.runs),
    formatNs(row.medianNs),
    `${formatNs(Math.min(...row.centresNs))} … ${
      formatNs(Math.max(...row.centresNs))
    }`,
    percent(row.spread),
    percent(row.rangeOverMedian),
    row.intervals === 0 ? "no interval" : `${row.covered}/${row.intervals}`,
  ]);
  const widths = header.map((h, c) =>
    Math.max(h.length, ...lines.map((line) => line[c].length))
  );
  const render = (cells: string[]) =>
    cells.map((cell, c) =>
      c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])
    )
      .join("  ").trimEnd();
  return [render(header), ...lines.map(render)].join("\n");
}

/** How each tool is started, from the repository root. */
function commandOf(tool: Tool): string[] {
  switch (tool) {
    case "looplab":
      return ["task", "bench", "bench/_peers_suite.ts", "--json", "-"];
    case "mitata":
      // --allow-sys: mitata names the CPU in its context.
      return ["run", "--allow-sys", "bench/_peers_mitata.ts"];
    case "tinybench":
      return ["run", "bench/_peers_tinybench.ts"];
    case "Deno.bench":
      return ["bench", "--json", "bench/_peers_deno_bench.ts"];
  }
}

interface RunOutcome {
  readings?: RunReadings;
  failure?: string;
  seconds: number;
}

async function runTool(tool: Tool, root: string): Promise<RunOutcome> {
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: commandOf(tool),
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const stdout = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    const lines = new TextDecoder().decode(output.stderr).trim().split("\n");
    const reason = lines.find((line) => /error/i.test(line)) ?? lines.at(-1);
    return { failure: `exit ${output.code}: ${reason}`, seconds };
  }
  try {
    return { readings: PARSERS[tool](stdout), seconds };
  } catch (error) {
    return { failure: (error as Error).message, seconds };
  }
}

async function main(args: readonly string[]): Promise<number> {
  let parsed: PeersArgs;
  try {
    parsed = parsePeersArgs(
      args,
      crypto.getRandomValues(new Uint32Array(1))[0],
    );
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const root = new URL("..", import.meta.url).pathname;
  const cpuList = cpus();
  const machine = {
    cpu: cpuList[0]?.model ?? "unknown",
    cores: cpuList.length,
    loadavgStart: Deno.loadavg(),
  };
  const startedAt = new Date().toISOString();
  const random = createRandom(parsed.seed);
  const runsByTool: Record<Tool, RunReadings[]> = {
    looplab: [],
    mitata: [],
    tinybench: [],
    "Deno.bench": [],
  };
  const secondsByTool: Record<Tool, number[]> = {
    looplab: [],
    mitata: [],
    tinybench: [],
    "Deno.bench": [],
  };
  const failures: { round: number; tool: Tool; reason: string }[] = [];
  const wallStart = performance.now();
  for (let round = 1; round <= parsed.runs; round++) {
    for (const tool of roundOrder(random)) {
      const outcome = await runTool(tool, root);
      secondsByTool[tool].push(outcome.seconds);
      if (outcome.readings !== undefined) {
        runsByTool[tool].push(outcome.readings);
      } else {
        failures.push({ round, tool, reason: outcome.failure ?? "" });
      }
      console.error(
        `round ${round}/${parsed.runs}: ${tool} ${
          outcome.failure === undefined ? "done" : "FAILED"
        } in ${outcome.seconds.toFixed(1)} s`,
      );
    }
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const rows = peerRows(runsByTool);
  const loadavgEnd = Deno.loadavg();
  const medianSeconds = Object.fromEntries(
    TOOLS.map((tool) => [tool, medianCentre(secondsByTool[tool])]),
  );
  if (parsed.json) {
    console.log(JSON.stringify(
      {
        machine: { ...machine, loadavgEnd },
        startedAt,
        deno: Deno.version.deno,
        runs: parsed.runs,
        seed: parsed.seed,
        wallSeconds,
        medianSecondsPerRun: medianSeconds,
        rows,
        failures,
      },
      null,
      2,
    ));
  } else {
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    console.log(
      [
        `bench:peers — ${parsed.runs} runs per tool, separate processes, ` +
        `shuffled order per round (seed ${parsed.seed})`,
        `machine: ${machine.cpu}, ${machine.cores} cores; load ${
          load(machine.loadavgStart)
        } at start, ${load(loadavgEnd)} at end`,
        `started: ${startedAt}  Deno ${Deno.version.deno}`,
        "",
        formatRows(rows),
        "",
        "centre: looplab its centre (median), mitata avg, tinybench mean, " +
        "Deno.bench avg; interval: looplab its centre CI, tinybench mean ± rme",
        `seconds per run (median): ${
          TOOLS.map((t) => `${t} ${medianSeconds[t].toFixed(1)}`).join(", ")
        }`,
        `wall time: ${wallSeconds.toFixed(1)} s`,
        ...failures.map((f) =>
          `failed: round ${f.round} ${f.tool}: ${f.reason}`
        ),
      ].join("\n"),
    );
  }
  return failures.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
