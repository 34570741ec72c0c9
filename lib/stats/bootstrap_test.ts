import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  bootstrapCentres,
  bootstrapInterval,
  type BootstrapMethod,
  hierarchicalBootstrap,
} from "./bootstrap.ts";
import { normalQuantile } from "./distributions.ts";
import { createRandom } from "./prng.ts";
import { quantiles } from "./quantile.ts";

function normalSample(n: number, seed: number, mean = 0, sd = 1): number[] {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => mean + sd * r.nextNormal());
}

Deno.test("with a fixed seed the intervals are reproducible; another seed moves them", () => {
  const sample = normalSample(200, 1, 10, 2);
  const a = bootstrapCentres(sample, { seed: 9 });
  const b = bootstrapCentres(sample, { seed: 9 });
  const c = bootstrapCentres(sample, { seed: 10 });
  assertEquals(a, b);
  assert(a.mean.lower !== c.mean.lower);
});

Deno.test("the mean's percentile CI on large normal data approaches x̄ ± 1.96·s/√n", () => {
  const sample = normalSample(5000, 2, 100, 10);
  const { mean } = bootstrapCentres(sample, { method: "percentile" });
  const sd = Math.sqrt(
    sample.reduce((s, x) => s + (x - mean.point) ** 2, 0) / (sample.length - 1),
  );
  const half = normalQuantile(0.975) * sd / Math.sqrt(sample.length);
  // Monte Carlo error at 1,000 resamples is about 4% of the half-width.
  const observed = (mean.upper - mean.lower) / 2;
  assert(
    Math.abs(observed / half - 1) < 0.08,
    `half-width ${observed} vs ${half}`,
  );
});

for (const method of ["percentile", "bca"] as BootstrapMethod[]) {
  Deno.test(`${method}: over 1,000 seeded normal datasets the 95% CI covers the true mean 93–97% of the time`, () => {
    let covered = 0;
    const datasets = 1000;
    for (let d = 0; d < datasets; d++) {
      const sample = normalSample(60, 1000 + d, 5, 3);
      const { mean } = bootstrapCentres(sample, {
        method,
        resamples: 1000,
        seed: d,
      });
      if (mean.lower <= 5 && 5 <= mean.upper) covered++;
    }
    const rate = covered / datasets;
    assert(rate >= 0.93 && rate <= 0.97, `coverage ${rate}`);
  });
}

Deno.test("BCa shifts the interval towards the long tail of skewed (lognormal) data", () => {
  const r = createRandom(4);
  const sample = Array.from(
    { length: 80 },
    () => Math.exp(1.2 * r.nextNormal()),
  );
  const p = bootstrapCentres(sample, { method: "percentile" }).mean;
  const bca = bootstrapCentres(sample, { method: "bca" }).mean;
  assert(bca.upper > p.upper, `BCa upper ${bca.upper} ≤ percentile ${p.upper}`);
  assert(bca.upper - bca.point > bca.point - bca.lower, "BCa not right-skewed");
});

Deno.test("the median CI of an odd sample is bracketed by order statistics", () => {
  const sample = normalSample(101, 5);
  const { median } = bootstrapCentres(sample);
  const sorted = [...sample].sort((a, b) => a - b);
  assertEquals(median.point, sorted[50]);
  assert(sorted.includes(median.lower) || median.lower === median.point);
  assert(median.lower < median.point && median.point < median.upper);
});

Deno.test("bootstrapInterval on the mean agrees with the fast path within Monte Carlo error", () => {
  const sample = normalSample(300, 6, 50, 5);
  const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const general = bootstrapInterval(sample, mean, { method: "percentile" });
  const fast = bootstrapCentres(sample, { method: "percentile" }).mean;
  const width = fast.upper - fast.lower;
  assert(Math.abs(general.lower - fast.lower) < 0.1 * width);
  assert(Math.abs(general.upper - fast.upper) < 0.1 * width);
});

Deno.test("bootstrapInterval takes any statistic, e.g. a p90, and BCa works on it", () => {
  const sample = normalSample(500, 7);
  const p90 = (xs: Float64Array) => quantiles(xs, [0.9])[0];
  const ci = bootstrapInterval(sample, p90, { resamples: 500 });
  assertEquals(ci.point, quantiles(sample, [0.9])[0]);
  assert(ci.lower < ci.point && ci.point < ci.upper);
  assertEquals(ci.method, "bca");
});

Deno.test("the hierarchical CI widens with the spread between forks; a pooled one does not see it", () => {
  const r = createRandom(8);
  // Five forks whose centres differ by ±5%, each with 200 samples of 1% noise.
  const shifts = [0.95, 1.0, 1.05, 0.98, 1.02];
  const forks = shifts.map((s) =>
    Array.from({ length: 200 }, () => 100 * s * (1 + 0.01 * r.nextNormal()))
  );
  const nested = hierarchicalBootstrap(forks);
  const pooled =
    bootstrapCentres(forks.flat(), { method: "percentile" }).median;
  assertEquals(nested.groups, 5);
  assert(nested.includesBetweenGroupVariance);
  const nestedWidth = nested.upper - nested.lower;
  const pooledWidth = pooled.upper - pooled.lower;
  assert(nestedWidth > 4 * pooledWidth, `${nestedWidth} vs ${pooledWidth}`);
});

Deno.test("one group: the hierarchical bootstrap says it excludes between-group variance", () => {
  const ci = hierarchicalBootstrap([normalSample(100, 9)], {
    statistic: "mean",
  });
  assertEquals(ci.groups, 1);
  assertEquals(ci.includesBetweenGroupVariance, false);
  assert(ci.lower < ci.point && ci.point < ci.upper);
});

Deno.test("a constant sample has a zero-width interval, not NaN", () => {
  const { mean, median } = bootstrapCentres([4, 4, 4, 4]);
  assertEquals([mean.lower, mean.upper, median.lower, median.upper], [
    4,
    4,
    4,
    4,
  ]);
});

Deno.test("bad inputs and options are clear errors", () => {
  assertThrows(() => bootstrapCentres([1]), RangeError, "need at least 2");
  assertThrows(() => bootstrapCentres([1, NaN]), RangeError, "NaN");
  assertThrows(
    () => bootstrapCentres([1, 2, 3], { level: 1.5 }),
    RangeError,
    "confidence level must be in (0, 1), got 1.5",
  );
  assertThrows(
    () => bootstrapCentres([1, 2, 3], { resamples: 2.5 }),
    RangeError,
    "resamples must be an integer",
  );
  assertThrows(() => hierarchicalBootstrap([]), RangeError, "groups is empty");
  assertThrows(
    () => hierarchicalBootstrap([[1, 2], []]),
    RangeError,
    "groups[1] is empty",
  );
  assertThrows(
    () => bootstrapInterval([1, 2, 3], () => NaN),
    RangeError,
    "statistic returned NaN",
  );
});
