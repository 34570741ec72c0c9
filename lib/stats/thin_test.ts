import { assert, assertEquals, assertThrows } from "@std/assert";
import { ANALYSIS_SAMPLE_LIMIT, createThinner, thinForks } from "./thin.ts";

Deno.test("createThinner keeps the values recorded at multiples of its stride, between half the bound and the bound", () => {
  for (const limit of [1, 2, 3, 10, 1000]) {
    for (const n of [0, 1, limit, limit + 1, 3 * limit + 7, 100_003]) {
      const t = createThinner(limit);
      for (let i = 0; i < n; i++) t.push(i);
      assertEquals(t.recorded, n);
      assert(t.samples.length <= limit, `${limit}/${n}`);
      if (n > limit) assert(t.samples.length >= Math.floor(limit / 2));
      else assertEquals(t.stride, 1);
      // In time order, exactly every stride-th value from the first.
      assertEquals(
        t.samples,
        Array.from({ length: Math.ceil(n / t.stride) }, (_, i) => i * t.stride),
      );
    }
  }
  assertThrows(() => createThinner(0), RangeError, "positive integer");
  assertThrows(() => createThinner(1.5), RangeError);
});

Deno.test("thinForks leaves forks under the limit whole and gives each fork an equal share over it", () => {
  const small = [[1, 2], [3]];
  assertEquals(thinForks(small, 3), {
    forks: small,
    strides: [1, 1],
    total: 3,
    kept: 3,
  });
  const big = [
    Array.from({ length: 100_000 }, (_, i) => i),
    Array.from({ length: 30_000 }, (_, i) => -i),
    [7],
  ];
  const t = thinForks(big);
  assert(t.kept <= ANALYSIS_SAMPLE_LIMIT);
  assertEquals(t.total, 130_001);
  // A share of 16,666 each: strides 7 and 2; the one-sample fork whole.
  assertEquals(t.strides, [7, 2, 1]);
  assertEquals(t.forks.map((f) => f.length), [14_286, 15_000, 1]);
  assertEquals([t.forks[0][1], t.forks[1][2], t.forks[2][0]], [7, -4, 7]);
  assertThrows(
    () => thinForks(big, 2),
    RangeError,
    "at least one sample per fork (3)",
  );
});
