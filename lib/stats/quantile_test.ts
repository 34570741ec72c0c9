import { assertEquals, assertThrows } from "@std/assert";
import { assertClose, reference } from "../../fixtures/stats/reference.ts";
import { quantiles, quantileSorted } from "./quantile.ts";

Deno.test("quantiles match numpy's linear method (R type 7) on every reference dataset", () => {
  for (const { name, data, probs, expected } of reference.quantiles) {
    const actual = quantiles(data, probs);
    actual.forEach((q, i) =>
      assertClose(q, expected[i], 1e-12, `${name} p=${probs[i]}`, 1e-12)
    );
  }
});

Deno.test("the p-quantile sits at rank p·(n−1): worked examples", () => {
  assertEquals(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assertEquals(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
  assertEquals(quantileSorted([10], 0.99), 10);
  assertEquals(quantiles([5, 1, 3], [0, 0.5, 1]), [1, 3, 5]);
});

Deno.test("quantiles reject empty samples, NaN and probabilities outside [0, 1]", () => {
  assertThrows(() => quantiles([], [0.5]), RangeError, "empty");
  assertThrows(() => quantiles([1, NaN], [0.5]), RangeError, "NaN");
  assertThrows(() => quantiles([1, 2], [1.5]), RangeError, "[0, 1], got 1.5");
});
