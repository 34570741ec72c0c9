import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { analyzeCurve } from "./curve.ts";
import { findKnee } from "./knee.ts";

/** ±5% of a fixed pattern, so that curves are not exactly smooth. */
const wiggle = (i: number) => (((i * 37) % 11) - 5) / 100;

Deno.test("knee relevance: a real bend in a 12-point curve is kept", () => {
  const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
  const ys = xs.map((x, i) =>
    (x <= 512 ? 100 + 0.1 * x : 151.2 + 2 * (x - 512)) * (1 + wiggle(i) / 10)
  );
  const knee = analyzeCurve(xs, ys).knee;
  assert(knee !== null);
  assertAlmostEquals(knee!.x, 512, 1);
});

Deno.test("knee relevance: a smooth n² curve bends somewhere, but has no knee", () => {
  const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
  const ys = xs.map((x) => x * x);
  assert(findKnee(xs, ys) !== null);
  assertEquals(analyzeCurve(xs, ys).knee, null);
});

Deno.test("knee relevance: a flat, noisy curve has no knee", () => {
  const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
  const ys = xs.map((_, i) => 100 * (1 + wiggle(i)));
  assert(findKnee(xs, ys) !== null);
  assertEquals(analyzeCurve(xs, ys).knee, null);
});

Deno.test("knee relevance: fewer than six points, or fewer than two on a side, give no knee", () => {
  const xs5 = [64, 128, 192, 256, 320];
  const ys5 = xs5.map((x) => (x <= 192 ? 100 : 100 + 5 * (x - 192)));
  assert(findKnee(xs5, ys5) !== null);
  assertEquals(analyzeCurve(xs5, ys5).knee, null);
  // A bend before the last point: one point after it.
  const xs8 = Array.from({ length: 8 }, (_, i) => (i + 1) * 64);
  const ys8 = xs8.map((x, i) =>
    x <= 448 ? 100 * (1 + wiggle(i) / 10) : 100 + 10 * (x - 448)
  );
  const raw = findKnee(xs8, ys8)!;
  assertEquals(xs8.filter((x) => x > raw.x).length, 1);
  assertEquals(analyzeCurve(xs8, ys8).knee, null);
});

Deno.test("a growth class needs three distinct points of x ≥ 1 and costs that do not average 0", () => {
  assertEquals(analyzeCurve([1, 2], [1, 4]).complexity, null);
  assertEquals(
    analyzeCurve([1, 2, 3], [1, 4, 9]).complexity?.best.complexity,
    "n^2",
  );
  assertEquals(analyzeCurve([1, 2, 2], [1, 4, 4]).complexity, null);
  assertEquals(analyzeCurve([0.5, 2, 3], [1, 4, 9]).complexity, null);
  assertEquals(analyzeCurve([1, 2, 3], [-1, 0, 1]).complexity, null);
});

Deno.test("curves of unequal lengths are errors", () => {
  assertThrows(
    () => analyzeCurve([1, 2, 3], [1, 2]),
    RangeError,
    "same length",
  );
});
