import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { outlierEffect, outlierVariance } from "./outlier_variance.ts";

Deno.test("a wide spread is severe: 0.97833 worked by hand for mean 100, sd 30, a = 100", () => {
  // µa = 1, σg = min(0.125, 3) = 0.125; cMax(0) = 10, cMax(0.5) = 2;
  // varOut(2) = 0.98 · (900 − 98 · 0.015625) = 880.499375 < varOut(1).
  const v = outlierVariance(100, 30, 100);
  assertAlmostEquals(v.fraction, 880.499375 / 900, 1e-12);
  assertEquals(v.effect, "severe");
});

Deno.test("a tight spread is unaffected: 0.0099 worked by hand for mean 100, sd 0.5, a = 100", () => {
  // σg = min(0.125, 0.05) = 0.05; cMax = 99; varOut(1) = varOut(99) = 0.002475.
  const v = outlierVariance(100, 0.5, 100);
  assertAlmostEquals(v.fraction, 0.0099, 1e-12);
  assertEquals(v.effect, "unaffected");
});

Deno.test("the share grows with the spread and stays within [0, 1]", () => {
  let previous = -1;
  for (const sd of [0, 0.1, 0.5, 1, 2, 5, 10, 30, 100]) {
    const { fraction } = outlierVariance(100, sd, 50);
    if (fraction < previous) throw new Error(`fell at sd ${sd}`);
    if (fraction < 0 || fraction > 1) {
      throw new Error(`out of range: ${fraction}`);
    }
    previous = fraction;
  }
});

Deno.test("bands follow criterion: < 1% unaffected, < 10% slight, < 50% moderate", () => {
  assertEquals(outlierEffect(0.009), "unaffected");
  assertEquals(outlierEffect(0.01), "slight");
  assertEquals(outlierEffect(0.09), "slight");
  assertEquals(outlierEffect(0.45), "moderate");
  assertEquals(outlierEffect(0.5), "severe");
});

Deno.test("bad inputs are errors, not NaN", () => {
  assertThrows(() => outlierVariance(0, 1, 10), RangeError, "mean");
  assertThrows(() => outlierVariance(10, -1, 10), RangeError, "stdDev");
  assertThrows(
    () => outlierVariance(10, 1, 0),
    RangeError,
    "iterations per sample",
  );
  assertThrows(() => outlierVariance(NaN, 1, 10), RangeError, "mean");
});
