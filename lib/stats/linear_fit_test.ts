import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { linearFit } from "./linear_fit.ts";

Deno.test("linearFit matches scipy's linregress on threads against workers", () => {
  // scipy.stats.linregress([0,1,2,3,4,5,6,2,4,1], [6,8,9,12,13,16,17,9,14,7]):
  // intercept 5.583333333333334, slope 1.970238095238095,
  // rvalue² 0.9814128059049052.
  const fit = linearFit(
    [0, 1, 2, 3, 4, 5, 6, 2, 4, 1],
    [6, 8, 9, 12, 13, 16, 17, 9, 14, 7],
  );
  assertAlmostEquals(fit.intercept, 5.583333333333334, 1e-12);
  assertAlmostEquals(fit.slope, 1.970238095238095, 1e-12);
  assertAlmostEquals(fit.r2, 0.9814128059049052, 1e-12);
  assertEquals(fit.n, 10);
});

Deno.test("linearFit stays accurate when x runs to 10^5", () => {
  // scipy.stats.linregress(x = 1e5 + i, y = 3 + 2i ∓ 0.1, i = 0..5):
  // intercept -201711.3285714286, slope 2.0171428571428573,
  // rvalue² 0.9992301832324288.
  const x = Array.from({ length: 6 }, (_, i) => 1e5 + i);
  const y = x.map((_, i) => 3 + 2 * i + (i % 2 ? 0.1 : -0.1));
  const fit = linearFit(x, y);
  assertAlmostEquals(fit.slope, 2.0171428571428573, 1e-9);
  assertAlmostEquals(fit.intercept, -201711.3285714286, 1e-4);
  assertAlmostEquals(fit.r2, 0.9992301832324288, 1e-9);
});

Deno.test("linearFit: a constant y is fitted exactly, with R² 1", () => {
  assertEquals(linearFit([1, 2, 3], [7, 7, 7]), {
    intercept: 7,
    slope: 0,
    r2: 1,
    n: 3,
  });
});

Deno.test("linearFit refuses what defines no line, saying why", () => {
  assertThrows(() => linearFit([1], [2]), RangeError, "at least 2 points");
  assertThrows(
    () => linearFit([3, 3, 3], [1, 2, 3]),
    RangeError,
    "every x is 3",
  );
  assertThrows(() => linearFit([1, 2], [1]), RangeError, "same length");
  assertThrows(() => linearFit([1, NaN], [1, 2]), RangeError);
});
