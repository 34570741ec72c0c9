import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { compareSamples, ratioOfCentres, verdict } from "./compare.ts";
import { createRandom } from "./prng.ts";

function lognormal(n: number, seed: number, scale: number): number[] {
  const r = createRandom(seed);
  return Array.from(
    { length: n },
    () => scale * Math.exp(0.3 * r.nextNormal()),
  );
}

Deno.test("verdict: not significant is 'no change' whatever the ratio", () => {
  assertEquals(verdict(0.2, { lower: 1.5, upper: 2 }), "no change");
  assertEquals(verdict(0.05, { lower: 1.5, upper: 2 }), "no change");
});

Deno.test("verdict: significant and beyond the noise threshold is slower/faster by direction", () => {
  assertEquals(verdict(0.001, { lower: 1.02, upper: 1.1 }), "slower");
  assertEquals(verdict(0.001, { lower: 0.8, upper: 0.9 }), "faster");
  const bigger = { direction: "bigger" as const };
  assertEquals(verdict(0.001, { lower: 1.02, upper: 1.1 }, bigger), "faster");
  assertEquals(verdict(0.001, { lower: 0.8, upper: 0.9 }, bigger), "slower");
});

Deno.test("verdict: significant but the CI reaches into ±threshold is 'within noise'", () => {
  assertEquals(verdict(0.001, { lower: 1.005, upper: 1.02 }), "within noise");
  assertEquals(verdict(0.001, { lower: 0.98, upper: 0.995 }), "within noise");
  assertEquals(
    verdict(0.001, { lower: 1.02, upper: 1.04 }, { noiseThreshold: 0.03 }),
    "within noise",
  );
});

Deno.test("verdict rejects a p outside [0, 1], a bad alpha, threshold or direction", () => {
  const ci = { lower: 1, upper: 1 };
  assertThrows(() => verdict(-0.1, ci), RangeError, "p-value");
  assertThrows(() => verdict(0.1, ci, { alpha: 0 }), RangeError, "alpha");
  assertThrows(
    () => verdict(0.1, ci, { noiseThreshold: -1 }),
    RangeError,
    "noise",
  );
  assertThrows(
    // @ts-expect-error: testing a bad direction from untyped callers
    () => verdict(0.1, ci, { direction: "up" }),
    RangeError,
    '"up"',
  );
});

Deno.test("the ratio of medians is exact and its CI brackets it", () => {
  const r = ratioOfCentres([10, 11, 10, 12, 11], [20, 22, 20, 24, 22]);
  assertEquals(r.ratio, 2);
  assert(r.lower <= 2 && 2 <= r.upper);
  assertEquals(r.centre, "median");
});

Deno.test("a 10% slowdown on 500 vs 500 lognormal samples is 'slower' with a CI that covers 1.10", () => {
  const base = lognormal(500, 1, 100);
  const slow = lognormal(500, 2, 110);
  const c = compareSamples(base, slow);
  assertEquals(c.verdict, "slower");
  assert(c.ratio.lower <= 1.1 && 1.1 <= c.ratio.upper, JSON.stringify(c.ratio));
  assert(c.ratio.upper - c.ratio.lower < 0.12, "CI too wide to be useful");
  assert(c.p < 1e-6);
  assertEquals(c.test, "mann-whitney");
  assertEquals(c.n, { base: 500, candidate: 500 });
});

Deno.test("A/A: over 1,000 seeded pairs from one distribution the test is significant 4–6% of the time", () => {
  let significant = 0;
  for (let seed = 0; seed < 1000; seed++) {
    const c = compareSamples(
      lognormal(200, 2 * seed, 100),
      lognormal(200, 2 * seed + 1, 100),
      { resamples: 50 },
    );
    if (c.p < 0.05) significant++;
    if (c.verdict !== "no change") {
      assert(c.p < 0.05, "a verdict other than 'no change' needs p < alpha");
    }
  }
  // Binomial(1000, 0.05) has s.e. 0.69%; 4–6% is ±1.45 s.e.
  assert(significant >= 40 && significant <= 60, `${significant} of 1000`);
});

Deno.test("Welch can be chosen for the verdict, and its p is reported either way", () => {
  const base = lognormal(100, 3, 100);
  const fast = lognormal(100, 4, 70);
  const c = compareSamples(base, fast, { test: "welch", centre: "mean" });
  assertEquals(c.test, "welch");
  assertEquals(c.p, c.welch.p);
  assertEquals(c.verdict, "faster");
  assertAlmostEquals(c.ratio.ratio, 0.7, 0.05);
});

Deno.test("a zero base centre and a bad test name are errors", () => {
  assertThrows(() => ratioOfCentres([0, 0, 0], [1, 2, 3]), RangeError, "is 0");
  assertThrows(
    // @ts-expect-error: testing a bad test from untyped callers
    () => compareSamples([1, 2], [3, 4], { test: "z" }),
    RangeError,
    '"z"',
  );
});
