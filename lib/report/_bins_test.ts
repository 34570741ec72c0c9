import { assertEquals, assertThrows } from "@std/assert";
import { binCounts } from "./_bins.ts";

Deno.test("binCounts puts a value on an inner edge in the upper bin and hi in the last", () => {
  // Width 2.5: edges at 2.5, 5, 7.5; 10 is the closed end of the last bin.
  assertEquals(binCounts([0, 2.5, 4.9, 5, 7.5, 10], 0, 10, 4), {
    counts: [1, 2, 1, 2],
    outside: 0,
  });
});

Deno.test("binCounts counts values outside [lo, hi] apart, in no bin", () => {
  assertEquals(binCounts([-1, 0, 1, 11], 0, 10, 2), {
    counts: [2, 0],
    outside: 2,
  });
});

Deno.test("binCounts refuses an empty range and a bin count that is not a positive integer", () => {
  assertThrows(() => binCounts([1], 1, 1, 4), RangeError, "hi > lo");
  assertThrows(() => binCounts([1], 0, 1, 0), RangeError, "positive integer");
});
