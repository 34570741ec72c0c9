import { assertEquals, assertThrows } from "@std/assert";
import { assertClose } from "../../fixtures/stats/reference.ts";
import { pairedTTest } from "./paired_t.ts";

Deno.test("t, df and p match scipy.stats.ttest_rel", () => {
  // scipy 1.x: r = stats.ttest_rel(x, y); r.statistic, r.pvalue, r.df
  const cases = [
    {
      name: "small",
      x: [10.1, 11.3, 9.8, 12.0, 10.7],
      y: [11.0, 12.1, 10.2, 13.5, 11.9],
      t: -5.160991973476505,
      p: 0.0066934377897455155,
      df: 4,
    },
    {
      name: "shifted",
      x: [4.61, 4.70, 4.55, 4.68, 4.62, 4.59],
      y: [4.72, 4.79, 4.66, 4.80, 4.71, 4.70],
      t: -20.999999999999822,
      p: 4.536422581335376e-06,
      df: 5,
    },
    {
      name: "noisy",
      x: [1.0, 2.5, 0.7, 3.1, 1.9, 2.2, 0.4, 1.5],
      y: [1.3, 2.1, 1.2, 2.8, 2.6, 1.9, 0.9, 1.1],
      t: -0.4530030092442705,
      p: 0.6642540842636478,
      df: 7,
    },
    {
      name: "two pairs",
      x: [1.0, 2.0],
      y: [1.5, 3.0],
      t: -3.0,
      p: 0.20483276469913345,
      df: 1,
    },
  ];
  for (const c of cases) {
    const r = pairedTTest(c.x, c.y);
    assertClose(r.t, c.t, 1e-9, `${c.name} t`);
    assertClose(r.p, c.p, 1e-8, `${c.name} p`);
    assertEquals(r.df, c.df, `${c.name} df`);
  }
});

Deno.test("the same difference in every pair gives p = 0, no difference p = 1, never NaN", () => {
  const shifted = pairedTTest([2, 3, 5], [1, 2, 4]);
  assertEquals([shifted.p, shifted.t, shifted.meanDifference], [
    0,
    Infinity,
    1,
  ]);
  const same = pairedTTest([1, 2, 4], [1, 2, 4]);
  assertEquals([same.p, same.t, same.standardError], [1, 0, 0]);
});

Deno.test("unpaired lengths, a single pair and non-finite values are errors", () => {
  assertThrows(() => pairedTTest([1, 2, 3], [1, 2]), RangeError, "pair up");
  assertThrows(() => pairedTTest([1], [2]), RangeError, "need at least 2");
  assertThrows(() => pairedTTest([1, NaN], [2, 3]), RangeError, "x[1]");
});
