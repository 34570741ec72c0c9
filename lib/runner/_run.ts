/**
 * The runner: plan → measure in forks → analyse → one artifact. The order of
 * operations reads top to bottom in {@link runSuites}; `run.ts` loads this
 * file on the first call of `run`.
 *
 * @module
 */

import {
  type Artifact,
  caseId,
  type CaseRecord,
  type ComparisonRecord,
  type ForkRecord,
  type GroupRecord,
  MAX_FORKS,
  MAX_RESAMPLES,
  MAX_SAMPLES_PER_FORK,
  MAX_SAMPLES_PER_METRIC,
  type MetricRecord,
  type RunConfig,
  SCHEMA_VERSION,
  type SkippedRecord,
  type SweepRecord,
  UNIT_SEPARATOR,
  withoutSide,
} from "../artifact/mod.ts";
import {
  type ComparisonDesign,
  createRandom,
  DEFAULT_ALPHA,
  DEFAULT_LEVEL,
  DEFAULT_NOISE_THRESHOLD,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  describeRecording,
  permutation,
} from "../stats/mod.ts";
import { VERSION } from "../version.ts";
import { ENDING_SIGNALS } from "../_signals.ts";
import { assertIntegerInRange } from "./options.ts";
import {
  type AnalysisSettings,
  analyzeMetric,
  buildSweeps,
  comparisonRecord,
  judgeInterference,
  steadySegments,
  steadyStarts,
  steadyStateOf,
  steadyWarnings,
} from "./_records.ts";
import { captureEnvironment, loadAverage } from "./_environment.ts";
import {
  type ForkResult,
  type ForkSettings,
  measureForkHere,
} from "./_measure_fork_here.ts";
import { forkPermissionArgs, superviseForks } from "./_spawn_fork.ts";
import { installLeakTracker } from "./_leaks.ts";
import {
  BENCH_METRIC,
  declaredPairs,
  filterFunction,
  type Job,
  planJobs,
  planUnits,
} from "./_plan.ts";
import type { Suite } from "./suite.ts";
import type { RunOptions } from "./run.ts";

/**
 * Default forks per case. Five fresh processes let the hierarchical CI see
 * between-process variance (JIT tiering differs from process to process)
 * and give the fork-median test four degrees of freedom or more.
 */
export const DEFAULT_FORKS = 5;
/**
 * Default measuring time per fork per case, ms. With five forks a bench case
 * takes ~2.5 s, and a 300 ns function yields thousands of samples a fork.
 */
export const DEFAULT_TIME_MS = 500;
/** --quick: one fork of 150 ms, for smoke runs. */
export const QUICK_FORKS = 1;
/** See {@link QUICK_FORKS}. */
export const QUICK_TIME_MS = 150;
/**
 * How declared comparisons of bench cases are measured: in blocks
 * interleaved within the same forks (see `timeInterleaved`).
 */
export const DEFAULT_DESIGN = "interleaved";
/** Fewest samples per bench fork, whatever the budget. */
export const DEFAULT_MIN_SAMPLES = 10;
/**
 * Most samples a fork keeps of a metric: a bench fork stops timing there, an
 * experiment's fork keeps every k-th value past it (see `createThinner`).
 * Five forks at the bound are the most one metric's analysis reads
 * (`ANALYSIS_SAMPLE_LIMIT`), about 1.5 s of bootstrap here.
 */
export const DEFAULT_MAX_SAMPLES = 10_000;
/**
 * A bench fork may stop before its budget once the relative half-width of
 * its mean's CI is under 0.2%: by then the fork's own noise is far below the
 * spread between forks, and more samples would not narrow the case's CI.
 */
export const DEFAULT_PRECISION = 0.002;

/**
 * A fork's timeout unless the case sets one: four budgets (start-up,
 * calibration and the heap probe come on top of the measuring time) plus
 * 30 s, so that a function taking a second per call still gets its ten
 * samples.
 */
export function defaultTimeoutMs(timeMs: number): number {
  return timeMs * 4 + 30_000;
}

/**
 * What {@link run} does, loaded on its first call (see `run.ts`): plan,
 * measure in forks, analyse, and build the artifact.
 *
 * @param suites the suites to run
 * @param options forks, time, filter, seed, statistics, baseline, progress
 * @returns the artifact
 * @throws {RangeError} on bad options; {@link TypeError} on suites that
 *   cannot be planned; an `Error` named `ForkPermissionError`, before
 *   anything runs, when forks cannot be given exactly the permissions they
 *   need (see the README's "Permissions")
 */
export async function runSuites(
  suites: readonly Suite[],
  options: RunOptions = {},
): Promise<Artifact> {
  const config = resolveConfig(options);
  if ((options.kind === "revs") !== (options.revisions !== undefined)) {
    throw new RangeError(
      'a "revs" run records its two revisions, and only a "revs" run does: ' +
        `kind ${JSON.stringify(options.kind ?? "run")} with ` +
        `${options.revisions === undefined ? "no " : ""}revisions`,
    );
  }
  // Refused before anything runs when forks cannot get exactly what they need.
  const permissions = config.inProcess
    ? []
    : await forkPermissionArgs(options.forkAllowRun ?? false);
  const createdAt = new Date().toISOString();
  const environment = await captureEnvironment();
  // A revs run filters ids as they read on either side, without the side.
  const filtered = options.kind === "revs" ? withoutSide : undefined;
  const planned = planJobs(suites, options.filter, filtered);
  const measured = await measureJobs(
    planned,
    config,
    permissions,
    options.onProgress,
    options.pairs,
  );
  // Interrupted, a run records the cases with a finished fork, on the forks
  // they have; the others never ran. Uninterrupted, every case has one.
  const kept = planned.flatMap((_job, i) =>
    measured.results[i].length > 0 ? [i] : []
  );
  const jobs = kept.map((i) => planned[i]);
  const results = kept.map((i) => measured.results[i]);
  const groups = groupRecords(planned, measured.units, measured.results);
  const settings: AnalysisSettings = {
    level: config.level,
    resamples: config.resamples,
    seed: config.seed,
    alpha: config.alpha,
    noiseThreshold: config.noiseThreshold,
  };
  const cases = jobs.map((job, i) =>
    caseRecord(job, results[i], settings, config.maxSamples)
  );
  const comparisons = [
    ...declaredComparisons(jobs, cases, groups, settings, options.pairs),
    ...(options.baseline
      ? baselineComparisons(options.baseline, cases, settings)
      : []),
  ];
  const sweeps = declaredSweeps(suites, cases);
  environment.loadAverage.end = loadAverage();
  const passed = cases.filter((c) => c.status === "passed").length;
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: options.kind ?? "run",
    tool: { name: "looplab", version: VERSION },
    createdAt,
    command: options.command ?? [],
    environment,
    config,
    cases,
    comparisons,
    sweeps,
    groups,
    skipped: skippedRecords(suites, options.filter, filtered),
    revisions: options.revisions ?? null,
    added: [...(options.added ?? [])],
    removed: [...(options.removed ?? [])],
    schedule: measured.schedule,
    summary: { cases: cases.length, passed, failed: cases.length - passed },
    ...(measured.interrupted ? { interrupted: true } : {}),
  };
}

function resolveConfig(options: RunOptions): RunConfig {
  const quick = options.quick ?? false;
  const config: RunConfig = {
    forks: options.forks ?? (quick ? QUICK_FORKS : DEFAULT_FORKS),
    timeMs: options.timeMs ?? (quick ? QUICK_TIME_MS : DEFAULT_TIME_MS),
    quick,
    inProcess: options.inProcess ?? false,
    seed: options.seed ?? DEFAULT_SEED,
    minSamples: options.minSamples ?? DEFAULT_MIN_SAMPLES,
    maxSamples: options.maxSamples ?? DEFAULT_MAX_SAMPLES,
    precision: options.precision ?? DEFAULT_PRECISION,
    level: options.level ?? DEFAULT_LEVEL,
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    alpha: options.alpha ?? DEFAULT_ALPHA,
    noiseThreshold: options.noiseThreshold ?? DEFAULT_NOISE_THRESHOLD,
    filter: options.filter ?? null,
    design: options.design ?? DEFAULT_DESIGN,
  };
  if (config.design !== "interleaved" && config.design !== "paired-rounds") {
    throw new RangeError(
      `design must be "interleaved" or "paired-rounds", got ${
        JSON.stringify(config.design)
      }`,
    );
  }
  assertIntegerInRange(config.forks, "forks", 1);
  assertIntegerInRange(config.minSamples, "minSamples", 1);
  assertIntegerInRange(config.maxSamples, "maxSamples", 1);
  assertIntegerInRange(config.resamples, "resamples", 1);
  // What an artifact may carry: past it, the reader would refuse the run.
  for (
    const [what, value, most] of [
      ["forks", config.forks, MAX_FORKS],
      ["resamples", config.resamples, MAX_RESAMPLES],
      ["maxSamples", config.maxSamples, MAX_SAMPLES_PER_FORK],
    ] as const
  ) {
    if (value > most) {
      throw new RangeError(
        `${what} must be at most ${most}, what an artifact may record; got ${value}`,
      );
    }
  }
  if (!(config.timeMs > 0) || !Number.isFinite(config.timeMs)) {
    throw new RangeError(
      `time must be a positive number of ms, got ${config.timeMs}`,
    );
  }
  if (!(config.precision >= 0 && config.precision < 1)) {
    throw new RangeError(
      `precision must be in [0, 1), got ${config.precision}`,
    );
  }
  if (!Number.isInteger(config.seed)) {
    throw new RangeError(`seed must be an integer, got ${config.seed}`);
  }
  // Many forks share the bound on a metric's samples: each keeps fewer.
  config.maxSamples = Math.min(
    config.maxSamples,
    Math.floor(MAX_SAMPLES_PER_METRIC / config.forks),
  );
  return config;
}

/**
 * Runs every fork of every job. Forks go in rounds — fork 1 of every job,
 * then fork 2 … — so that declared comparisons interleave (A B A B …) and
 * slow drift of the machine falls on every case alike. A job whose fork
 * fails runs no more forks. SIGINT or SIGTERM while it runs ends the running
 * fork at once (in-process: after the running case) and the run with it; the
 * interrupted fork's result is not kept.
 */
async function measureJobs(
  jobs: Job[],
  config: RunConfig,
  permissions: readonly string[],
  onProgress: RunOptions["onProgress"],
  pairs: RunOptions["pairs"],
): Promise<
  {
    results: ForkResult[][];
    units: number[][];
    schedule: string[][];
    interrupted: boolean;
  }
> {
  const results: ForkResult[][] = jobs.map(() => []);
  const schedule: string[][] = [];
  const units = planUnits(
    jobs,
    config.design === "interleaved",
    pairs,
  );
  const tracker = config.inProcess ? installLeakTracker() : null;
  const forks = tracker ? null : superviseForks(permissions);
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    forks?.killAll();
  };
  for (const signal of ENDING_SIGNALS) {
    Deno.addSignalListener(signal, interrupt);
  }
  try {
    await measureRounds(
      jobs,
      units,
      config,
      onProgress,
      results,
      schedule,
      async (members, s) => {
        if (interrupted) return null;
        const result = tracker
          ? await measureForkHere(members, s, tracker)
          : await forks!.spawn(members, s);
        return interrupted ? null : result;
      },
    );
  } finally {
    // Before anything is written: the atomic write has listeners of its own.
    for (const signal of ENDING_SIGNALS) {
      Deno.removeSignalListener(signal, interrupt);
    }
    await forks?.close();
  }
  return { results, units, schedule, interrupted };
}

/**
 * The rounds of {@link measureJobs}, filling `results`; stops when `measure`
 * returns null (interrupted). Each round runs every unit (a job, or a group
 * measured interleaved) once, in an order drawn afresh from the run's seed,
 * so that no case always follows the same neighbour; `schedule` gets each
 * round's order as it ran (the artifact's `schedule`). A unit of two
 * revisions' suites whose shared fork fails as a whole is measured again
 * member by member in that round, and apart from then on, so that each
 * failure is pinned on its own case (`units` is updated in place: the pair
 * is then analysed as paired rounds).
 */
async function measureRounds(
  jobs: Job[],
  units: number[][],
  config: RunConfig,
  onProgress: RunOptions["onProgress"],
  results: ForkResult[][],
  schedule: string[][],
  measure: (
    members: Job[],
    settings: ForkSettings,
  ) => Promise<ForkResult[] | null>,
): Promise<void> {
  // Jobs that failed: a job that fails in one fork runs in no later one,
  // and its group goes on without it.
  const failed = new Set<number>();
  const started = performance.now();
  const total = jobs.length * config.forks;
  const random = createRandom(config.seed);
  let done = 0;
  // Units of two revisions' suites whose shared fork failed as a whole:
  // their members go on apart (in paired rounds).
  const split = new Set<number[]>();
  for (let fork = 0; fork < config.forks; fork++) {
    for (const unit of split) {
      units.splice(units.indexOf(unit), 1, ...unit.map((j) => [j]));
    }
    split.clear();
    const order = permutation(units.length, random);
    const ran: string[] = [];
    schedule.push(ran);
    for (const u of order) {
      const unit = units[u];
      const running = unit.filter((j) => !failed.has(j));
      done += unit.length - running.length;
      if (running.length === 0) continue;
      const members = running.map((j) => jobs[j]);
      const elapsedMs = performance.now() - started;
      const unitId = members.map((m) => m.id).join(UNIT_SEPARATOR);
      onProgress?.({
        type: "fork",
        id: unitId,
        fork,
        forks: config.forks,
        done,
        total,
        elapsedMs,
        remainingMs: done === 0 ? NaN : (elapsedMs / done) * (total - done),
      });
      // A group measures each member for the time one case would get.
      const budgetMs = config.timeMs * running.length;
      const settings: ForkSettings = {
        fork: { index: fork, count: config.forks },
        budgetMs,
        minSamples: config.minSamples,
        maxSamples: config.maxSamples,
        precision: config.precision,
        // A case's own timeout is per case: a group's fork runs them all.
        timeoutMs: Math.max(
          ...members.map((m) =>
            m.case.timeoutMs === undefined
              ? defaultTimeoutMs(budgetMs)
              : m.case.timeoutMs * running.length
          ),
        ),
        seed: random.nextUint32(),
      };
      let answer = await measure(members, settings);
      if (answer === null) return;
      ran.push(unitId);
      if (
        new Set(members.map((m) => m.suite)).size > 1 &&
        answer.every((result) => result.status === "failed")
      ) {
        // Two revisions' suites failed together in a shared fork (a
        // timeout, a leak, a throw while interleaved): whose failure it was
        // cannot be told there. Measure each alone, now and from now on.
        const apart: ForkResult[] = [];
        for (const member of members) {
          const alone = await measure([member], settings);
          if (alone === null) return;
          ran.push(member.id);
          apart.push(alone[0]);
        }
        answer = apart;
        split.add(unit);
      }
      const last = fork === config.forks - 1;
      running.forEach((j, m) => {
        const result = answer[m];
        // A round's order names members by their place in the whole group.
        if (result.interleaving && running.length < unit.length) {
          result.interleaving = {
            ...result.interleaving,
            order: result.interleaving.order.map((round) =>
              round.map((i) => unit.indexOf(running[i]))
            ),
          };
        }
        results[j].push(result);
        done++;
        if (result.status === "failed") failed.add(j);
        if (result.status === "failed" || last) {
          onProgress?.({
            type: "case",
            id: jobs[j].id,
            status: result.status,
            message: result.failure?.message ?? "",
          });
        }
      });
    }
  }
}

function caseRecord(
  job: Job,
  forks: ForkResult[],
  settings: AnalysisSettings,
  maxSamples: number,
): CaseRecord {
  const failedFork = forks.findIndex((f) => f.status === "failed");
  const passedForks = forks.filter((f) => f.status === "passed");
  const interference = judgeInterference(forks.map((f) => f.usage));
  const forkRecords = forks.map((f, index): ForkRecord => ({
    index,
    status: f.status,
    elapsedMs: f.elapsedMs,
    iterationsPerSample: f.bench?.iterationsPerSample ?? null,
    heapBytesPerIteration: f.bench?.heapBytesPerIteration ?? null,
    repetitions: f.repetitions ?? null,
    // A bench fork's time series: where it became steady (Barrett et al.).
    steadyState: job.case.kind === "bench" && f.status === "passed"
      ? steadyStateOf(f.metrics[BENCH_METRIC]?.samples ?? [])
      : null,
    interference: interference[index],
    clockCostNs: f.bench?.clockCostNs ?? null,
  }));
  const starts = steadyStarts(forkRecords);
  const failure = failedFork >= 0 ? forks[failedFork].failure : undefined;
  const metrics: MetricRecord[] = Object.entries(job.metrics).map(
    ([name, spec]) => {
      const samples = passedForks.map((f) => f.metrics[name]?.samples ?? []);
      const batches = passedForks
        .map((f) => f.bench?.iterationsPerSample)
        .filter((k): k is number => k !== undefined)
        .sort((x, y) => x - y);
      const clockCosts = passedForks
        .map((f) => f.bench?.clockCostNs)
        .filter((ns): ns is number => ns !== undefined)
        .sort((x, y) => x - y);
      // The centre reads each fork's steady segment (a fork with none, whole).
      const { analysis, warnings } = analyzeMetric(
        steadySegments(samples, starts),
        settings,
        {
          kind: job.case.kind,
          unit: spec.unit,
          iterationsPerSample: batches[batches.length >> 1],
          clockCostNs: clockCosts[clockCosts.length >> 1],
        },
      );
      warnings.push(
        ...steadyWarnings(
          forkRecords.filter((f) => f.status === "passed")
            .map((f) => f.steadyState),
        ),
      );
      // What the host did to a fork is the case's, said once: first metric.
      if (name === Object.keys(job.metrics)[0]) {
        interference.forEach((x, index) => {
          for (const reason of x?.reasons ?? []) {
            warnings.push(`fork ${index + 1} was disturbed: ${reason}`);
          }
        });
      }
      const recorded = passedForks.map((f, i) =>
        f.metrics[name]?.recorded ?? samples[i].length
      );
      const stride = passedForks.map((f) => f.metrics[name]?.stride ?? 1);
      const thinned = stride.some((k) => k > 1);
      if (thinned) {
        warnings.unshift(describeRecording(recorded, stride, maxSamples));
      }
      return {
        name,
        unit: spec.unit,
        direction: spec.direction,
        description: spec.description ?? null,
        samples,
        ...(thinned ? { recorded, stride } : {}),
        analysis,
        warnings,
      };
    },
  );
  return {
    id: job.id,
    suite: job.suite.name,
    case: job.case.name,
    kind: job.case.kind,
    description: job.case.description ?? null,
    params: job.params,
    status: failedFork >= 0 ? "failed" : "passed",
    failure: failure
      ? {
        kind: failure.kind,
        message: failure.message,
        detail: failure.detail ?? null,
        fork: failedFork,
      }
      : null,
    forks: forkRecords,
    metrics,
  };
}

function defaultMetric(c: CaseRecord): string {
  return c.kind === "bench" ? BENCH_METRIC : c.metrics[0]?.name ?? "";
}

function declaredComparisons(
  jobs: Job[],
  cases: CaseRecord[],
  groups: GroupRecord[],
  settings: AnalysisSettings,
  across: RunOptions["pairs"] = [],
): ComparisonRecord[] {
  const out: ComparisonRecord[] = [];
  for (const pair of declaredPairs(jobs, across)) {
    const base = cases[pair.base];
    const candidate = cases[pair.candidate];
    const group = groups.find((g) =>
      g.members.includes(base.id) && g.members.includes(candidate.id)
    );
    const design: ComparisonDesign = group === undefined
      ? { kind: "paired-rounds" }
      : {
        kind: "interleaved",
        blockSamples: group.blockSamples,
        fromRound: steadyRounds(base, candidate, group.blockSamples),
      };
    const record = comparisonRecord(
      base,
      candidate,
      pair.metric,
      "declared",
      settings,
      design,
    );
    if (record) out.push(record);
  }
  return out;
}

/**
 * Per fork, the first round in which both sides of an interleaved pair are
 * in their steady segment (0 when a side has none: all rounds count).
 */
function steadyRounds(
  base: CaseRecord,
  candidate: CaseRecord,
  blockSamples: number,
): number[] {
  const other = steadyStarts(candidate.forks);
  return steadyStarts(base.forks).map((from, i) =>
    Math.ceil(Math.max(from, other[i] ?? 0) / blockSamples)
  );
}

/**
 * The artifact's record of each group measured interleaved: its members,
 * block size, and each fork's seed and order of rounds.
 */
function groupRecords(
  jobs: Job[],
  units: number[][],
  results: ForkResult[][],
): GroupRecord[] {
  const out: GroupRecord[] = [];
  for (const unit of units) {
    if (unit.length < 2) continue;
    // A member that failed ran in no later fork: read each fork from any
    // member that ran in it.
    const forkCount = Math.max(...unit.map((j) => results[j].length));
    const forks: GroupRecord["forks"] = [];
    let blockSamples: number | undefined;
    for (let index = 0; index < forkCount; index++) {
      const shared = unit.map((j) => results[j][index]?.interleaving)
        .find((x) => x !== undefined);
      if (shared === undefined) continue;
      blockSamples ??= shared.blockSamples;
      forks.push({ index, seed: shared.seed, order: shared.order });
    }
    if (blockSamples === undefined) continue;
    out.push({ members: unit.map((j) => jobs[j].id), blockSamples, forks });
  }
  return out;
}

/**
 * The cases the suites declared but did not run, those the run's filter
 * keeps, as the planner keeps the cases it runs.
 */
function skippedRecords(
  suites: readonly Suite[],
  filter: string | undefined,
  filtered: (id: string) => string = (id) => id,
): SkippedRecord[] {
  const matches = filterFunction(filter);
  return suites.flatMap((suite) =>
    (suite.skipped ?? []).flatMap(({ name, reason }) => {
      const id = caseId(suite.name, name, {});
      return matches(filtered(id))
        ? [{ id, suite: suite.name, case: name, reason }]
        : [];
    })
  );
}

/**
 * Compares every case and metric of a run with the same case and metric of
 * a baseline artifact (unpaired: the two ran at different times). Cases
 * that failed on either side, or are missing from the baseline, are skipped.
 *
 * @param baseline the earlier artifact
 * @param cases the new run's cases
 * @param settings level, resamples, seed, alpha, noise threshold
 * @returns one comparison per shared passed case and metric
 *
 * @example
 * ```ts ignore
 * baselineComparisons(await readArtifact("main.json"), artifact.cases, settings);
 * ```
 */
export function baselineComparisons(
  baseline: Artifact,
  cases: CaseRecord[],
  settings: AnalysisSettings,
): ComparisonRecord[] {
  const out: ComparisonRecord[] = [];
  for (const candidate of cases) {
    const base = baseline.cases.find((c) => c.id === candidate.id);
    if (!base) continue;
    for (const metric of candidate.metrics) {
      const record = comparisonRecord(
        base,
        candidate,
        metric.name,
        "baseline",
        settings,
      );
      if (record) out.push(record);
    }
  }
  return out;
}

function declaredSweeps(
  suites: readonly Suite[],
  cases: CaseRecord[],
): SweepRecord[] {
  const out: SweepRecord[] = [];
  for (const suite of suites) {
    for (const spec of suite.sweeps ?? []) {
      const names = spec.case !== undefined
        ? [spec.case]
        : suite.cases.map((c) => c.name);
      for (const name of names) {
        const records = cases.filter((c) =>
          c.suite === suite.name && c.case === name
        );
        if (records.length === 0) continue;
        const metric = spec.metric ?? defaultMetric(records[0]);
        out.push(...buildSweeps(records, spec.param, metric));
      }
    }
  }
  return out;
}
