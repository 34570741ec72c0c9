/**
 * Calibration: looplab checks its own honesty on the machine it runs on.
 * One workload (summing 1..n) is compared with an identical copy of itself
 * (A/A: any "change" is a false positive) and with a version doing 10% more
 * work, and 3% more (A/B: changes the runner should find). `deno task calibrate` repeats
 * the suite and reports the false-positive rate, the power and the coverage
 * of the CIs; `await Promise.resolve()` is timed too, as the cheapest async
 * step a case can take.
 *
 * @module
 */

import {
  assertIntegerInRange,
  assertNumberInRange,
  bench,
  defineSuiteFactory,
  doNotOptimize,
  type SuiteFactory,
} from "../../mod.ts";

/** Options of {@link calibration}. */
export interface CalibrationOptions {
  /** The workload sums 1..n. @default 1000 */
  n?: number;
  /** Extra work of the B side, as a fraction. @default 0.1 */
  shift?: number;
  /** Extra work of the smaller shift's side, as a fraction. @default 0.03 */
  smallShift?: number;
}

function sumTo(n: number): number {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i;
  return s;
}

/**
 * The calibration suite: cases `sum`, `sum-again` (A/A), `sum-more` (A/B,
 * `shift` more work), `sum-little-more` (A/B, `smallShift` more work) and
 * `await`, with the A/A and both A/B comparisons declared.
 *
 * @param options workload size and shift
 * @returns the suite
 *
 * @example
 * ```ts ignore
 * import { run } from "@looplab/looplab";
 * import { calibration } from "@looplab/looplab/suites/calibration";
 * const artifact = await run([calibration({ n: 500 })], { quick: true });
 * ```
 */
export const calibration: SuiteFactory<CalibrationOptions> = defineSuiteFactory(
  "calibration",
  (options: CalibrationOptions = {}) => {
    const n = options.n ?? 1000;
    const shift = options.shift ?? 0.1;
    const smallShift = options.smallShift ?? 0.03;
    assertIntegerInRange(n, "calibration n", 1);
    for (
      const [value, what] of [[shift, "shift"], [
        smallShift,
        "smallShift",
      ]] as const
    ) {
      assertNumberInRange(value, `calibration ${what}`, 0, 10, {
        minExclusive: true,
        maxExclusive: true,
      });
    }
    const more = Math.round(n * (1 + shift));
    const little = Math.round(n * (1 + smallShift));
    return {
      name: "calibration",
      description: `sum of 1..${n}: A/A against itself, A/B against ${
        (shift * 100).toFixed(0)
      }% and ${(smallShift * 100).toFixed(0)}% more work`,
      cases: [
        bench("sum", () => () => doNotOptimize(sumTo(n)), {
          description: `sum of 1..${n}`,
        }),
        bench("sum-again", () => () => doNotOptimize(sumTo(n)), {
          description: `sum of 1..${n}, a copy: its A/A twin`,
        }),
        bench("sum-more", () => () => doNotOptimize(sumTo(more)), {
          description: `sum of 1..${more}: ${
            (shift * 100).toFixed(0)
          }% more work`,
        }),
        bench("sum-little-more", () => () => doNotOptimize(sumTo(little)), {
          description: `sum of 1..${little}: ${
            (smallShift * 100).toFixed(0)
          }% more work`,
        }),
        bench("await", () => async () => {
          await Promise.resolve();
        }, { description: "await Promise.resolve()" }),
      ],
      comparisons: [
        { base: "sum", candidate: "sum-again" },
        { base: "sum", candidate: "sum-more" },
        { base: "sum", candidate: "sum-little-more" },
      ],
    };
  },
);
