/**
 * A looplab suite of another project's module, run without importing that
 * module here: a listing fork (run with the module's own configuration)
 * reads each exported suite's shape — its cases, axes and comparisons, all
 * JSON — and {@link revisionSuite} rebuilds the suite from that shape
 * under a name of the caller's choosing (a revision's side, `base:…`).
 * Its functions are stand-ins: in a measuring fork the suite's `load`
 * imports the real module and every case, setup and teardown calls the
 * real one. This is how `revs` runs two revisions' suites, whose modules
 * must resolve their imports with their own revision's configuration and
 * would share one name in one run.
 *
 * @module
 */

import {
  bench,
  type BenchCase,
  type ComparisonSpec,
  defineSuiteFactory,
  experiment,
  type ExperimentCase,
  loadSuite,
  type MetricSpec,
  type Params,
  type ParamValue,
  type Suite,
  type SuiteDefinition,
  type SuiteFactory,
  type SuiteOrigin,
  type SweepSpec,
} from "./suite.ts";
import type { SkipReason } from "../artifact/types.ts";

/** What of a case can be planned without its code. */
export type CaseShape =
  & {
    /** The case's name. */
    name: string;
    /** Its description. */
    description?: string;
    /** Its own parameter axes. */
    params?: Record<string, readonly ParamValue[]>;
    /** Its timeout. */
    timeoutMs?: number;
    /** The case has a teardown of its own. */
    teardown: boolean;
  }
  & (
    | {
      /** A bench case. */
      kind: "bench";
      /** The calls each fork times. */
      calls?: number;
      /** The untimed calls before them. */
      warmupCalls?: number;
    }
    | {
      /** An experiment. */
      kind: "experiment";
      /** The metrics it records. */
      metrics: Record<string, MetricSpec>;
      /** How often it runs per fork. */
      repetitions?: { min?: number; max?: number };
      /** It may be soaked. */
      soak?: boolean;
      /** The case has a setup of its own. */
      setup: boolean;
    }
  );

/** What of a suite can be planned without its code: JSON. */
export interface SuiteShape {
  /** The suite's name. */
  name: string;
  /** Its description. */
  description?: string;
  /** Its parameter axes. */
  params?: Record<string, readonly ParamValue[]>;
  /** Its cases. */
  cases: CaseShape[];
  /** Its declared comparisons. */
  comparisons?: ComparisonSpec[];
  /** Its baseline case. */
  baseline?: string;
  /** Its sweeps. */
  sweeps?: SweepSpec[];
  /** The cases it skips, with why. */
  skipped?: { name: string; reason: SkipReason }[];
  /** Which of its hooks exist. */
  hooks: { load: boolean; setup: boolean; teardown: boolean };
}

/**
 * The shape of a suite: everything the runner plans with, none of its code.
 *
 * @param suite a suite
 * @returns its shape, JSON
 *
 * @example
 * ```ts
 * import { suiteShape } from "./_revision_suite.ts";
 * import { bench, defineSuite } from "./suite.ts";
 * import { assertEquals } from "@std/assert";
 * const suite = defineSuite({
 *   name: "sums",
 *   params: { n: [10, 100] },
 *   cases: [bench("loop", ({ n }) => () => n)],
 * });
 * assertEquals(suiteShape(suite).cases, [{ kind: "bench", name: "loop", teardown: false }]);
 * assertEquals(suiteShape(suite).params, { n: [10, 100] });
 * ```
 */
export function suiteShape(suite: Suite): SuiteShape {
  const cases = suite.cases.map((c): CaseShape => {
    const common = {
      name: c.name,
      description: c.description,
      params: c.params,
      timeoutMs: c.timeoutMs,
      teardown: c.teardown !== undefined,
    };
    return c.kind === "bench"
      ? { kind: "bench", ...common, calls: c.calls, warmupCalls: c.warmupCalls }
      : {
        kind: "experiment",
        ...common,
        metrics: c.metrics,
        repetitions: c.repetitions,
        soak: c.soak,
        setup: c.setup !== undefined,
      };
  });
  // Through JSON: undefined fields go, as they would on the wire.
  return JSON.parse(JSON.stringify({
    name: suite.name,
    description: suite.description,
    params: suite.params,
    cases,
    comparisons: suite.comparisons,
    baseline: suite.baseline,
    sweeps: suite.sweeps,
    skipped: suite.skipped,
    hooks: {
      load: suite.load !== undefined,
      setup: suite.setup !== undefined,
      teardown: suite.teardown !== undefined,
    },
  }));
}

/** The options of {@link revisionSuite}. */
export interface RevisionSuiteOptions {
  /** Where the real suite comes from (its module, or its factory). */
  origin: SuiteOrigin;
  /** Its shape, read by a listing fork. */
  shape: SuiteShape;
  /** The name it runs under. */
  as: string;
}

/**
 * Makes the suites of {@link revisionSuite}; exported so that forks find it
 * in this module.
 */
export const revisionSuiteFactory: SuiteFactory<RevisionSuiteOptions> =
  defineSuiteFactory<RevisionSuiteOptions>(
    "revision-suite",
    (options?: RevisionSuiteOptions): SuiteDefinition => {
      if (options === undefined) {
        throw new TypeError("revisionSuite needs the shape of a suite");
      }
      const { origin, shape } = options;
      let real: Suite | null = null;
      const loaded = (): Suite => {
        if (real === null) {
          throw new Error(
            `suite "${shape.name}" of ${origin.module} is not loaded: ` +
              "its code runs only in a fork",
          );
        }
        return real;
      };
      const caseOf = (name: string) =>
        loaded().cases.find((c) => c.name === name)!;
      const cases = shape.cases.map((c) => {
        const common = {
          description: c.description,
          params: c.params,
          timeoutMs: c.timeoutMs,
          teardown: c.teardown
            ? (p: Params) => caseOf(c.name).teardown!(p)
            : undefined,
        };
        if (c.kind === "bench") {
          return bench(c.name, (p) => (caseOf(c.name) as BenchCase).build(p), {
            ...common,
            calls: c.calls,
            warmupCalls: c.warmupCalls,
          });
        }
        return experiment(
          c.name,
          c.metrics,
          (context) => (caseOf(c.name) as ExperimentCase).run(context),
          {
            ...common,
            repetitions: c.repetitions,
            soak: c.soak,
            setup: c.setup
              ? (p) => (caseOf(c.name) as ExperimentCase).setup!(p)
              : undefined,
          },
        );
      });
      return {
        name: options.as,
        description: shape.description,
        params: shape.params,
        cases,
        comparisons: shape.comparisons,
        baseline: shape.baseline,
        sweeps: shape.sweeps,
        skipped: shape.skipped,
        load: async () => {
          const suite = await loadSuite(origin, shape.name);
          // The listing fork and this one must have built the same suite
          // (a factory's defaults could read the environment).
          const differs = shapeDifference(shape, suiteShape(suite));
          if (differs !== null) {
            throw new Error(
              `suite "${shape.name}" of ${origin.module} is not the one its ` +
                `listing read: its ${differs} differ; a suite must not depend ` +
                "on the process that imports it",
            );
          }
          await suite.load?.();
          real = suite;
        },
        setup: shape.hooks.setup ? (p) => loaded().setup!(p) : undefined,
        teardown: shape.hooks.teardown
          ? (p) => loaded().teardown!(p)
          : undefined,
      };
    },
    import.meta.url,
  );

/**
 * A suite rebuilt from its shape under another name; its `load` imports the
 * real suite (in a fork, whose configuration is the real module's project)
 * and checks it is the suite the listing read, and its cases call the real
 * ones.
 *
 * @param options the real suite's origin and shape, and the new name
 * @returns the suite
 *
 * @example
 * ```ts
 * import { revisionSuite, suiteShape } from "./_revision_suite.ts";
 * import { bench, defineSuite } from "./suite.ts";
 * import { assertEquals } from "@std/assert";
 * const real = defineSuite({ name: "sums", cases: [bench("loop", () => () => 1)] });
 * const stand = revisionSuite({ origin: real.origin, shape: suiteShape(real), as: "base:sums" });
 * assertEquals(stand.name, "base:sums");
 * assertEquals(stand.origin.project, real.origin.module);
 * ```
 */
export function revisionSuite(options: RevisionSuiteOptions): Suite {
  const suite = revisionSuiteFactory(options);
  // Its forks resolve imports as the real module's project does.
  return {
    ...suite,
    origin: {
      ...suite.origin,
      project: options.origin.project ?? options.origin.module,
    },
  };
}

/** The first top-level field in which two shapes differ, or null. */
function shapeDifference(a: SuiteShape, b: SuiteShape): string | null {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = JSON.stringify((a as unknown as Record<string, unknown>)[key]);
    const y = JSON.stringify((b as unknown as Record<string, unknown>)[key]);
    if (x !== y) return key;
  }
  return null;
}
