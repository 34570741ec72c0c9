/**
 * Timing only part of each call: a function given marks (`start()`,
 * `end()`) is timed between them, so that per-call setup outside the marks
 * (building an input, resetting state) is not counted — `Deno.bench`'s
 * `b.start()` / `b.end()`.
 *
 * Such a function cannot be timed in batches: each call has its own span,
 * so each call is timed on its own, between two clock readings. The cost of
 * a pair of readings (~90 ns here, warm) is calibrated in the process that
 * measures and subtracted from every span; a span not many times longer
 * than that cost carries the clock's own jitter, and the runner warns.
 *
 * @module
 */

import type { BenchFunction } from "./bench_timer.ts";

/** The marks a region-timed function sets around the work to time. */
export interface BenchRegion {
  /** Marks the start of the timed span; at most once per call. */
  start(): void;
  /** Marks its end; at most once per call, after `start()`. */
  end(): void;
}

/** A function timed between the marks it sets. */
export type RegionFunction = (region: BenchRegion) => unknown;

const REGION: unique symbol = Symbol("looplab.region");

type RegionTimed = BenchFunction & { readonly [REGION]: RegionFunction };

/** What reads the time, in ms: `performance`, or a test's fake. */
export interface Clock {
  /** The time, ms. */
  now(): number;
}

/** Marks that only check their order: what a plain call of a region function gets. */
const UNTIMED: BenchRegion = { start() {}, end() {} };

/**
 * Makes a bench function that is timed between the marks it sets: each
 * call gets fresh marks; a call that sets neither is timed whole.
 *
 * @param fn the function, given the marks
 * @returns a bench function the timers recognise (called directly, it runs
 *   `fn` with marks that time nothing)
 *
 * @example
 * ```ts
 * import { timedRegion } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * const sorted: number[][] = [];
 * const sortOnly = timedRegion((region) => {
 *   const xs = Array.from({ length: 100 }, (_, i) => (i * 7919) % 100);
 *   region.start(); // building the input above is not timed
 *   xs.sort((a, b) => a - b);
 *   region.end();
 *   sorted.push(xs);
 * });
 * sortOnly();
 * assertEquals(sorted[0].slice(0, 3), [0, 1, 2]);
 * ```
 */
export function timedRegion(fn: RegionFunction): BenchFunction {
  const plain = () => fn(UNTIMED);
  return Object.assign(plain, { [REGION]: fn }) as RegionTimed;
}

/**
 * The region function inside a bench function made by {@link timedRegion}.
 *
 * @param fn a bench function
 * @returns the region function, or undefined for a plain bench function
 *
 * @example
 * ```ts
 * import { regionOf, timedRegion } from "./region.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(regionOf(() => 1), undefined);
 * assertEquals(typeof regionOf(timedRegion((r) => { r.start(); r.end(); })), "function");
 * ```
 */
export function regionOf(fn: BenchFunction): RegionFunction | undefined {
  return (fn as Partial<RegionTimed>)[REGION];
}

/**
 * The marks of one call. As in `deno bench`, each mark is set at most once
 * per call (a second one throws), a span left open at one end runs to that
 * end of the call, and a call that sets neither is timed whole.
 */
class Marks implements BenchRegion {
  startMs = NaN;
  endMs = NaN;
  constructor(private readonly clock: Clock) {}
  start(): void {
    if (this.startMs === this.startMs) {
      throw new TypeError("BenchContext::start() has already been invoked");
    }
    this.startMs = this.clock.now();
  }
  end(): void {
    const now = this.clock.now();
    if (this.endMs === this.endMs) {
      throw new TypeError("BenchContext::end() has already been invoked");
    }
    this.endMs = now;
  }
}

/**
 * Smallest span a sample is given after the clock's cost is subtracted: a
 * span at or below the cost leaves nothing measurable, and a sample of zero
 * would have no logarithm for the comparisons.
 */
const FLOOR_NS = 1;

/** Pairs of readings timed to calibrate the clock's cost. */
const CLOCK_PAIRS = 2_000;

/** Passes of {@link CLOCK_PAIRS} pairs timed to calibrate the clock's cost. */
const CLOCK_PASSES = 5;

/**
 * The clock's cost per pair of marks, in ns: the least of
 * {@link CLOCK_PASSES} medians of the span of `start(); end()` with nothing
 * between, over {@link CLOCK_PAIRS} pairs each. The first pass runs cold
 * code (170 ns a pair in a fresh process here, against ~90 ns warm), and
 * subtracting a cold cost would push short spans to the floor; the least
 * median is the warm cost. Call it after the function's warm-up too: the
 * JIT may have recompiled the marks by then.
 *
 * @returns the cost, ns
 *
 * @example
 * ```ts
 * import { markPairCostNs } from "./region.ts";
 * import { assert } from "@std/assert";
 * assert(markPairCostNs() >= 0);
 * ```
 */
export function markPairCostNs(): number {
  const spans = new Float64Array(CLOCK_PAIRS);
  let least = Infinity;
  for (let pass = 0; pass < CLOCK_PASSES; pass++) {
    for (let i = 0; i < CLOCK_PAIRS; i++) {
      const marks = new Marks(performance);
      marks.start();
      marks.end();
      spans[i] = (marks.endMs - marks.startMs) * 1e6;
    }
    spans.sort();
    least = Math.min(least, spans[CLOCK_PAIRS >> 1]);
  }
  return least;
}

/**
 * Runs a region function `k` times and returns each call's span in ns,
 * less the clock's cost: from `start()` (else the call's start) to `end()`
 * (else the call's end).
 *
 * @param fn the region function
 * @param k calls
 * @param costNs the clock's cost per pair of marks, ns
 * @param out where the spans go, appended
 * @param clock what reads the time (a test's fake clock)
 * @throws {TypeError} when a call sets a mark twice, or `end()` before
 *   `start()`
 *
 * @example
 * ```ts
 * import { timeRegions } from "./region.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 * const spans: number[] = [];
 * await timeRegions((r) => { r.start(); r.end(); }, 3, 0, spans);
 * assertEquals(spans.length, 3);
 * await assertRejects(
 *   () => timeRegions((r) => { r.start(); r.start(); }, 1, 0, []),
 *   TypeError,
 *   "already been invoked",
 * );
 * ```
 */
export async function timeRegions(
  fn: RegionFunction,
  k: number,
  costNs: number,
  out: number[],
  clock: Clock = performance,
): Promise<void> {
  for (let i = 0; i < k; i++) {
    const marks = new Marks(clock);
    const t0 = clock.now();
    const result = fn(marks);
    if (result instanceof Promise) await result;
    const t1 = clock.now();
    const from = marks.startMs === marks.startMs ? marks.startMs : t0;
    const to = marks.endMs === marks.endMs ? marks.endMs : t1;
    if (to < from) {
      throw new TypeError(
        "BenchContext::end() was called before BenchContext::start()",
      );
    }
    out.push(Math.max(FLOOR_NS, (to - from) * 1e6 - costNs));
  }
}
