import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { assertClose, reference } from "../../fixtures/stats/reference.ts";
import { mannWhitneyU } from "./mann_whitney.ts";

Deno.test("U and two-sided p match scipy.stats.mannwhitneyu for every reference case", () => {
  for (const c of reference.mann_whitney) {
    const method = c.method as "exact" | "asymptotic";
    const r = mannWhitneyU(c.x, c.y, { method });
    assertEquals(r.method, method, c.name);
    assertClose(r.u, c.u, 1e-12, `${c.name} U`, 1e-9);
    assertClose(r.p, c.p, 1e-9, `${c.name} p`, 1e-300);
  }
});

Deno.test("auto picks exact for small samples without ties and asymptotic with ties", () => {
  assertEquals(mannWhitneyU([1, 2, 3], [4, 5, 6, 7]).method, "exact");
  assertEquals(mannWhitneyU([1, 2, 3], [3, 5, 6, 7]).method, "asymptotic");
  const big = Array.from({ length: 60 }, (_, i) => i);
  const bigger = Array.from({ length: 60 }, (_, i) => i + 0.5);
  assertEquals(mannWhitneyU(big, bigger).method, "asymptotic");
});

Deno.test("fully separated samples of 3 and 4: U = 0 and p = 2/35", () => {
  const r = mannWhitneyU([1, 2, 3], [4, 5, 6, 7]);
  assertEquals([r.u, r.uOther], [0, 12]);
  assertAlmostEquals(r.p, 2 / 35, 1e-15);
  assertEquals(r.probabilityOfSuperiority, 0);
});

Deno.test("every value tied gives p = 1, not NaN", () => {
  const r = mannWhitneyU([5, 5, 5], [5, 5]);
  assertEquals(r.p, 1);
});

Deno.test("exact on tied data, an unknown method and empty samples are errors", () => {
  assertThrows(
    () => mannWhitneyU([1, 2, 2], [3, 4], { method: "exact" }),
    RangeError,
    "without ties",
  );
  assertThrows(
    // @ts-expect-error: testing a bad method from untyped callers
    () => mannWhitneyU([1], [2], { method: "magic" }),
    RangeError,
    '"magic"',
  );
  assertThrows(() => mannWhitneyU([], [1]), RangeError, "x is empty");
});
