import { assertEquals, assertThrows } from "@std/assert";
import { assertClose, reference } from "../../fixtures/stats/reference.ts";
import { welchTTest } from "./welch.ts";

Deno.test("t, Welch–Satterthwaite df and p match scipy.stats.ttest_ind(equal_var=False)", () => {
  for (const c of reference.welch) {
    const r = welchTTest(c.x, c.y);
    assertClose(r.t, c.t, 1e-9, `${c.name} t`);
    assertClose(r.df, c.df, 1e-9, `${c.name} df`);
    assertClose(r.p, c.p, 1e-8, `${c.name} p`, 1e-300);
  }
});

Deno.test("constant samples give p = 1 when equal and 0 when not, never NaN", () => {
  assertEquals(welchTTest([3, 3, 3], [3, 3]).p, 1);
  const r = welchTTest([3, 3, 3], [4, 4]);
  assertEquals([r.p, r.t], [0, -Infinity]);
});

Deno.test("samples shorter than two are errors", () => {
  assertThrows(() => welchTTest([1], [1, 2]), RangeError, "need at least 2");
});

Deno.test("the standard error is √(s²ₓ/nₓ + s²ᵧ/nᵧ), the t statistic's denominator", () => {
  // var([1, 2, 3, 4]) = 5/3, var([3, 4, 5, 6, 7]) = 5/2.
  const r = welchTTest([1, 2, 3, 4], [3, 4, 5, 6, 7]);
  assertClose(r.standardError, Math.sqrt(5 / 3 / 4 + 5 / 2 / 5), 1e-15, "se");
  assertClose(r.t, r.meanDifference / r.standardError, 1e-15, "t");
  assertEquals(welchTTest([3, 3, 3], [4, 4]).standardError, 0);
});
