import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { findKnee } from "./knee.ts";
import { createRandom } from "./prng.ts";

// Total cost over N events when the per-event cost rises past capacity 502.
const capacity = 502;
const cost = (
  n: number,
) => (n <= capacity ? 2 * n : 2 * capacity + 7 * (n - capacity));

Deno.test("finds a slope change at x = 502 within one grid step, on a grid of 32", () => {
  const xs = Array.from({ length: 40 }, (_, i) => 32 * (i + 1));
  const knee = findKnee(xs, xs.map(cost))!;
  assert(Math.abs(knee.x - capacity) <= 32, `knee at ${knee.x}`);
  assertAlmostEquals(knee.x, capacity, 1e-3); // noiseless: refined exactly
  assertAlmostEquals(knee.slopeBefore, 2, 1e-6);
  assertAlmostEquals(knee.slopeAfter, 7, 1e-6);
  assert(knee.p < 1e-10);
});

Deno.test("with 3% noise and an uneven grid the knee is still within one grid step", () => {
  const r = createRandom(2);
  const xs = [
    16,
    32,
    64,
    128,
    200,
    256,
    300,
    400,
    450,
    500,
    550,
    600,
    700,
    800,
    1024,
    1500,
    2048,
  ];
  const ys = xs.map((x) => cost(x) * (1 + 0.03 * r.nextNormal()));
  const knee = findKnee(xs, ys)!;
  assert(Math.abs(knee.x - capacity) <= 50, `knee at ${knee.x}`);
  assert(knee.slopeAfter > 3 * knee.slopeBefore);
});

Deno.test("a straight line has no significant knee", () => {
  const r = createRandom(3);
  const xs = Array.from({ length: 30 }, (_, i) => i + 1);
  const knee = findKnee(xs, xs.map((x) => 3 * x + 1 + 0.1 * r.nextNormal()))!;
  assert(knee.p > 0.01, `p = ${knee.p}`);
});

Deno.test("input order does not matter", () => {
  const xs = Array.from({ length: 20 }, (_, i) => 50 * (i + 1));
  const a = findKnee(xs, xs.map(cost))!;
  const b = findKnee(xs.toReversed(), xs.map(cost).toReversed())!;
  assertEquals(a.gridX, b.gridX);
});

Deno.test("fewer than four points give null; duplicates and mismatches are errors", () => {
  assertEquals(findKnee([1, 2, 3], [1, 2, 3]), null);
  assertThrows(() => findKnee([1, 2, 2, 3], [1, 2, 3, 4]), RangeError, "twice");
  assertThrows(() => findKnee([1, 2, 3, 4], [1, 2]), RangeError, "same length");
});
