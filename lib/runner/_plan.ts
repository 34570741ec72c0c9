/**
 * Planning: suites → the list of jobs (one case under one combination of
 * parameter values), each with a stable id, filtered as the user asked.
 *
 * @module
 */

// case_id.ts alone, not artifact/mod.ts: forks load this file, and the
// artifact's reader brings its JSON Schema validator (Ajv) with it.
import type { CrossPair } from "./run.ts";
import { caseId } from "../artifact/case_id.ts";
import type { Case, MetricSpec, Params, ParamValue, Suite } from "./suite.ts";

/** One case under one combination of parameters. */
export interface Job {
  /** `suite/case` plus `[axis=value,…]` when the case has parameters. */
  id: string;
  /** The suite. */
  suite: Suite;
  /** The case. */
  case: Case;
  /** The parameter values. */
  params: Params;
  /** The metrics the job yields, by name. */
  metrics: Record<string, MetricSpec>;
}

/** A bench case yields one metric: time per call. */
export const BENCH_METRIC = "time";
/** Its spec: nanoseconds, smaller is better. */
export const BENCH_METRIC_SPEC: MetricSpec = {
  unit: "ns",
  direction: "smaller",
  description: "time per call",
};

/**
 * The id of a job: `suite/case[axis=value,…]`, the artifact's canonical
 * case id (names escaped where they would break it; see `caseId`).
 *
 * @param suite the suite's name
 * @param caseName the case's name
 * @param params the parameter values
 * @returns the id
 *
 * @example
 * ```ts
 * import { jobId } from "./_plan.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(jobId("timers", "sleep", { periodMs: 5 }), "timers/sleep[periodMs=5]");
 * ```
 */
export function jobId(suite: string, caseName: string, params: Params): string {
  return caseId(suite, caseName, params);
}

/**
 * Expands suites into jobs: each case once per combination of the suite's
 * and the case's parameter axes, in declaration order.
 *
 * @param suites the suites
 * @param filter keep jobs whose id contains this text, or matches it as a
 *   regular expression when written `/…/`
 * @param filtered what of an id the filter reads (a revs run's ids without
 *   their side, so that `/^timers\//` means the same as in a run)
 * @returns the jobs
 * @throws {TypeError} when two suites share a name
 *
 * @example
 * ```ts ignore
 * import { planJobs } from "./_plan.ts";
 * planJobs([suite], "sum").map((j) => j.id);
 * ```
 */
export function planJobs(
  suites: readonly Suite[],
  filter?: string,
  filtered: (id: string) => string = (id) => id,
): Job[] {
  const names = new Map<string, Suite>();
  for (const s of suites) {
    const first = names.get(s.name);
    if (first !== undefined) {
      const a = first.origin.project ?? first.origin.module;
      const b = s.origin.project ?? s.origin.module;
      throw new TypeError(
        `two suites are named "${s.name}": ${
          a === b ? `both from ${a}` : `one from ${a}, one from ${b}`
        }; a suite's name starts its case ids, so each must be unique`,
      );
    }
    names.set(s.name, s);
  }
  const matches = filterFunction(filter);
  const jobs: Job[] = [];
  for (const suite of suites) {
    for (const c of suite.cases) {
      const axes = { ...suite.params, ...c.params };
      for (const params of combinations(axes)) {
        const id = jobId(suite.name, c.name, params);
        if (!matches(filtered(id))) continue;
        jobs.push({
          id,
          suite,
          case: c,
          params,
          metrics: c.kind === "bench"
            ? { [BENCH_METRIC]: BENCH_METRIC_SPEC }
            : c.metrics,
        });
      }
    }
  }
  return jobs;
}

/**
 * The test a run's `--filter` puts to each case id: the id contains the
 * text, or matches it as a regular expression when written `/…/`.
 *
 * @param filter the filter; none or empty keeps every id
 * @returns whether an id is kept
 * @throws {TypeError} when a `/…/` filter is not a valid regular expression
 *
 * @example
 * ```ts
 * import { filterFunction } from "./_plan.ts";
 * import { assertEquals } from "@std/assert";
 * const keep = filterFunction("/^timers\\//");
 * assertEquals([keep("timers/sleep"), keep("net/timers/x")], [true, false]);
 * ```
 */
export function filterFunction(
  filter: string | undefined,
): (id: string) => boolean {
  if (filter === undefined || filter === "") return () => true;
  const regex = /^\/(.*)\/([a-z]*)$/.exec(filter);
  if (regex) {
    let pattern: RegExp;
    try {
      // Each id is tested on its own: with g or y, test() would resume at
      // the previous match's lastIndex and skip ids that match.
      pattern = new RegExp(regex[1], regex[2].replace(/[gy]/g, ""));
    } catch (error) {
      throw new TypeError(
        `--filter ${filter} is not a valid regular expression: ${
          (error as Error).message
        }`,
      );
    }
    return (id) => pattern.test(id);
  }
  return (id) => id.includes(filter);
}

/** Every combination of the axes' values, in declaration order. */
function combinations(
  axes: Record<string, readonly ParamValue[]>,
): Params[] {
  let result: Params[] = [{}];
  for (const [axis, values] of Object.entries(axes)) {
    const next: Params[] = [];
    for (const partial of result) {
      for (const value of values) next.push({ ...partial, [axis]: value });
    }
    result = next;
  }
  return result;
}

/** A declared comparison between two planned jobs. */
export interface DeclaredPair {
  /** Index of the base job. */
  base: number;
  /** Index of the candidate job. */
  candidate: number;
  /** The metric compared: "time" for bench cases, else the first metric. */
  metric: string;
}

/**
 * The declared comparisons among planned jobs: each suite's `comparisons`
 * and, with a `baseline`, every other case against it, for every
 * combination of parameters both sides were planned with; then the pairs
 * across suites given by case id (both sides planned).
 *
 * @param jobs the planned jobs
 * @param across pairs of case ids across suites (two revisions' cases)
 * @returns the pairs, in the suites' declaration order
 *
 * @example
 * ```ts ignore
 * declaredPairs(planJobs(suites)).map((p) => [p.base, p.candidate]);
 * ```
 */
export function declaredPairs(
  jobs: readonly Job[],
  across: readonly CrossPair[] = [],
): DeclaredPair[] {
  const out: DeclaredPair[] = [];
  const bySuite = new Map<Suite, number[]>();
  jobs.forEach((job, i) =>
    bySuite.set(job.suite, [...(bySuite.get(job.suite) ?? []), i])
  );
  for (const [suite, indices] of bySuite) {
    const specs = [...(suite.comparisons ?? [])];
    if (suite.baseline !== undefined) {
      for (const c of suite.cases) {
        if (c.name !== suite.baseline) {
          specs.push({ base: suite.baseline, candidate: c.name });
        }
      }
    }
    for (const spec of specs) {
      for (const base of indices) {
        if (jobs[base].case.name !== spec.base) continue;
        const params = JSON.stringify(jobs[base].params);
        const candidate = indices.find((i) =>
          jobs[i].case.name === spec.candidate &&
          JSON.stringify(jobs[i].params) === params
        );
        if (candidate === undefined) continue;
        const b = jobs[base].case;
        const metric = spec.metric ??
          (b.kind === "bench" ? BENCH_METRIC : Object.keys(b.metrics)[0] ?? "");
        out.push({ base, candidate, metric });
      }
    }
  }
  // Pairs across suites, by id: time for benches; for experiments every
  // metric both sides record (a revision may add or drop one).
  const byId = new Map(jobs.map((job, i) => [job.id, i]));
  for (const pair of across) {
    const base = byId.get(pair.base);
    const candidate = byId.get(pair.candidate);
    if (base === undefined || candidate === undefined) continue;
    const b = jobs[base].case;
    const c = jobs[candidate].case;
    const metrics = b.kind === "bench" || c.kind === "bench"
      ? (b.kind === c.kind ? [BENCH_METRIC] : [])
      : Object.keys(b.metrics).filter((metric) => metric in c.metrics);
    for (const metric of metrics) out.push({ base, candidate, metric });
  }
  return out;
}

/**
 * Groups jobs into what one fork measures: bench cases joined by declared
 * comparisons of their time are measured together, interleaved, in the same
 * forks, and so are pairs across suites marked `interleave` (two revisions'
 * cases whose modules can share a process); every other job alone.
 *
 * @param jobs the planned jobs
 * @param interleave whether declared bench comparisons are interleaved
 * @param across pairs of case ids across suites; those marked `interleave`
 *   are measured in one fork (when `interleave` is true)
 * @returns groups of job indices, each in plan order, ordered by their
 *   first job
 *
 * @example
 * ```ts ignore
 * planUnits(jobs, true); // [[0, 1, 2], [3], …]
 * ```
 */
export function planUnits(
  jobs: readonly Job[],
  interleave: boolean,
  across: readonly CrossPair[] = [],
): number[][] {
  const parent = jobs.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  if (interleave) {
    const together = across.filter((pair) => pair.interleave === true);
    for (const pair of declaredPairs(jobs, together)) {
      const bench = jobs[pair.base].case.kind === "bench" &&
        jobs[pair.candidate].case.kind === "bench" &&
        pair.metric === BENCH_METRIC;
      if (bench) parent[root(pair.candidate)] = root(pair.base);
    }
  }
  const groups = new Map<number, number[]>();
  jobs.forEach((_, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()].sort((x, y) => x[0] - y[0]);
}
