import { assert, assertEquals, assertThrows } from "@std/assert";
import { createRandom } from "./prng.ts";

Deno.test("xoshiro128** seeded with 42 matches the C reference implementation", () => {
  // From fixtures/stats/xoshiro128ss_reference.c.
  const random = createRandom(42);
  const outputs = Array.from({ length: 6 }, () => random.nextUint32());
  assertEquals(outputs, [
    2837322924,
    544945897,
    479756282,
    3500138142,
    339756180,
    113173290,
  ]);
});

Deno.test("the same seed gives the same stream, another seed another", () => {
  const a = createRandom(7);
  const b = createRandom(7);
  const c = createRandom(8);
  const xs = Array.from({ length: 100 }, () => a.next());
  assertEquals(xs, Array.from({ length: 100 }, () => b.next()));
  assert(xs.some((x) => x !== c.next()));
});

Deno.test("fillIndices continues the same stream as nextInt", () => {
  const a = createRandom(3);
  const b = createRandom(3);
  const out = new Int32Array(1000);
  a.fillIndices(out, 37);
  const expected = Array.from({ length: 1000 }, () => b.nextInt(37));
  assertEquals(Array.from(out), expected);
  assertEquals(a.nextUint32(), b.nextUint32());
});

Deno.test("nextInt is uniform: chi-square over 10 cells stays below the 0.1% critical value", () => {
  const random = createRandom(11);
  const cells = new Array(10).fill(0);
  const draws = 100_000;
  for (let i = 0; i < draws; i++) cells[random.nextInt(10)]++;
  const expected = draws / 10;
  const chi2 = cells.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert(chi2 < 27.88, `chi-square ${chi2} ≥ 27.88 (df 9, p = 0.001)`);
});

Deno.test("nextNormal has mean 0 and variance 1 within sampling error", () => {
  const random = createRandom(5);
  const n = 200_000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const z = random.nextNormal();
    sum += z;
    squares += z * z;
  }
  const mean = sum / n;
  const variance = squares / n - mean * mean;
  assert(Math.abs(mean) < 0.01, `mean ${mean}`); // 4.5 standard errors
  assert(Math.abs(variance - 1) < 0.015, `variance ${variance}`);
});

Deno.test("a non-finite seed is rejected", () => {
  assertThrows(() => createRandom(NaN), RangeError, "seed must be");
});
