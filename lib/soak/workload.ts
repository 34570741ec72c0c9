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

import { callerModule } from "../runner/mod.ts";

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

/** A workload, ready to soak. */
export interface SoakWorkload extends SoakWorkloadDefinition {
  /** The module the child imports it from. */
  readonly module: string;
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
