import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { createRandom } from "./prng.ts";
import { mannKendall, THEIL_SEN_MAX_POINTS, theilSen } from "./trend.ts";

/**
 * Seeded series: a leak (slope 0.002 per ms under normal noise of 3), an
 * integer series with ties in x and y (fd counts sampled twice per tick),
 * and a flat one.
 */
function trendCases() {
  const r = createRandom(15);
  const leak = { x: [] as number[], y: [] as number[] };
  for (let i = 0; i < 60; i++) {
    leak.x.push(i * 1000);
    leak.y.push(50 + 0.002 * i * 1000 + 3 * r.nextNormal());
  }
  const ties = { x: [] as number[], y: [] as number[] };
  for (let i = 0; i < 40; i++) {
    ties.x.push(Math.floor(i / 2));
    ties.y.push(20 + Math.floor(i / 10) + r.nextInt(3));
  }
  const flat = { x: [] as number[], y: [] as number[] };
  for (let i = 0; i < 50; i++) {
    flat.x.push(i);
    flat.y.push(100 + r.nextNormal());
  }
  return { leak, ties, flat };
}

/*
 * The references below came from scipy 1.17.1 on these series, printed with
 * `console.log(JSON.stringify(trendCases()))` into cases.json:
 *
 *   import json, numpy as np
 *   from scipy.stats import theilslopes, norm
 *   c = json.load(open("cases.json"))
 *   def mk(y):  # Mann–Kendall as Gilbert (1987) §16.4 gives it
 *       y = np.asarray(y); n = len(y)
 *       s = sum(np.sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n))
 *       _, t = np.unique(y, return_counts=True)
 *       v = (n*(n-1)*(2*n+5) - np.sum(t*(t-1)*(2*t+5))) / 18
 *       z = 0 if s == 0 else (s - np.sign(s)) / np.sqrt(v)
 *       return int(s), v, z, 2 * norm.sf(abs(z))
 *   for name, d in c.items():
 *       for level in (0.95, 0.9):
 *           print(name, level, theilslopes(d["y"], d["x"], alpha=level, method="joint"))
 *       print(name, mk(d["y"]))
 */
const THEIL_SEN_REFERENCE = {
  leak: {
    0.95: [
      0.0020227098344642157,
      49.6274765047595,
      0.001973570223726349,
      0.002080593567505669,
    ],
    0.9: [
      0.0020227098344642157,
      49.6274765047595,
      0.0019817900414572766,
      0.002072227303689928,
    ],
  },
  ties: {
    0.95: [0.2, 20.2, 0.14285714285714285, 0.25],
    0.9: [0.2, 20.2, 0.16666666666666666, 0.23529411764705882],
  },
  flat: {
    0.95: [
      -0.006597274646735814,
      100.05297289118118,
      -0.026368045470758262,
      0.0146676347868063,
    ],
    0.9: [
      -0.006597274646735814,
      100.05297289118118,
      -0.023765913381233454,
      0.010849312067360823,
    ],
  },
} as const;

const MANN_KENDALL_REFERENCE = {
  leak: [1696, 24583.333333333332, 10.810588030228606, 3.0669773492712293e-27],
  ties: [439, 7066.333333333333, 5.210471808103438, 1.8836100253810845e-07],
  flat: [-61, 14291.666666666666, -0.5018914660878171, 0.6157438685767163],
} as const;

function assertClose(actual: number, expected: number, what: string): void {
  assertAlmostEquals(
    actual,
    expected,
    Math.abs(expected) * 1e-12 + 1e-300,
    what,
  );
}

Deno.test("theilSen matches scipy's theilslopes (method joint) on seeded series, ties included", () => {
  const cases = trendCases();
  for (const name of ["leak", "ties", "flat"] as const) {
    for (const level of [0.95, 0.9] as const) {
      const fit = theilSen(cases[name].x, cases[name].y, { level });
      const [slope, intercept, lower, upper] = THEIL_SEN_REFERENCE[name][level];
      assertClose(fit.slope, slope, `${name} ${level} slope`);
      assertClose(fit.intercept, intercept, `${name} ${level} intercept`);
      assertClose(fit.lower, lower, `${name} ${level} lower`);
      assertClose(fit.upper, upper, `${name} ${level} upper`);
      assertEquals(fit.points, cases[name].x.length);
    }
  }
});

Deno.test("theilSen skips pairs with equal x", () => {
  // Only the pairs across x = 0 and x = 1 count: slopes 1, 3, 0, 2.
  // scipy: theilslopes([0, 1, 1, 3], [0, 0, 1, 1], method="joint")
  //   → slope 1.5, intercept 0.5, interval [0, 3]
  const fit = theilSen([0, 0, 1, 1], [0, 1, 1, 3]);
  assertEquals(fit, {
    slope: 1.5,
    intercept: 0.5,
    lower: 0,
    upper: 3,
    points: 4,
  });
});

Deno.test("theilSen fits two points, and refuses fewer or all x equal", () => {
  // scipy: theilslopes([3, 1], [0, 2], method="joint") → −1, 3, [−1, −1]
  assertEquals(theilSen([0, 2], [3, 1]), {
    slope: -1,
    intercept: 3,
    lower: -1,
    upper: -1,
    points: 2,
  });
  assertThrows(
    () => theilSen([1], [1]),
    RangeError,
    "x has 1 value(s); need at least 2",
  );
  assertThrows(
    () => theilSen([4, 4, 4], [1, 2, 3]),
    RangeError,
    "x holds 3 equal values (4); a slope needs two different x",
  );
  assertThrows(
    () => theilSen([1, 2, 3], [1, 2]),
    RangeError,
    "x and y must have the same length, got 3 and 2",
  );
  assertThrows(
    () => theilSen([1, 2, 3], [1, NaN, 2]),
    RangeError,
    "y[1] is NaN",
  );
  assertThrows(
    () => theilSen([1, 2], [1, 2], { level: 1 }),
    RangeError,
    "confidence level must be in (0, 1), got 1",
  );
});

Deno.test("theilSen closes the interval where scipy's variance goes negative", () => {
  // Nine points tied in both x and y and one apart: Sen's variance is
  // (10·9·25 − 2·9·8·23) / 18 < 0, and scipy returns NaN for the interval.
  const x = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const y = [5, 5, 5, 5, 5, 5, 5, 5, 5, 6];
  const fit = theilSen(x, y);
  assertEquals([fit.slope, fit.lower, fit.upper], [1, 1, 1]);
});

Deno.test("theilSen thins a long series evenly to at most its bound", () => {
  const r = createRandom(7);
  const n = 2 * THEIL_SEN_MAX_POINTS + 1;
  const x = Array.from({ length: n }, (_, i) => i);
  const y = x.map((t) => 3 * t + r.nextNormal());
  const fit = theilSen(x, y);
  // Stride 3 keeps points 0, 3, …, 3999: 1,334 of them.
  const kept = x.filter((i) => i % 3 === 0);
  assertEquals(fit.points, kept.length);
  assertEquals(fit, {
    ...theilSen(kept, kept.map((i) => y[i])),
    points: kept.length,
  });
});

Deno.test("mannKendall matches the reference formula on seeded series, ties included", () => {
  const cases = trendCases();
  for (const name of ["leak", "ties", "flat"] as const) {
    const result = mannKendall(cases[name].y);
    const [s, variance, z, p] = MANN_KENDALL_REFERENCE[name];
    assertEquals(result.s, s, `${name} S`);
    assertClose(result.variance, variance, `${name} variance`);
    assertClose(result.z, z, `${name} z`);
    assertAlmostEquals(result.p, p, p * 1e-9, `${name} p`);
  }
});

Deno.test("mannKendall reproduces a worked example by hand", () => {
  // "A Mann-Kendall Example (By Hand)", College of the Holy Cross,
  // https://mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt:
  // S = 54, V = (14·13·33 − 2·1·9) / 18, Z = 2.9058, one-sided p ≈ .0018.
  const series = [
    12.9,
    14.8,
    13.2,
    15.7,
    13.8,
    15.6,
    12.9,
    11.0,
    17.3,
    15.9,
    19.0,
    18.3,
    20.1,
    21.7,
  ];
  const result = mannKendall(series);
  assertEquals(result.s, 54);
  assertClose(result.variance, (14 * 13 * 33 - 2 * 1 * 9) / 18, "variance");
  assertAlmostEquals(result.z, 2.9058, 5e-5);
  // 2 · scipy.stats.norm.sf(2.905836845996537)
  assertAlmostEquals(result.p, 0.003662723762882436, 1e-12);
});

Deno.test("mannKendall counts S as the direct sum of signs does", () => {
  const r = createRandom(99);
  const y = Array.from({ length: 500 }, () => r.nextInt(20));
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = i + 1; j < y.length; j++) s += Math.sign(y[j] - y[i]);
  }
  assertEquals(mannKendall(y).s, s);
});

Deno.test("mannKendall gives z 0 and p 1 with no trend to see, and refuses fewer than 2", () => {
  assertEquals(mannKendall([3, 1]), { s: -1, variance: 1, z: 0, p: 1 });
  assertEquals(mannKendall([4, 4, 4]), { s: 0, variance: 0, z: 0, p: 1 });
  assertThrows(
    () => mannKendall([1]),
    RangeError,
    "y has 1 value(s); need at least 2",
  );
  assertThrows(
    () => mannKendall([1, Infinity]),
    RangeError,
    "y[1] is Infinity",
  );
});
