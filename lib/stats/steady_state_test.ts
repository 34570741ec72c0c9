import { assert, assertEquals, assertThrows } from "@std/assert";
import { createRandom, type Random } from "./prng.ts";
import { classifySteadyState, MIN_STEADY_SAMPLES } from "./steady_state.ts";

/** A seeded series of n samples, sample i drawn by `draw(i, random)`. */
function series(
  n: number,
  seed: number,
  draw: (i: number, random: Random) => number,
): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => draw(i, random));
}

const normal = (mean: number, cv: number) => (r: Random) =>
  mean * (1 + cv * r.nextNormal());
const lognormal = (median: number, sigma: number) => (r: Random) =>
  median * Math.exp(sigma * r.nextNormal());

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function assertNear(actual: number | null, expected: number, within: number) {
  assert(
    actual !== null && Math.abs(actual - expected) <= within,
    `expected ${expected} ± ${within}, got ${actual}`,
  );
}

Deno.test("an exact step down is a warm-up that ends at the step, means read by hand", () => {
  const jitter = [0, 1, -1, 2, -2]; // mean 0 over each run of five
  const fork = Array.from(
    { length: 400 },
    (_, i) => (i < 60 ? 150 : 100) + jitter[i % 5],
  );
  assertEquals(classifySteadyState(fork), {
    class: "warmup",
    steadyFrom: 60,
    changepoints: [60],
    segments: [
      { start: 0, end: 60, mean: 150 },
      { start: 60, end: 400, mean: 100 },
    ],
  });
});

Deno.test("flat normal noise is flat, steady from its first sample", () => {
  for (const seed of SEEDS) {
    const fork = series(2000, seed, (_, r) => normal(100, 0.05)(r));
    const s = classifySteadyState(fork);
    assertEquals([s.class, s.steadyFrom, s.changepoints], ["flat", 0, []]);
    assertEquals([s.segments[0].start, s.segments[0].end], [0, 2000]);
  }
});

Deno.test("flat lognormal and bimodal noise is flat", () => {
  for (const seed of SEEDS) {
    const skewed = series(2000, seed, (_, r) => lognormal(100, 0.5)(r));
    assertEquals(classifySteadyState(skewed).class, "flat", `seed ${seed}`);
    // The seeds' latency shape: 24% of calls in a slow mode, in no order.
    const bimodal = series(
      2000,
      seed,
      (_, r) => (r.next() < 0.76 ? 100 : 600) * Math.exp(0.2 * r.nextNormal()),
    );
    assertEquals(classifySteadyState(bimodal).class, "flat", `seed ${seed}`);
  }
});

Deno.test("a 20% slow start over the first 15% is a warm-up ending near the break", () => {
  for (const seed of SEEDS) {
    const fork = series(
      2000,
      seed,
      (i, r) => normal(i < 300 ? 120 : 100, 0.05)(r),
    );
    const s = classifySteadyState(fork);
    assertEquals(s.class, "warmup", `seed ${seed}`);
    assertNear(s.steadyFrom, 300, 5);
    const skewed = series(
      2000,
      seed,
      (i, r) => lognormal(i < 300 ? 120 : 100, 0.1)(r),
    );
    const t = classifySteadyState(skewed);
    assertEquals(t.class, "warmup", `lognormal, seed ${seed}`);
    assertNear(t.steadyFrom, 300, 10);
  }
});

Deno.test("issue 13's calibration forks: a cluster near 1.2 µs, then 285 ns, is a warm-up", () => {
  for (const seed of SEEDS) {
    const fork = series(
      1500,
      seed,
      (i, r) => i < 40 ? normal(1200, 0.1)(r) : lognormal(285, 0.05)(r),
    );
    const s = classifySteadyState(fork);
    assertEquals(s.class, "warmup");
    assertNear(s.steadyFrom, 40, 2);
    assertNear(s.segments[s.segments.length - 1].mean, 285, 3);
  }
});

Deno.test("a step up after 60% of the series is a slowdown, steady from the step", () => {
  for (const seed of SEEDS) {
    const fork = series(
      2000,
      seed,
      (i, r) => normal(i < 1200 ? 100 : 115, 0.05)(r),
    );
    const s = classifySteadyState(fork);
    assertEquals(s.class, "slowdown", `seed ${seed}`);
    assertNear(s.steadyFrom, 1200, 5);
  }
});

Deno.test("a change in the last quarter, or a drift to the end, is no steady state", () => {
  for (const seed of SEEDS) {
    const late = series(
      2000,
      seed,
      (i, r) => normal(i < 1900 ? 100 : 130, 0.05)(r),
    );
    const s = classifySteadyState(late);
    assertEquals([s.class, s.steadyFrom], ["no steady state", null]);
    assertNear(s.changepoints[s.changepoints.length - 1], 1900, 5);
    const drift = series(2000, seed, (i, r) => normal(100 + i / 40, 0.02)(r));
    assertEquals(classifySteadyState(drift).class, "no steady state");
  }
});

Deno.test("outlier spikes alone make no changepoint", () => {
  for (const seed of SEEDS) {
    // A tenfold spike every 97 samples, the first inside the first
    // half-window, where no sample is set aside as an outlier.
    const fork = series(
      2000,
      seed,
      (i, r) => (i % 97 === 50 ? 10 : 1) * normal(100, 0.05)(r),
    );
    const s = classifySteadyState(fork);
    assertEquals([s.class, s.steadyFrom, s.changepoints], ["flat", 0, []]);
  }
});

Deno.test("outliers are set aside only to find changepoints: indices are the series' own", () => {
  const jitter = [0, 1, -1, 2, -2];
  const fork = Array.from(
    { length: 1000 },
    (_, i) => (i < 400 ? 150 : 100) + jitter[i % 5],
  );
  for (const at of [200, 250, 300, 600]) fork[at] = 5000;
  assertEquals(classifySteadyState(fork), {
    class: "warmup",
    steadyFrom: 400,
    changepoints: [400],
    // The spikes are not in the means.
    segments: [
      { start: 0, end: 400, mean: 150 },
      { start: 400, end: 1000, mean: 100 },
    ],
  });
});

Deno.test("a series shorter than MIN_STEADY_SAMPLES has no steady state; a constant one of that length is flat", () => {
  assertEquals(MIN_STEADY_SAMPLES, 10);
  assertEquals(classifySteadyState([5]), {
    class: "no steady state",
    steadyFrom: null,
    changepoints: [],
    segments: [{ start: 0, end: 1, mean: 5 }],
  });
  const nine = [3, 1, 2, 3, 1, 2, 3, 1, 2];
  assertEquals(classifySteadyState(nine).class, "no steady state");
  assertEquals(classifySteadyState(nine).steadyFrom, null);
  assertEquals(classifySteadyState(new Array(10).fill(7)), {
    class: "flat",
    steadyFrom: 0,
    changepoints: [],
    segments: [{ start: 0, end: 10, mean: 7 }],
  });
});

Deno.test("readings quantised to a timer's step are not split on runs of equal values", () => {
  for (const seed of SEEDS) {
    // Single calls timed at 90 ns resolution: 90, 180 and now and then 270.
    const fork = series(
      2000,
      seed,
      (_, r) => 90 * Math.round(1 + 0.3 * r.next() + (r.next() < 0.1 ? 1 : 0)),
    );
    assertEquals(classifySteadyState(fork).class, "flat");
  }
});

Deno.test("options change the judgement as documented", () => {
  const fork = series(2000, 3, (i, r) => normal(i < 1400 ? 100 : 110, 0.02)(r));
  // The step at 70% leaves 30% steady: enough by default, not for 0.5.
  assertEquals(classifySteadyState(fork).class, "slowdown");
  assertEquals(
    classifySteadyState(fork, { steadyShare: 0.5 }).class,
    "no steady state",
  );
  // A 10% step is within an equivalence of 20%.
  assertEquals(classifySteadyState(fork, { equivalence: 0.2 }).class, "flat");
});

Deno.test("bad samples and bad options are named", () => {
  assertThrows(() => classifySteadyState([]), RangeError, "samples is empty");
  assertThrows(
    () => classifySteadyState([1, NaN]),
    RangeError,
    "samples[1] is NaN",
  );
  assertThrows(
    () => classifySteadyState([1, 2], { outlierWindow: 1 }),
    RangeError,
    "outlierWindow must be an integer ≥ 2, got 1",
  );
  assertThrows(
    () => classifySteadyState([1, 2], { penaltyFactor: 0 }),
    RangeError,
    "penaltyFactor must be a finite number > 0, got 0",
  );
  assertThrows(
    () => classifySteadyState([1, 2], { equivalence: -1 }),
    RangeError,
    "equivalence must be a finite number ≥ 0, got -1",
  );
  assertThrows(
    () => classifySteadyState([1, 2], { steadyShare: 1.5 }),
    RangeError,
    "steadyShare must be in (0, 1], got 1.5",
  );
});
