/**
 * The suite model: what a user writes to declare an experiment. Suites
 * declare cases; they never time, print or write files themselves.
 *
 * A suite must be rebuilt inside each fork (a fresh Deno process), so it
 * remembers where it came from: the module that defined it (read from the
 * call stack, or given), and for suites made by a factory, the factory's
 * name and the JSON options it was called with.
 *
 * @module
 */

import type { SkipReason } from "../artifact/types.ts";
import type { Direction } from "../stats/mod.ts";
import type { BenchFunction } from "../measure/mod.ts";
import type { LagProbe } from "../measure/mod.ts";
import { repeatedValue } from "./options.ts";

/** A parameter value: what an axis holds. */
export type ParamValue = string | number | boolean;
/** One combination of parameter values. */
export type Params = Record<string, ParamValue>;

/** A named series a case yields. */
export interface MetricSpec {
  /** Unit of the values: "ns", "ms", "count", "bytes", "ops/s", … */
  unit: string;
  /** Which way is better. */
  direction: Direction;
  /** One line for reports. */
  description?: string;
}

/** The context an experiment records its observations through. */
export interface ExperimentContext {
  /** This run's parameter values. */
  readonly params: Params;
  /** Aborted when the case's timeout expires; stop promptly when it is. */
  readonly signal: AbortSignal;
  /** Which fork this is (0-based) and how many there are. */
  readonly fork: { index: number; count: number };
  /** Records one value of a declared metric. */
  record(metric: string, value: number): void;
  /**
   * Records, in the metric's time unit, the time from when an operation was
   * meant to start (a `performance.now()` reading) until now. Measuring
   * from the intended start, not the actual one, keeps a stall visible in
   * every operation it delayed (coordinated omission).
   */
  recordSince(metric: string, intendedStartMs: number): number;
  /** Starts an event-loop lag probe ticking every `intervalMs`. */
  startLagProbe(intervalMs: number): LagProbe;
}

/** A case the harness times per call. */
export interface BenchCase {
  /** Discriminant. */
  kind: "bench";
  /** Unique within the suite. */
  name: string;
  /** One line for reports. */
  description?: string;
  /**
   * Builds the function to time from the parameters (setup, not timed).
   * The returned function may be sync or async.
   */
  build: (params: Params) => BenchFunction | Promise<BenchFunction>;
  /** Releases what `build` acquired (not timed). */
  teardown?: (params: Params) => void | Promise<void>;
  /** Extra parameter axes for this case only. */
  params?: Record<string, readonly ParamValue[]>;
  /** Per-fork timeout in ms. @default budget × 4 + 30 s */
  timeoutMs?: number;
  /**
   * Calls each fork times, instead of the time budget (`Deno.bench`'s `n`):
   * exactly this many, a call per sample, when a call fills a sample; for a
   * faster function timed in batches, at least this many (a suggestion, as
   * in `deno bench`). At most the run's `maxSamples` samples.
   */
  calls?: number;
  /** Untimed calls in each fork before timing (`Deno.bench`'s `warmup`). */
  warmupCalls?: number;
}

/** A case that records its own observations. */
export interface ExperimentCase {
  /** Discriminant. */
  kind: "experiment";
  /** Unique within the suite. */
  name: string;
  /** One line for reports. */
  description?: string;
  /** The metrics it records, by name. */
  metrics: Record<string, MetricSpec>;
  /** One repetition of the experiment. */
  run: (context: ExperimentContext) => void | Promise<void>;
  /** Runs before the first repetition in each fork (not timed). */
  setup?: (params: Params) => void | Promise<void>;
  /** Runs after the last repetition in each fork (not timed). */
  teardown?: (params: Params) => void | Promise<void>;
  /** Extra parameter axes for this case only. */
  params?: Record<string, readonly ParamValue[]>;
  /** Repetitions per fork: at least `min`, then more while budget lasts. */
  repetitions?: { min?: number; max?: number };
  /**
   * Can be soaked (`soak SUITE/CASE`): in a soak its run repeats, with the
   * first combination of its parameters, for as long as the soak lasts,
   * each repetition one of the soak's "operations".
   */
  soak?: boolean;
  /** Per-fork timeout in ms. @default budget × 4 + 30 s */
  timeoutMs?: number;
}

/** Either kind of case. */
export type Case = BenchCase | ExperimentCase;

/** A declared comparison: candidate vs base on one metric. */
export interface ComparisonSpec {
  /** The reference case's name. */
  base: string;
  /** The case compared with it. */
  candidate: string;
  /** The metric. @default "time" for bench cases, else the first metric */
  metric?: string;
}

/** A declared sweep: a case's metric analysed as a curve over one axis. */
export interface SweepSpec {
  /** The parameter that varies (numeric). */
  param: string;
  /** Which case (all cases when omitted). */
  case?: string;
  /** The metric. @default as for comparisons */
  metric?: string;
}

/** What a user writes. */
export interface SuiteDefinition {
  /** Unique among the suites of a run, e.g. "timers/tick_policies". */
  name: string;
  /** One line for reports and `list`. */
  description?: string;
  /** Parameter axes: every case runs once per combination. */
  params?: Record<string, readonly ParamValue[]>;
  /** The cases. */
  cases: Case[];
  /** Comparisons to report. */
  comparisons?: ComparisonSpec[];
  /** Compare every other case with this one. */
  baseline?: string;
  /** Sweeps to analyse. */
  sweeps?: SweepSpec[];
  /**
   * Runs once in each fork before anything else, outside the time budget
   * and the leak check: for state a module builds at its top level and
   * keeps for the fork's life (what a `Deno.bench` file's top-level code
   * opens stays open until the fork exits, as under `deno bench`).
   */
  load?: () => Promise<void>;
  /**
   * Cases declared but not run, with the reason ("ignored": the case asked
   * to be skipped; "not only": another case is marked only), so that the
   * artifact and reports say they were left out instead of losing them.
   */
  skipped?: { name: string; reason: SkipReason }[];
  /** Runs in each fork before the case (not timed). */
  setup?: (params: Params) => void | Promise<void>;
  /** Runs in each fork after the case (not timed). */
  teardown?: (params: Params) => void | Promise<void>;
}

/** Where a suite can be rebuilt from, inside a fork. */
export interface SuiteOrigin {
  /** URL of the module that defines (and exports) the suite or factory. */
  module: string;
  /** The factory's name, for suites made by {@link defineSuiteFactory}. */
  factory?: string;
  /** The options the factory was called with (JSON). */
  options?: unknown;
  /**
   * The user's module the suite runs, when not `module` itself (a
   * `Deno.bench` file run through looplab's factory): forks resolve imports
   * with the configuration of its project.
   */
  project?: string;
}

/**
 * Marks suites. A registered symbol, so that a suite made by one copy of
 * looplab is recognised by another (a fork may load the package twice).
 */
export const SUITE: unique symbol = Symbol.for("looplab.suite");
/** Marks suite factories; see {@link SUITE}. */
export const FACTORY: unique symbol = Symbol.for("looplab.suiteFactory");

/** A suite, ready to run. */
export interface Suite extends SuiteDefinition {
  /** Where forks rebuild it from. */
  readonly origin: SuiteOrigin;
  /** Marks the object as a suite across module copies. */
  readonly [SUITE]: true;
}

/** A function that makes suites from options, rebuildable in forks. */
export type SuiteFactory<O> = ((options?: O) => Suite) & {
  readonly [FACTORY]: { name: string; module: string };
};

/**
 * Declares a bench case: `build` returns the function to time.
 *
 * @param name unique within the suite
 * @param build makes the timed function from the parameters
 * @param options description, teardown, case-only axes, timeout
 * @returns the case
 *
 * @example
 * ```ts
 * import { bench } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * const sum = bench("sum", ({ n }) => () => {
 *   let s = 0;
 *   for (let i = 1; i <= Number(n); i++) s += i;
 *   return s;
 * });
 * assertEquals(sum.kind, "bench");
 * const timed = await sum.build({ n: 3 }); // what the harness times
 * assertEquals(timed(), 6);
 * ```
 */
export function bench(
  name: string,
  build: BenchCase["build"],
  options: Omit<BenchCase, "kind" | "name" | "build"> = {},
): BenchCase {
  return { kind: "bench", name, build, ...options };
}

/**
 * Declares an experiment case that records its own metrics.
 *
 * @param name unique within the suite
 * @param metrics the metrics it records
 * @param run one repetition
 * @param options description, setup, teardown, axes, repetitions, timeout
 * @returns the case
 *
 * @example
 * ```ts
 * import { experiment } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * const lateness = experiment(
 *   "timeout-lateness",
 *   { lateness: { unit: "ms", direction: "smaller" } },
 *   async (ctx) => {
 *     const due = performance.now() + 5;
 *     await new Promise((r) => setTimeout(r, 5));
 *     ctx.recordSince("lateness", due);
 *   },
 * );
 * assertEquals(lateness.kind, "experiment");
 * assertEquals(Object.keys(lateness.metrics), ["lateness"]);
 * ```
 */
export function experiment(
  name: string,
  metrics: Record<string, MetricSpec>,
  run: ExperimentCase["run"],
  options: Omit<ExperimentCase, "kind" | "name" | "metrics" | "run"> = {},
): ExperimentCase {
  return { kind: "experiment", name, metrics, run, ...options };
}

/**
 * Makes a suite from its definition. The defining module is read from the
 * call stack; pass `module` (usually `import.meta.url`) when the suite is
 * defined through a helper in another module. The suite must be exported
 * from that module so that forks can import it.
 *
 * @param definition name, cases, axes, comparisons, sweeps, hooks
 * @param module the URL of the module that exports the suite
 * @returns the suite
 * @throws {TypeError} on a definition that cannot run (no cases, duplicate
 *   names, a comparison naming an unknown case, a parameter value that is
 *   not a string, number or boolean, …)
 * @throws {RangeError} on a parameter value of NaN or ±Infinity
 *
 * @example
 * ```ts
 * import { bench, defineSuite } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * export const suite = defineSuite({
 *   name: "example",
 *   cases: [bench("noop", () => () => {})],
 * });
 * // Forks import the suite again from the module that defined it.
 * assertEquals(suite.origin.module, import.meta.url);
 * ```
 */
export function defineSuite(
  definition: SuiteDefinition,
  module: string = callerModule(),
): Suite {
  validateDefinition(definition);
  return { ...definition, origin: { module }, [SUITE]: true };
}

/**
 * Makes a suite factory: a function from options to a suite, which forks can
 * call again with the same options. Options must survive JSON.
 *
 * @param name the factory's name, unique within its module
 * @param make builds the definition from the options
 * @param module the URL of the module that exports the factory
 * @returns the factory
 *
 * @example
 * ```ts
 * import { bench, defineSuiteFactory } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * export const sums = defineSuiteFactory(
 *   "sums",
 *   (options: { n?: number[] } = {}) => ({
 *     name: "sums",
 *     params: { n: options.n ?? [100, 1000] },
 *     cases: [bench("loop", ({ n }) => () => Number(n) * 2)],
 *   }),
 * );
 * const suite = sums({ n: [10] });
 * assertEquals(suite.params, { n: [10] });
 * // What a fork needs to call the factory again with the same options.
 * assertEquals(suite.origin, {
 *   module: import.meta.url,
 *   factory: "sums",
 *   options: { n: [10] },
 * });
 * ```
 */
export function defineSuiteFactory<O>(
  name: string,
  make: (options?: O) => SuiteDefinition,
  module: string = callerModule(),
): SuiteFactory<O> {
  const factory = (options?: O): Suite => {
    const json = options === undefined ? undefined : JSON.stringify(options);
    if (options !== undefined && json === undefined) {
      throw new TypeError(`options of suite factory "${name}" must be JSON`);
    }
    const definition = make(
      json === undefined ? undefined : JSON.parse(json) as O,
    );
    validateDefinition(definition);
    return {
      ...definition,
      origin: {
        module,
        factory: name,
        options: json === undefined ? undefined : JSON.parse(json),
      },
      [SUITE]: true,
    };
  };
  return Object.assign(factory, { [FACTORY]: { name, module } });
}

/**
 * Whether a value is a suite made by {@link defineSuite} or a factory.
 *
 * @param value anything
 * @returns true for suites
 *
 * @example
 * ```ts
 * import { isSuite } from "./suite.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(isSuite({}), false);
 * ```
 */
export function isSuite(value: unknown): value is Suite {
  return typeof value === "object" && value !== null &&
    (value as Record<symbol, unknown>)[SUITE] === true;
}

/**
 * The suites a module exports, as `run` takes them: each suite, and each
 * suite factory called with its defaults; a value exported under two names
 * counts once.
 *
 * @param exports the module's exports
 * @returns the suites, in export order
 * @throws {Error} when a factory cannot make a suite with its defaults,
 *   naming the export
 *
 * @example
 * ```ts
 * import { bench, defineSuite, exportedSuites } from "./suite.ts";
 * import { assertEquals } from "@std/assert";
 * const sums = defineSuite({ name: "sums", cases: [bench("loop", () => () => 1)] });
 * assertEquals(exportedSuites({ sums, total: sums, n: 3 }), [sums]);
 * ```
 */
export function exportedSuites(exports: Record<string, unknown>): Suite[] {
  const seen = new Set<unknown>();
  const suites: Suite[] = [];
  for (const [name, value] of Object.entries(exports)) {
    if (seen.has(value)) continue;
    seen.add(value);
    if (isSuite(value)) suites.push(value);
    else if (typeof value === "function" && FACTORY in value) {
      try {
        suites.push((value as unknown as () => Suite)());
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        throw new Error(
          `its export ${name}, a suite factory, cannot make a suite with ` +
            `its defaults: ${e.message}`,
          { cause: e },
        );
      }
    }
  }
  return suites;
}

/**
 * Rebuilds a suite from its origin: imports the module and finds the
 * exported suite by name, or the exported factory by name and calls it with
 * the recorded options.
 *
 * @param origin where the suite came from
 * @param name the suite's name
 * @returns the suite
 * @throws {Error} when the module does not export it
 *
 * @example
 * ```ts ignore
 * import { loadSuite } from "@looplab/looplab";
 * const suite = await loadSuite({ module: "file:///x/suite.ts" }, "example");
 * ```
 */
export async function loadSuite(
  origin: SuiteOrigin,
  name: string,
): Promise<Suite> {
  const exports = await import(origin.module) as Record<string, unknown>;
  for (const value of Object.values(exports)) {
    if (origin.factory !== undefined) {
      const info = typeof value === "function"
        ? (value as Partial<SuiteFactory<unknown>>)[FACTORY]
        : undefined;
      if (info?.name === origin.factory) {
        const suite = (value as SuiteFactory<unknown>)(origin.options);
        if (suite.name === name) return suite;
      }
    } else if (isSuite(value) && value.name === name) {
      return value;
    }
  }
  const what = origin.factory !== undefined
    ? `a suite factory "${origin.factory}" making suite "${name}"`
    : `a suite named "${name}"`;
  throw new Error(
    `${origin.module} does not export ${what}; forks import suites from ` +
      "their module, so the suite (or its factory) must be exported",
  );
}

/**
 * The URL of the first stack frame outside this module and the modules
 * given: the module that called a `define…` function, which forks import
 * again to rebuild what it defined.
 *
 * @param within modules whose frames are skipped too (the caller's own)
 * @returns the URL
 * @throws {TypeError} when no frame is outside them
 *
 * @example
 * ```ts
 * import { callerModule } from "./suite.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(callerModule(), import.meta.url);
 * ```
 */
export function callerModule(...within: string[]): string {
  const self = import.meta.url;
  const stack = new Error().stack ?? "";
  for (
    const match of stack.matchAll(/((?:file|https?|jsr|npm):[^\s)]+?):\d+:\d+/g)
  ) {
    if (match[1] !== self && !within.includes(match[1])) return match[1];
  }
  throw new TypeError(
    "could not tell which module defines this; pass import.meta.url",
  );
}

function validateDefinition(definition: SuiteDefinition): void {
  const where = `suite "${definition.name}"`;
  if (typeof definition.name !== "string" || definition.name === "") {
    throw new TypeError("a suite needs a non-empty name");
  }
  if (!Array.isArray(definition.cases) || definition.cases.length === 0) {
    throw new TypeError(`${where} has no cases`);
  }
  const names = new Set<string>();
  for (const c of definition.cases) {
    if (c.kind !== "bench" && c.kind !== "experiment") {
      throw new TypeError(`${where}: a case must be a bench or an experiment`);
    }
    if (names.has(c.name)) {
      throw new TypeError(`${where} has two cases named "${c.name}"`);
    }
    names.add(c.name);
    if (c.kind === "bench") {
      for (const field of ["calls", "warmupCalls"] as const) {
        const n = c[field];
        if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) {
          throw new RangeError(
            `${where}, case "${c.name}": ${field} must be a whole number ` +
              `of calls, 0 or more, got ${n}`,
          );
        }
      }
    }
  }
  const known = (name: string, field: string): void => {
    if (!names.has(name)) {
      throw new TypeError(
        `${where}: ${field} names case "${name}", which the suite does not have`,
      );
    }
  };
  definition.comparisons?.forEach((c, i) => {
    known(c.base, `comparisons[${i}].base`);
    known(c.candidate, `comparisons[${i}].candidate`);
  });
  if (definition.baseline !== undefined) known(definition.baseline, "baseline");
  definition.sweeps?.forEach((s, i) => {
    if (s.case !== undefined) known(s.case, `sweeps[${i}].case`);
  });
  validateSkipped(definition.skipped, names, where);
  const checkAxes = (
    axes: Record<string, readonly ParamValue[]> | undefined,
    owner: string,
  ) => {
    for (const [axis, values] of Object.entries(axes ?? {})) {
      if (!Array.isArray(values) || values.length === 0) {
        throw new TypeError(`${owner}: parameter axis "${axis}" has no values`);
      }
      for (const value of values) {
        checkParamValue(value, `${owner}: parameter axis "${axis}"`);
      }
      const twice = repeatedValue(values);
      if (twice !== undefined) {
        throw new TypeError(
          `${owner}: parameter axis "${axis}" lists ${
            JSON.stringify(twice)
          } twice; each value must appear once`,
        );
      }
      // A case id writes each value as text: 1 and "1" would name one case.
      const texts = values.map(String);
      const clash = texts.findIndex((t, i) => texts.indexOf(t) !== i);
      if (clash >= 0) {
        throw new TypeError(
          `${owner}: parameter axis "${axis}" lists ${
            JSON.stringify(values[texts.indexOf(texts[clash])])
          } and ${
            JSON.stringify(values[clash])
          }, which give one case id; use one type per value`,
        );
      }
    }
  };
  checkAxes(definition.params, where);
  for (const c of definition.cases) {
    checkAxes(c.params, `${where}, case "${c.name}"`);
  }
}

const SKIP_REASONS: readonly SkipReason[] = ["ignored", "not only"];

/** A skipped case is named once, is not also run, and has a known reason. */
function validateSkipped(
  skipped: SuiteDefinition["skipped"],
  caseNames: ReadonlySet<string>,
  where: string,
): void {
  if (skipped === undefined) return;
  if (!Array.isArray(skipped)) {
    throw new TypeError(`${where}: skipped must be an array`);
  }
  const names = new Set<string>();
  skipped.forEach((s, i) => {
    const field = `${where}: skipped[${i}]`;
    if (typeof s?.name !== "string") {
      throw new TypeError(`${field}.name must be a string`);
    }
    if (caseNames.has(s.name)) {
      throw new TypeError(
        `${field} names "${s.name}", which is also a case of the suite; a case either runs or is skipped`,
      );
    }
    if (names.has(s.name)) {
      throw new TypeError(`${field} names "${s.name}" a second time`);
    }
    names.add(s.name);
    if (!SKIP_REASONS.includes(s.reason)) {
      throw new TypeError(
        `${field}.reason must be "ignored" or "not only", got ${
          JSON.stringify(s.reason)
        }`,
      );
    }
  });
}

/**
 * A parameter value is a JSON scalar: it goes into case ids and artifacts,
 * and reaches forks through JSON, which has no BigInt, NaN or Infinity.
 */
function checkParamValue(value: unknown, where: string): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new RangeError(
        `${where} holds ${value}; a number parameter must be finite`,
      );
    }
    return;
  }
  if (typeof value === "string" || typeof value === "boolean") return;
  const shown = typeof value === "bigint"
    ? `${value}n (a bigint)`
    : value === null
    ? "null (null)"
    : typeof value === "object"
    ? `${JSON.stringify(value)?.slice(0, 40)} (an object)`
    : `${String(value).slice(0, 40)} (a ${typeof value})`;
  throw new TypeError(
    `${where} holds ${shown}; a parameter value is a string, a finite ` +
      "number or a boolean",
  );
}
