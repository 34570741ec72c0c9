import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { hierarchicalBootstrap } from "./bootstrap.ts";
import { CENTRE_RESAMPLES, centreInterval, expandedTail } from "./centre.ts";

Deno.test("the expanded percentile tail matches scipy: Φ(−√(n/(n−1))·t_{n−1}(1 − α/2))", () => {
  // scipy 1.x: stats.norm.cdf(-math.sqrt(n / (n - 1)) * stats.t.ppf(1 - a, n - 1))
  const reference: [number, number, number][] = [
    [0.95, 2, 1.6952190726058738e-72],
    [0.95, 3, 6.834137311941282e-08],
    [0.95, 5, 0.0009541005518824907],
    [0.95, 10, 0.008550639024406366],
    [0.95, 30, 0.01875390027822054],
    [0.99, 3, 2.684889234038339e-34],
    [0.99, 5, 1.3196619882925575e-07],
    [0.99, 10, 0.00030669054793700727],
    [0.99, 30, 0.002527506552649086],
  ];
  for (const [level, n, tail] of reference) {
    assertAlmostEquals(expandedTail(level, n), tail, tail * 1e-6);
  }
  // One fork: nothing to expand.
  assertEquals(expandedTail(0.95, 1), (1 - 0.95) / 2);
});

Deno.test("one fork: the centre's interval is the percentile bootstrap of the median, without between-fork variance", () => {
  const series = [10, 12, 11, 13, 10, 12, 14, 11, 10, 12, 11, 13];
  const ci = centreInterval([series], { seed: 3 });
  const plain = hierarchicalBootstrap([series], {
    seed: 3,
    resamples: CENTRE_RESAMPLES,
  });
  assertEquals([ci.point, ci.lower, ci.upper], [
    plain.point,
    plain.lower,
    plain.upper,
  ]);
  assertEquals([ci.forks, ci.includesBetweenForkVariance], [1, false]);
  assertEquals(ci.method, "percentile");
});

Deno.test("forks that disagree widen the interval beyond the pooled spread", () => {
  const forks = [[10, 10.1, 9.9], [12, 12.1, 11.9], [9, 9.1, 8.9], [
    11,
    11.1,
    10.9,
  ]];
  const ci = centreInterval(forks);
  assert(ci.lower <= 9.5 && ci.upper >= 11.5, JSON.stringify(ci));
  assertEquals(ci.relativeHalfWidth, (ci.upper - ci.lower) / 2 / ci.point);
  assert(ci.includesBetweenForkVariance);
  assertEquals(ci.method, "expanded percentile");
});

Deno.test("no forks, an empty fork or a bad level are errors", () => {
  assertThrows(() => centreInterval([]), RangeError, "groups is empty");
  assertThrows(() => centreInterval([[1, 2], []]), RangeError, "groups[1]");
  assertThrows(
    () => centreInterval([[1, 2]], { level: 1.5 }),
    RangeError,
    "1.5",
  );
});
