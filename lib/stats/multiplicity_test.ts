import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  adjustPValues,
  benjaminiHochbergAdjust,
  holmAdjust,
} from "./multiplicity.ts";

function assertAllClose(actual: number[], expected: number[]): void {
  assertEquals(actual.length, expected.length);
  actual.forEach((x, i) => assertAlmostEquals(x, expected[i], 1e-12));
}

// statsmodels 0.13.5: multipletests(p, method="holm" | "fdr_bh")[1].
const TEN = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.9, 0.0001, 0.5, 0.03];
// Ties, a 0 and a 1, out of order.
const TWELVE = [
  0.0,
  0.001,
  0.012,
  0.012,
  0.047,
  0.2,
  1.0,
  0.0032,
  0.8,
  0.049,
  0.0005,
  0.3,
];

Deno.test("holmAdjust matches statsmodels' multipletests(method='holm')", () => {
  assertAllClose(holmAdjust(TEN), [
    0.08,
    0.21,
    0.21,
    0.045,
    0.6,
    0.21,
    1,
    0.001,
    1,
    0.21,
  ]);
  assertAllClose(holmAdjust(TWELVE), [
    0,
    0.01,
    0.096,
    0.096,
    0.282,
    0.8,
    1,
    0.0288,
    1,
    0.282,
    0.0055,
    0.9,
  ]);
});

Deno.test("benjaminiHochbergAdjust matches statsmodels' multipletests(method='fdr_bh')", () => {
  assertAllClose(benjaminiHochbergAdjust(TEN), [
    0.03333333333333333,
    0.05714285714285715,
    0.05714285714285715,
    0.025,
    0.25,
    0.05714285714285715,
    0.9,
    0.001,
    0.5555555555555556,
    0.05714285714285715,
  ]);
  assertAllClose(benjaminiHochbergAdjust(TWELVE), [
    0,
    0.004,
    0.024,
    0.024,
    0.0735,
    0.26666666666666666,
    1,
    0.0096,
    0.8727272727272728,
    0.0735,
    0.003,
    0.36,
  ]);
});

Deno.test("adjusted p-values never fall below the raw ones, keep their order and stop at 1", () => {
  for (const adjust of [holmAdjust, benjaminiHochbergAdjust]) {
    for (const p of [TEN, TWELVE]) {
      const q = adjust(p);
      q.forEach((x, i) => {
        assertEquals(x >= p[i] && x <= 1, true, `${adjust.name} ${i}`);
        p.forEach((y, j) => {
          if (p[i] < y) assertEquals(x <= q[j], true, `${adjust.name} ${i}`);
        });
      });
    }
  }
});

Deno.test("one p-value is its own adjustment; an empty family adjusts to nothing", () => {
  assertEquals(holmAdjust([0.03]), [0.03]);
  assertEquals(benjaminiHochbergAdjust([0.03]), [0.03]);
  assertEquals(holmAdjust([]), []);
  assertEquals(benjaminiHochbergAdjust([]), []);
});

Deno.test("p = 0.02 among 20 comparisons is not significant after either correction", () => {
  // statsmodels: holm 0.4, fdr_bh 0.4 for [0.02] + [0.6] × 19.
  const p = [0.02, ...Array(19).fill(0.6)];
  assertAlmostEquals(holmAdjust(p)[0], 0.4, 1e-12);
  assertAlmostEquals(benjaminiHochbergAdjust(p)[0], 0.4, 1e-12);
});

Deno.test("true changes in the family loosen Benjamini–Hochberg's bar for the rest, not Holm's", () => {
  // 40 real changes, one unchanged metric at p = 0.02, 40 more at 0.5.
  // statsmodels: holm 0.82, fdr_bh 0.03951219512195122 for index 40.
  const p = [...Array(40).fill(1e-6), 0.02, ...Array(40).fill(0.5)];
  assertAlmostEquals(holmAdjust(p)[40], 0.82, 1e-12);
  assertAlmostEquals(
    benjaminiHochbergAdjust(p)[40],
    0.03951219512195122,
    1e-12,
  );
});

Deno.test("adjustPValues defaults to Holm and names a bad correction or p-value", () => {
  assertEquals(adjustPValues(TEN), holmAdjust(TEN));
  assertEquals(
    adjustPValues(TEN, "benjamini-hochberg"),
    benjaminiHochbergAdjust(TEN),
  );
  assertThrows(
    () => adjustPValues(TEN, "bonferroni" as "holm"),
    RangeError,
    'correction must be "holm" or "benjamini-hochberg", got "bonferroni"',
  );
  assertThrows(
    () => holmAdjust([0.1, NaN]),
    RangeError,
    "p[1] must be in [0, 1], got NaN",
  );
  assertThrows(
    () => benjaminiHochbergAdjust([1.5]),
    RangeError,
    "p[0] must be in [0, 1], got 1.5",
  );
});
