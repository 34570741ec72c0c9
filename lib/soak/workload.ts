/**
 * Soak workloads: what a soak runs in its supervised child for minutes or
 * hours. A workload runs until its signal is aborted and reports what it
 * did through its context — counters (operations, errors), gauges
 * (concurrent workers) and recorded values (latency) — while the soak
 * samples the child's resources from outside.
 *
 * A workload is rebuilt in the child, so it remembers the module that
 * defined it (read from the call stack, or given) and must be exported
 * from it; its options are numbers, given on the command line with
 * `--set name=value`, over the defaults it declares.
 *
 * @module
 */

import {
  callerModule,
  type ExperimentCase,
  experimentContext,
  type Params,
  type Suite,
  type SuiteOrigin,
} from "../runner/mod.ts";

/** What a workload reports through, in the child. */
export interface SoakContext {
  /** Aborted when the soak asks the child to stop; end promptly then. */
  readonly signal: AbortSignal;
  /** The workload's options: its defaults, overridden by `--set`. */
  readonly options: Readonly<Record<string, number>>;
  /**
   * Adds to a counter (by 1 unless given). The counter "operations" is the
   * workload's throughput, judged for a decline; "errors" is reported.
   */
  count(counter: string, by?: number): void;
  /** Sets a gauge: a level at this moment (concurrent workers, …). */
  gauge(name: string, value: number): void;
  /** Records one value of a metric (a latency in ms, …). */
  record(metric: string, value: number): void;
}

/** What a user writes. */
export interface SoakWorkloadDefinition {
  /** Unique among workloads, e.g. "connection-churn". */
  name: string;
  /** One line for `soak --list` and reports. */
  description?: string;
  /** Numeric options and their defaults. */
  defaults?: Record<string, number>;
  /**
   * Runs the workload until `context.signal` is aborted. Returning earlier
   * ends the child normally, which a soak counts as an end like any other.
   */
  run(context: SoakContext): Promise<void>;
}

/** Marks workloads across copies of looplab (a child may load it twice). */
export const SOAK_WORKLOAD: unique symbol = Symbol.for("looplab.soakWorkload");

/** A suite's case soaked as a workload: where the child rebuilds it. */
export interface SoakCaseReference {
  /** Where the suite is rebuilt from. */
  origin: SuiteOrigin;
  /** The suite's name. */
  suite: string;
  /** The case's name. */
  case: string;
  /** The parameter values it runs with. */
  params: Params;
}

/** A workload, ready to soak. */
export interface SoakWorkload extends SoakWorkloadDefinition {
  /** The module the child imports it from. */
  readonly module: string;
  /** For a suite's case: the case, which the child rebuilds instead. */
  readonly case?: SoakCaseReference;
  /** Marks the object as a workload. */
  readonly [SOAK_WORKLOAD]: true;
}

/**
 * Makes a soak workload from its definition. The defining module is read
 * from the call stack; pass `module` (usually `import.meta.url`) when it is
 * defined through a helper in another module. Export it from that module:
 * the soak's child imports it from there.
 *
 * @param definition name, description, option defaults, run
 * @param module the URL of the module that exports the workload
 * @returns the workload
 * @throws {TypeError} on an empty name or an option default that is not a
 *   finite number
 *
 * @example
 * ```ts
 * import { defineSoakWorkload } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * export const idle = defineSoakWorkload({
 *   name: "idle",
 *   defaults: { periodMs: 10 },
 *   async run(ctx) {
 *     while (!ctx.signal.aborted) {
 *       await new Promise((r) => setTimeout(r, ctx.options.periodMs));
 *       ctx.count("operations");
 *     }
 *   },
 * });
 * assertEquals(idle.module, import.meta.url);
 * ```
 */
export function defineSoakWorkload(
  definition: SoakWorkloadDefinition,
  module: string = callerModule(import.meta.url),
): SoakWorkload {
  if (typeof definition.name !== "string" || definition.name === "") {
    throw new TypeError("a soak workload needs a non-empty name");
  }
  for (const [key, value] of Object.entries(definition.defaults ?? {})) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(
        `soak workload "${definition.name}": option ${key} defaults to ` +
          `${String(value)}; options are finite numbers`,
      );
    }
  }
  return { ...definition, module, [SOAK_WORKLOAD]: true };
}

/**
 * Whether a value is a workload made by {@link defineSoakWorkload}.
 *
 * @param value anything
 * @returns true for workloads
 *
 * @example
 * ```ts
 * import { isSoakWorkload } from "./workload.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(isSoakWorkload({ name: "x" }), false);
 * ```
 */
export function isSoakWorkload(value: unknown): value is SoakWorkload {
  return typeof value === "object" && value !== null &&
    (value as Record<symbol, unknown>)[SOAK_WORKLOAD] === true;
}

/**
 * A suite's experiment case as a soak workload: its setup, then its run
 * again and again until the soak stops it (each run one of the soak's
 * "operations", each recorded value one of its metrics' values), then its
 * teardown. The case must be marked `soak: true`.
 *
 * @param suite the suite
 * @param caseName the case's name
 * @param params its parameter values (a suite's axes: the first of each)
 * @returns the workload, named `suite/case`
 * @throws {TypeError} when the suite has no such case, or it is not an
 *   experiment marked `soak: true`
 *
 * @example
 * ```ts
 * import { caseWorkload } from "./workload.ts";
 * import { defineSuite, experiment } from "../runner/mod.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const metrics = { n: { unit: "count", direction: "smaller" } } as const;
 * export const churn = defineSuite({
 *   name: "churn",
 *   cases: [
 *     experiment("cycle", metrics, (ctx) => ctx.record("n", 1), { soak: true }),
 *     experiment("once", metrics, (ctx) => ctx.record("n", 1)),
 *   ],
 * });
 * assertEquals(caseWorkload(churn, "cycle", {}).name, "churn/cycle");
 * assertThrows(() => caseWorkload(churn, "once", {}), TypeError, "soak: true");
 * ```
 */
export function caseWorkload(
  suite: Suite,
  caseName: string,
  params: Params,
): SoakWorkload {
  const c = suite.cases.find((x) => x.name === caseName);
  if (c === undefined) {
    throw new TypeError(`suite "${suite.name}" has no case "${caseName}"`);
  }
  if (c.kind !== "experiment" || c.soak !== true) {
    throw new TypeError(
      `${suite.name}/${caseName} cannot be soaked: only an experiment ` +
        "marked soak: true can",
    );
  }
  const experiment: ExperimentCase = c;
  return {
    name: `${suite.name}/${caseName}`,
    description: c.description,
    module: suite.origin.module,
    case: { origin: suite.origin, suite: suite.name, case: caseName, params },
    async run(ctx) {
      await suite.setup?.(params);
      await experiment.setup?.(params);
      const context = experimentContext(
        experiment,
        params,
        ctx.signal,
        { index: 0, count: 1 },
        { push: (metric, value) => ctx.record(metric, value) },
      );
      try {
        while (!ctx.signal.aborted) {
          await experiment.run(context);
          ctx.count("operations");
        }
      } finally {
        await experiment.teardown?.(params);
        await suite.teardown?.(params);
      }
    },
    [SOAK_WORKLOAD]: true,
  };
}
