/**
 * backpressure/accumulator_complexity — from `shared/seeds/002_…`: an
 * envelope that caps its size by recomputing the size of everything appended
 * so far every 64 appends (O(rows²)) against an O(1) running accumulator,
 * swept over the number of rows. The sweep's complexity fit names the growth
 * of each; the declared comparison gives the ratio at every size (the story
 * saw ~74× at 10k rows).
 *
 * @module
 */

import {
  assertIntegerInRange,
  assertIntegerList,
  bench,
  defineSuiteFactory,
  doNotOptimize,
  type SuiteFactory,
} from "../../mod.ts";
import {
  AccumulatingEnvelope,
  fill,
  makeRows,
  RecomputingEnvelope,
} from "../../fixtures/workloads/envelope.ts";

/** Options of {@link accumulatorComplexity}. */
export interface AccumulatorComplexityOptions {
  /** Rows per envelope, the sweep's axis. @default [1000, 3000, 10000, 30000, 100000] */
  rows?: number[];
  /** Payload bytes per row. @default 48 */
  payloadBytes?: number;
}

/**
 * The suite: cases `recompute` and `accumulate` over `rows`, compared at
 * each size and swept over rows.
 *
 * @param options rows to sweep and payload size
 * @returns the suite
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { accumulatorComplexity } from "@looplab/looplab/suites/backpressure";
 * await run([accumulatorComplexity({ rows: [1000, 10000] })]);
 * ```
 */
export const accumulatorComplexity: SuiteFactory<AccumulatorComplexityOptions> =
  defineSuiteFactory(
    "accumulatorComplexity",
    (options: AccumulatorComplexityOptions = {}) => {
      const rows = options.rows ?? [1000, 3000, 10000, 30000, 100000];
      const payloadBytes = options.payloadBytes ?? 48;
      assertIntegerList(rows, "rows", 1);
      assertIntegerInRange(payloadBytes, "payloadBytes", 0);
      // No cap is reached: the cost measured is the size check itself.
      const cap = Number.MAX_SAFE_INTEGER;
      return {
        name: "backpressure/accumulator_complexity",
        description:
          "envelope size cap: recompute every 64 appends vs a running total",
        params: { rows },
        cases: [
          bench("recompute", ({ rows }) => {
            const data = makeRows(Number(rows), payloadBytes);
            return () =>
              doNotOptimize(fill(new RecomputingEnvelope(cap), data));
          }, {
            description: "re-measures every row every 64 appends (O(rows²))",
          }),
          bench("accumulate", ({ rows }) => {
            const data = makeRows(Number(rows), payloadBytes);
            return () =>
              doNotOptimize(fill(new AccumulatingEnvelope(cap), data));
          }, { description: "running size total (O(1) per append)" }),
        ],
        comparisons: [{ base: "accumulate", candidate: "recompute" }],
        sweeps: [{ param: "rows" }],
      };
    },
  );
