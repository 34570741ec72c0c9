import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { fitComplexity } from "./complexity.ts";
import { createRandom } from "./prng.ts";

const sizes = [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

Deno.test("names each class on noiseless curves, with the coefficient back", () => {
  const cases: [string, (n: number) => number][] = [
    ["1", () => 7],
    ["log n", (n) => 3 * Math.log2(n)],
    ["n", (n) => 2 * n],
    ["n log n", (n) => 0.5 * n * Math.log2(n)],
    ["n^2", (n) => 1e-3 * n * n],
    ["n^3", (n) => 1e-9 * n * n * n],
  ];
  for (const [name, f] of cases) {
    const { best } = fitComplexity(sizes, sizes.map(f));
    assertEquals(best.complexity, name);
    assertAlmostEquals(best.rms, 0, 1e-12);
  }
  const { best } = fitComplexity(sizes, sizes.map((n) => 2 * n));
  assertAlmostEquals(best.coefficient, 2, 1e-12);
});

Deno.test("an O(rows²) accumulator with 2% noise fits n² and its O(1)-per-row twin fits n", () => {
  const r = createRandom(1);
  const quadratic = sizes.map((n) =>
    4e-6 * n * n / 64 * (1 + 0.02 * r.nextNormal())
  );
  const linear = sizes.map((n) => 3e-3 * n * (1 + 0.02 * r.nextNormal()));
  const q = fitComplexity(sizes, quadratic);
  const l = fitComplexity(sizes, linear);
  assertEquals(q.best.complexity, "n^2");
  assertEquals(l.best.complexity, "n");
  assertEquals(q.fits.length, 6);
});

Deno.test("normalised RMS is RMS of residuals over the mean of y: a worked example", () => {
  // y = [1, 3] at n = [1, 2]; class n: c = (1·1 + 3·2) / (1 + 4) = 1.4,
  // residuals −0.4 and 0.2, RMS = √0.1, mean 2 → 0.158113883…
  const fit = fitComplexity([1, 2], [1, 3]).fits.find((f) =>
    f.complexity === "n"
  )!;
  assertAlmostEquals(fit.coefficient, 1.4, 1e-12);
  assertAlmostEquals(fit.rms, Math.sqrt(0.1) / 2, 1e-12);
});

Deno.test("mismatched lengths, sizes below 1 and a zero mean are errors", () => {
  assertThrows(() => fitComplexity([1, 2], [1]), RangeError, "need at least 2");
  assertThrows(
    () => fitComplexity([1, 2, 3], [1, 2]),
    RangeError,
    "same length",
  );
  assertThrows(
    () => fitComplexity([0, 2], [1, 2]),
    RangeError,
    "sizes[0] is 0",
  );
  assertThrows(() => fitComplexity([1, 2], [1, -1]), RangeError, "average 0");
});
